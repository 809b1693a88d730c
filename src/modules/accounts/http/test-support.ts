// Shared steps for the account page tests: read the outbox, sign up, sign in.
import assert from 'node:assert/strict';
import { Browser, type TestApp } from '../../../../test/helpers.js';
import { accountsDb } from '../tables.js';

export const PASSWORD = 'correct horse battery';

/** The newest message of a channel sent to `recipient`. */
export async function lastMessage(t: TestApp, channel: 'email' | 'sms', recipient: string) {
  const row = await accountsDb(t.deps.services.db)
    .selectFrom('outbox_messages')
    .select(['subject', 'body'])
    .where('channel', '=', channel)
    .where('recipient', '=', recipient)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  assert.ok(row, `no ${channel} to ${recipient}`);
  return row;
}

/** The site-relative path of the first link to `path` in the message body. */
export function linkIn(body: string, path: string): string {
  const match = new RegExp(`https?://[^/\\s]+(${path.replace(/[/?]/g, '\\$&')}\\?token=[^\\s]+)`).exec(body);
  assert.ok(match, `no ${path} link in: ${body}`);
  return match[1]!;
}

export async function signUp(t: TestApp, email: string, password = PASSWORD, extra: Record<string, string> = {}) {
  const browser = new Browser(t.app);
  const response = await browser.submit('/signup', '/signup', { email, password, passwordConfirm: password, name: '', nickname: '', privacyConsent: '1', ...extra });
  assert.equal(response.statusCode, 303, response.body);
  assert.equal(response.headers.location, '/account');
  return browser;
}

export async function signIn(t: TestApp, email: string, password = PASSWORD, next?: string) {
  const browser = new Browser(t.app);
  const response = await browser.submit(next ? `/signin?next=${encodeURIComponent(next)}` : '/signin', '/signin', { email, password, next: next ?? '' });
  return { browser, response };
}

/** The text of the page's error summary and field messages, for comparing answers. */
export function errorTexts(html: string): string[] {
  const summary = /id="error-summary">([^]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...summary.matchAll(/<li>(?:<a [^>]*>)?([^<]+)</g), ...html.matchAll(/<span class="usa-error-message"[^>]*>([^<]+)</g)].map((m) => m[1]!);
}
