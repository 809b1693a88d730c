// Scenes for the identity tests: people signed in to the platform by a given method, a cookie-keeping
// HTTP client that follows nothing by itself (each redirect is a step the test checks).
import type { Role } from '../../../core/actor.js';
import type { AnyDb } from '../../../core/db/types.js';
import { hashToken, newId, randomToken } from '../../../core/ids.js';
import { allTables } from '../../../../test/all-tables.js';

export interface Person {
  userId: string;
  email: string;
  sessionToken: string;
}

export async function signedInPerson(
  db: AnyDb,
  now: Date,
  options: { methods?: string; name?: string; mobile?: string | null; role?: Role; agencyId?: string | null } = {},
): Promise<Person> {
  const userId = newId();
  const email = `person-${userId.slice(-8)}@example.tw`;
  const at = now.toISOString();
  await allTables(db)
    .insertInto('users')
    .values({
      id: userId,
      email,
      email_verified_at: at,
      password_hash: null,
      role: options.role ?? 'citizen',
      agency_id: options.agencyId ?? null,
      name: options.name ?? '王小明',
      nickname: null,
      phone: null,
      // A verified number belongs to one account (users_verified_mobile), so each person gets their own.
      mobile: options.mobile === undefined ? `09${String(parseInt(userId.replace(/-/g, '').slice(-8), 16) % 100_000_000).padStart(8, '0')}` : options.mobile,
      mobile_verified_at: at,
      address: null,
      nationality: 'roc',
      birth_year: null,
      preferred_locale: null,
      failed_logins: 0,
      locked_until: null,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    })
    .execute();
  const sessionToken = randomToken();
  await allTables(db)
    .insertInto('sessions')
    .values({
      id: newId(),
      user_id: userId,
      token_hash: hashToken(sessionToken),
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      ip: null,
      user_agent: null,
      revoked_at: null,
      mfa_pending: 0,
      webauthn_challenge: null,
      sign_in_methods: options.methods ?? 'pwd',
    })
    .execute();
  return { userId, email, sessionToken };
}

/** A browser without a browser: cookies by name (paths ignored), redirects returned, not followed. */
export class CookieClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.base);
    const headers = new Headers(init.headers);
    if (target.origin === new URL(this.base).origin && this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects on this origin; stops at the first page (2xx/4xx) or a redirect elsewhere. */
  async follow(url: string | URL, init: RequestInit = {}): Promise<{ response: Response; url: URL }> {
    let current = new URL(url, this.base);
    let response = await this.fetch(current, init);
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get('location')!, current);
      if (next.origin !== new URL(this.base).origin) return { response, url: next };
      current = next;
      response = await this.fetch(current);
    }
    return { response, url: current };
  }

  /** Posts a page's form: the fields of the form whose action is `action`, plus `fields`. */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<{ response: Response; url: URL }> {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    const body = new URLSearchParams({ ...(csrf && { _csrf: csrf }), ...fields });
    return this.follow(action, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}
