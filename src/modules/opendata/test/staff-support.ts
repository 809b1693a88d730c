// Signed-in cookie jars and multipart posts for the staff and community page tests.
import assert from 'node:assert/strict';
import { admin, Browser, type TestApp } from '../../../../test/helpers.js';
import type { Role } from '../../../core/actor.js';
import { accountSignIn } from '../../accounts/manifest.js';
import { userCreate } from '../../accounts/manifest.js';
import { SESSION_COOKIE } from '../../accounts/test-support.js';

const PASSWORD = 'staff-pages-password-1';

export async function signedIn(t: TestApp, email: string, role: Role, agencyCode?: string, nickname?: string): Promise<Browser> {
  await t.deps.registry.call(userCreate, { email, password: PASSWORD, role, ...(agencyCode ? { agencyCode } : {}), name: nickname ?? email.split('@')[0], nickname: nickname ?? email.split('@')[0] }, { actor: admin });
  const result = await t.deps.registry.call(accountSignIn, { email, password: PASSWORD }, { actor: null });
  assert.ok(result.ok, `sign-in for ${email} failed`);
  const browser = new Browser(t.app);
  browser.setCookie(SESSION_COOKIE, result.session.token);
  return browser;
}

export interface FilePart {
  filename: string;
  data: Buffer;
}

/** Fetches formUrl for its CSRF token, then posts the fields as multipart/form-data. */
export async function submitMultipart(browser: Browser, formUrl: string, action: string, fields: Record<string, string | FilePart>) {
  const page = await browser.get(formUrl);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  assert.ok(token, `no CSRF token on ${formUrl} (${page.statusCode})`);
  const boundary = '----opengov-test-boundary';
  const chunks: Buffer[] = [];
  const all: Record<string, string | FilePart> = { _csrf: token!, ...fields };
  for (const [name, value] of Object.entries(all)) {
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), value.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return browser.request({ method: 'POST', url: action, payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

/** The text of the error message beside a form field. */
export function fieldError(html: string, field: string): string | null {
  const match = new RegExp(`id="field-${field.replace(/\./g, '\\.')}-error"[^>]*>([^<]*)<`).exec(html);
  return match ? match[1]!.trim() : null;
}
