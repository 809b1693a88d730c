import type { PageContext } from './context.js';
import { Layout } from './layout.js';

export function ErrorPage({ ctx, title, message }: { ctx: PageContext; title: string; message: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{message}</p>
      <p>
        <a class="usa-button" href="/">
          {ctx.t('error.back_home')}
        </a>
      </p>
    </Layout>
  );
}
