// The identity provider's pages in a real browser: the relying-party registry (list, register form,
// the page with the one-time secret), the consent page an RP sends a person to, and the account page
// of connected services; each passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { freePort } from '../helpers.js';
import { browserSkipReason, desktop, signIn, startJourney } from './browser.js';

const skip = browserSkipReason();

test('identity pages in Chromium pass axe: registry, consent, connected services', { skip, timeout: 180_000 }, async (t) => {
  const { browser, base, checker } = await startJourney(t);
  // The relying party: a callback page on another loopback port.
  const rpPort = await freePort();
  const RP = `http://127.0.0.1:${rpPort}/cb`;
  const rp = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html lang="en"><title>RP</title><main><h1>RP</h1></main></html>'));
  await new Promise<void>((resolve) => rp.listen(rpPort, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => rp.close(() => resolve())));
  const context = await browser.newContext({ ...desktop, locale: 'zh-TW' });
  const page = await checker.newPage(context);
  let clientId = '';

  await t.test('a platform admin registers a relying party', async () => {
    await signIn(page, base, 'admin@demo.opengov.tw', 'demo-admin-pass');
    await page.goto(`${base}/admin/oidc-clients`);
    await checker.check(page, '60-identity-clients');
    await page.goto(`${base}/admin/oidc-clients/new`);
    await checker.check(page, '61-identity-client-new');
    await page.fill('#field-name', '健康存摺');
    await page.fill('#field-redirectUris', RP);
    await page.locator('label[for="field-scopes-email"]').click();
    await page.locator('label[for="field-claims-email"]').click();
    await page.fill('#field-sector', 'health');
    await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
    assert.match(await page.locator('main').innerText(), /只會顯示這一次/);
    clientId = (await page.locator('main dl dd code').first().innerText()).trim();
    await checker.check(page, '62-identity-client-secret');
  });

  await t.test('the relying party sends the person to the consent page; allowing returns a code', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({ client_id: clientId, redirect_uri: RP, response_type: 'code', scope: 'openid email', state: 'st', code_challenge: challenge, code_challenge_method: 'S256' });
    await page.goto(`${base}/oidc/auth?${query}`);
    assert.match(new URL(page.url()).pathname, /^\/oidc\/interaction\//);
    assert.match(await page.locator('main h1').innerText(), /健康存摺/);
    await checker.check(page, '63-identity-consent');
    await Promise.all([page.waitForURL(`${RP}**`), page.click('button[value="allow"]')]);
    assert.ok(new URL(page.url()).searchParams.get('code'));
  });

  await t.test('the account page lists the service and withdraws consent', async () => {
    await page.goto(`${base}/account/connected-services`);
    assert.match(await page.locator('main').innerText(), /健康存摺/);
    await checker.check(page, '64-identity-connected-services');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    assert.doesNotMatch(await page.locator('main').innerText(), /健康存摺/);
  });

  await t.test('no serious or critical axe violations, no console errors', () => {
    checker.assertClean();
  });
});
