// Signed-in sessions and personal API tokens.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { runAction } from '../../../../http/actions.js';
import { pageContext, redirectWithFlash, sendPage } from '../../../../http/views.js';
import type { AppDeps } from '../../../../manifest.js';
import { ActionForm, DataTable, DateText, EmptyState, ErrorSummary, Field, PaginatedList, PostForm, SubmitButton, emptyForm, type FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { sessionList, sessionRevoke } from '../../actions/sign-in.js';
import { apiTokenCreate, apiTokenList, apiTokenRevoke, defaultTokenDays } from '../../actions/tokens.js';
import { clearSessionCookie } from '../auth-plugin.js';
import { AccountLayout, formFailure, formFields, formText, requireActor } from './shared.js';

type SessionRow = Awaited<ReturnType<typeof sessionList.run>>[number];
type TokenRow = Awaited<ReturnType<typeof apiTokenList.run>>[number];
type NewToken = Awaited<ReturnType<typeof apiTokenCreate.run>>;

/** "Chrome · Windows" from a user-agent string: enough to recognise a device, short enough for a table. */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = [
    [/Edg(e|A|iOS)?\//, 'Edge'],
    [/OPR\/|Opera/, 'Opera'],
    [/Firefox\/|FxiOS\//, 'Firefox'],
    [/Chrome\/|CriOS\//, 'Chrome'],
    [/Version\/[\d.]+.*Safari\//, 'Safari'],
  ].find(([pattern]) => (pattern as RegExp).test(ua))?.[1] as string | undefined;
  const os = [
    [/Windows/, 'Windows'],
    [/iPhone|iPad|iPod/, 'iOS'],
    [/Android/, 'Android'],
    [/CrOS/, 'ChromeOS'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/Linux/, 'Linux'],
  ].find(([pattern]) => (pattern as RegExp).test(ua))?.[1] as string | undefined;
  if (!browser && !os) return ua.length > 60 ? `${ua.slice(0, 57)}...` : ua;
  return [browser, os].filter(Boolean).join(' · ');
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

function SessionsPage({ ctx, sessions }: { ctx: PageContext; sessions: SessionRow[] }) {
  const title = ctx.t('accounts.sessions_title');
  return (
    <AccountLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{ctx.t('accounts.sessions_intro')}</p>
      {sessions.length === 0 ? (
        <EmptyState ctx={ctx} />
      ) : (
        <DataTable<SessionRow>
          caption={title}
          rows={sessions}
          columns={[
            {
              header: ctx.t('accounts.session.device'),
              cell: (s) => (
                <>
                  <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent) ?? ctx.t('accounts.session.unknown_device')}</span>
                  {s.current && (
                    <>
                      {' '}
                      <span class="usa-tag">{ctx.t('accounts.session.current')}</span>
                    </>
                  )}
                </>
              ),
            },
            { header: ctx.t('accounts.session.ip'), cell: (s) => s.ip ?? '—' },
            { header: ctx.t('accounts.session.signed_in_at'), cell: (s) => <DateText ctx={ctx} value={s.createdAt} withTime /> },
            { header: ctx.t('accounts.session.last_seen'), cell: (s) => <DateText ctx={ctx} value={s.lastSeenAt} withTime /> },
            {
              header: ctx.t('accounts.actions'),
              cell: (s) => (
                <ActionForm ctx={ctx} action={`/account/sessions/${encodeURIComponent(s.id)}/revoke`} class="og-inline-form">
                  <button type="submit" class="usa-button usa-button--outline usa-button--small">
                    {ctx.t(s.current ? 'layout.sign_out' : 'accounts.session.revoke')}
                    <span class="usa-sr-only">
                      {' '}
                      {describeUserAgent(s.userAgent) ?? ctx.t('accounts.session.unknown_device')}
                    </span>
                  </button>
                </ActionForm>
              ),
            },
          ]}
        />
      )}
    </AccountLayout>
  );
}

function TokensPage({ ctx, tokens, state, created, maxDays }: { ctx: PageContext; tokens: TokenRow[]; state: FormState; created?: NewToken; maxDays: number }) {
  const title = ctx.t('accounts.tokens_title');
  return (
    <AccountLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{ctx.t('accounts.tokens_intro')}</p>
      {created && (
        <div class="usa-alert usa-alert--warning" role="alert">
          <div class="usa-alert__body">
            <h2 class="usa-alert__heading">{ctx.t('accounts.token_created', { name: created.name })}</h2>
            <p class="usa-alert__text">{ctx.t('accounts.token_copy_warning')}</p>
            <p>
              <code class="og-token" id="new-token">
                {created.token}
              </code>
            </p>
            <p class="usa-alert__text">{ctx.t('accounts.token_usage')}</p>
            <p class="usa-alert__text">
              {ctx.t('accounts.token_expires_on')} <DateText ctx={ctx} value={created.expiresAt} withTime />
            </p>
          </div>
        </div>
      )}
      <section aria-labelledby="token-list-heading">
        <h2 id="token-list-heading">{ctx.t('accounts.tokens_list_heading')}</h2>
        <PaginatedList ctx={ctx} total={tokens.length} emptyMessage={ctx.t('accounts.tokens_empty')}>
          <DataTable<TokenRow>
            caption={ctx.t('accounts.tokens_list_heading')}
            rows={tokens}
            columns={[
              { header: ctx.t('accounts.token.name'), cell: (tk) => tk.name },
              { header: ctx.t('accounts.token.created_at'), cell: (tk) => <DateText ctx={ctx} value={tk.createdAt} withTime /> },
              { header: ctx.t('accounts.token.last_used'), cell: (tk) => (tk.lastUsedAt ? <DateText ctx={ctx} value={tk.lastUsedAt} withTime /> : ctx.t('accounts.token.never_used')) },
              {
                header: ctx.t('accounts.token.expires_at'),
                cell: (tk) =>
                  tk.expired || !tk.expiresAt ? <span class="usa-tag">{ctx.t('accounts.token.expired')}</span> : <DateText ctx={ctx} value={tk.expiresAt} withTime />,
              },
              {
                header: ctx.t('accounts.actions'),
                cell: (tk) => (
                  <ActionForm ctx={ctx} action={`/account/tokens/${encodeURIComponent(tk.id)}/revoke`} class="og-inline-form">
                    <button type="submit" class="usa-button usa-button--outline usa-button--small">
                      {ctx.t('accounts.token.revoke')}
                      <span class="usa-sr-only"> {tk.name}</span>
                    </button>
                  </ActionForm>
                ),
              },
            ]}
          />
        </PaginatedList>
      </section>
      <section aria-labelledby="token-new-heading">
        <h2 id="token-new-heading">{ctx.t('accounts.token_new_heading')}</h2>
        <ErrorSummary ctx={ctx} state={state} />
        <PostForm ctx={ctx} action="/account/tokens">
          <Field ctx={ctx} state={state} name="name" label={ctx.t('accounts.token.name')} hint={ctx.t('accounts.hint.token_name')} required maxLength={100} />
          <Field
            ctx={ctx}
            state={state}
            name="expiresInDays"
            type="number"
            inputMode="numeric"
            min="1"
            max={String(maxDays)}
            label={ctx.t('accounts.token.expires_in_days')}
            hint={ctx.t('accounts.hint.token_expiry', { max: maxDays })}
            required
          />
          <SubmitButton>{ctx.t('accounts.token_create_button')}</SubmitButton>
        </PostForm>
      </section>
    </AccountLayout>
  );
}

export async function securityPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const sessionsPage = '/account/sessions';
  const tokensPage = '/account/tokens';

  app.get(sessionsPage, async (request, reply) => {
    requireActor(request);
    const sessions = await runAction(deps, request, sessionList, {});
    return sendPage(reply, <SessionsPage ctx={pageContext(request, reply)} sessions={sessions} />);
  });

  app.post<{ Params: { id: string } }>('/account/sessions/:id/revoke', { schema: { hide: true, params: IdParams }, config: { runs: [sessionRevoke] } }, async (request, reply) => {
    const actor = requireActor(request);
    await runAction(deps, request, sessionRevoke, { sessionId: request.params.id });
    if (actor.sessionId === request.params.id) {
      clearSessionCookie(reply);
      return redirectWithFlash(reply, '/', { kind: 'info', message: 'accounts.flash.signed_out' });
    }
    return redirectWithFlash(reply, sessionsPage, { kind: 'success', message: 'accounts.flash.session_revoked' });
  });

  const maxDays = deps.services.config.apiTokenMaxDays;
  const newTokenForm = () => emptyForm({ expiresInDays: String(defaultTokenDays(maxDays)) });

  app.get(tokensPage, async (request, reply) => {
    requireActor(request);
    const tokens = await runAction(deps, request, apiTokenList, {});
    return sendPage(reply, <TokensPage ctx={pageContext(request, reply)} tokens={tokens} state={newTokenForm()} maxDays={maxDays} />);
  });

  // The new secret is shown in this response and nowhere else: not in a flash cookie, not in a URL.
  app.post(tokensPage, { config: { runs: [apiTokenCreate, apiTokenList] } }, async (request, reply) => {
    requireActor(request);
    let created: NewToken;
    try {
      const input = formFields(request.body, ['name', 'expiresInDays']);
      // A number field arrives as text; anything but digits is left for the validator to refuse.
      if (typeof input.expiresInDays === 'string' && /^\d{1,6}$/.test(input.expiresInDays)) input.expiresInDays = Number(input.expiresInDays);
      created = await runAction(deps, request, apiTokenCreate, input);
    } catch (error) {
      const failed = formFailure(error, { name: formText(request.body, 'name'), expiresInDays: formText(request.body, 'expiresInDays') });
      const tokens = await runAction(deps, request, apiTokenList, {});
      return sendPage(reply, <TokensPage ctx={pageContext(request, reply)} tokens={tokens} state={failed.state} maxDays={maxDays} />, failed.status);
    }
    const tokens = await runAction(deps, request, apiTokenList, {});
    return sendPage(reply, <TokensPage ctx={pageContext(request, reply)} tokens={tokens} state={newTokenForm()} created={created} maxDays={maxDays} />, 201);
  });

  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', { schema: { hide: true, params: IdParams }, config: { runs: [apiTokenRevoke] } }, async (request, reply) => {
    requireActor(request);
    await runAction(deps, request, apiTokenRevoke, { tokenId: request.params.id });
    return redirectWithFlash(reply, tokensPage, { kind: 'success', message: 'accounts.flash.token_revoked' });
  });
}
