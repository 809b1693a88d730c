// What the account pages share: rate limits, the `next` guard, form helpers, the session cookie
// hand-off and the layout with the account side navigation.
import type { ComponentChildren } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../../core/actor.js';
import { AppError } from '../../../../core/errors.js';
import { redirectWithFlash } from '../../../../http/views.js';
import type { Flash } from '../../../../http/types.js';
import type { AppDeps } from '../../../../manifest.js';
import type { FormState } from '../../../../web/components.js';
import type { PageContext } from '../../../../web/context.js';
import { Layout, type Crumb } from '../../../../web/layout.js';
import type { NewSession } from '../../actions/sign-in.js';
import { setSessionCookie } from '../auth-plugin.js';

/**
 * Per-IP limits on the endpoints that check secrets or send messages. Generous enough for people
 * behind one shared address (a school, an office), tight enough to make guessing slow; the
 * per-account lockout in account_sign_in is the second line.
 */
export const AUTH_RATE_LIMITS = {
  signIn: { max: 10, timeWindow: 60_000 },
  signUp: { max: 10, timeWindow: 60_000 },
  passwordForgot: { max: 5, timeWindow: 60_000 },
  passwordReset: { max: 10, timeWindow: 60_000 },
  verifyEmail: { max: 10, timeWindow: 60_000 },
  resendVerification: { max: 3, timeWindow: 60_000 },
  mobileSend: { max: 5, timeWindow: 60_000 },
  mobileVerify: { max: 10, timeWindow: 60_000 },
  accountDelete: { max: 5, timeWindow: 60_000 },
} as const;

export const DEFAULT_LANDING = '/account';

/**
 * Where to go after signing in: only a path on this site. Anything that a browser could read as
 * another origin (`//host`, `/\host`, `https:`) or that carries control characters falls back.
 */
export function safeNext(raw: unknown, fallback = DEFAULT_LANDING): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 500) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//')) return fallback;
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || code < 0x20 || code === 0x7f) return fallback;
  }
  try {
    const base = 'http://same.invalid';
    const url = new URL(raw, base);
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot segments can collapse into `//host` once resolved (`/..//evil`), so check the result too.
    if (url.origin !== base || path.startsWith('//')) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

/** The signed-in actor, or UNAUTHENTICATED (which the error handler turns into /signin?next= on GET). */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  return request.actor;
}

/** The raw string of a form field ('' when absent or repeated), for re-rendering and checks. */
export function formText(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** The named form fields for an action: blanks left out so "required" reads as required. */
export function formFields(body: unknown, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!body || typeof body !== 'object') return out;
  for (const name of names) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined || value === '') continue;
    out[name] = value;
  }
  return out;
}

/**
 * Turns an AppError with field messages into a form to re-render (400 invalid, 409 conflict);
 * anything else goes on to the error handler.
 */
export function formFailure(error: unknown, values: Record<string, unknown>): { status: number; state: FormState } {
  if (error instanceof AppError && error.fields.length > 0 && (error.code === 'INVALID' || error.code === 'CONFLICT')) {
    return { status: error.status, state: { values, errors: error.fields } };
  }
  throw error;
}

export const secureCookies = (deps: AppDeps) => deps.services.config.baseUrl.startsWith('https:');

/** Hands a new session to the browser; a session still owing a passkey goes to the second step. */
export function startSession(deps: AppDeps, reply: FastifyReply, session: NewSession, next: string, flash?: Flash): FastifyReply {
  setSessionCookie(reply, session.token, session.expiresAt, secureCookies(deps));
  if (session.mfaPending) return reply.redirect(`/signin/2fa?next=${encodeURIComponent(next)}`, 303);
  return redirectWithFlash(reply, next, flash);
}

const accountSections = [
  { href: '/account', label: 'accounts.nav.profile' },
  { href: '/account/mobile', label: 'accounts.nav.mobile' },
  { href: '/account/sessions', label: 'accounts.nav.sessions' },
  { href: '/account/tokens', label: 'accounts.nav.tokens' },
  { href: '/account/passkeys', label: 'accounts.nav.passkeys' },
  { href: '/account/delete', label: 'accounts.nav.delete' },
];

/** Layout for the signed-in account pages: breadcrumbs and a side navigation between sections. */
export function AccountLayout({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const crumbs: Crumb[] = ctx.path === '/account' ? [{ label: ctx.t('accounts.account_title') }] : [{ href: '/account', label: ctx.t('accounts.account_title') }, { label: title }];
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs}>
      <div class="grid-row grid-gap">
        <div class="desktop:grid-col-3">
          <nav aria-label={ctx.t('accounts.nav.label')}>
            <ul class="usa-sidenav">
              {accountSections.map((s) => (
                <li class="usa-sidenav__item">
                  <a href={s.href} class={ctx.path === s.href ? 'usa-current' : undefined} aria-current={ctx.path === s.href ? 'page' : undefined}>
                    {ctx.t(s.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <div class="desktop:grid-col-9">{children}</div>
      </div>
    </Layout>
  );
}

/** A narrow single-column layout for the signed-out forms (sign-in, sign-up, password). */
export function FormLayout({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: title }]}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-6">{children}</div>
      </div>
    </Layout>
  );
}
