import type { PageContext } from './context.js';
import { Layout } from './layout.js';

export function ErrorPage({ ctx, title, message, action }: { ctx: PageContext; title: string; message: string; action?: { href: string; label: string } }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{message}</p>
      <p>
        {action && (
          <a class="usa-button" href={action.href}>
            {action.label}
          </a>
        )}
        <a class={action ? 'usa-button usa-button--outline' : 'usa-button'} href="/">
          {ctx.t('error.back_home')}
        </a>
      </p>
    </Layout>
  );
}
