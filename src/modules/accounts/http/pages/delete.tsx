// Account deletion: says plainly what is erased and what stays, then asks for the password.
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ErrorSummary, Field, PostForm, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { accountDelete } from '../../actions/profile.js';
import { clearSessionCookie } from '../auth-plugin.js';
import { AUTH_RATE_LIMITS, AccountLayout, formFailure, formFields, requireActor } from './shared.js';

function DeletePage({ ctx, state }: { ctx: PageContext; state: FormState }) {
  const title = ctx.t('accounts.delete_title');
  return (
    <AccountLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{ctx.t('accounts.delete_intro')}</p>
      <h2>{ctx.t('accounts.delete_erased_heading')}</h2>
      <ul class="usa-list">
        <li>{ctx.t('accounts.delete_erased_personal')}</li>
        <li>{ctx.t('accounts.delete_erased_access')}</li>
      </ul>
      <h2>{ctx.t('accounts.delete_kept_heading')}</h2>
      <ul class="usa-list">
        <li>{ctx.t('accounts.delete_kept_public')}</li>
        <li>{ctx.t('accounts.delete_kept_audit')}</li>
      </ul>
      <p>{ctx.t('accounts.delete_kept_why')}</p>
      <h2>{ctx.t('accounts.delete_confirm_heading')}</h2>
      <ErrorSummary ctx={ctx} state={state} />
      <PostForm ctx={ctx} action="/account/delete">
        <Field ctx={ctx} state={state} name="password" type="password" label={ctx.t('accounts.field.current_password')} hint={ctx.t('accounts.hint.delete_password')} autocomplete="current-password" required maxLength={200} />
        <button type="submit" class="usa-button usa-button--secondary">
          {ctx.t('accounts.delete_button')}
        </button>
      </PostForm>
      <p>
        <a href="/account">{ctx.t('accounts.delete_cancel')}</a>
      </p>
    </AccountLayout>
  );
}

export async function deletePages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/account/delete', async (request, reply) => {
    requireActor(request);
    return sendPage(reply, <DeletePage ctx={pageContext(request, reply)} state={emptyForm()} />);
  });

  app.post('/account/delete', { config: { rateLimit: AUTH_RATE_LIMITS.accountDelete, runs: [accountDelete] } }, async (request, reply) => {
    requireActor(request);
    try {
      await runAction(deps, request, accountDelete, formFields(request.body, ['password']));
    } catch (error) {
      const failed = formFailure(error, {});
      return sendPage(reply, <DeletePage ctx={pageContext(request, reply)} state={failed.state} />, failed.status);
    }
    clearSessionCookie(reply);
    return redirectWithFlash(reply, '/', { kind: 'success', message: 'accounts.flash.account_deleted' });
  });
}
