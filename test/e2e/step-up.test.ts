// Step-up in a real browser: a citizen signed in with a password opens the proposal form, is sent to
// the step-up sign-in, gets a code by SMS, mistypes it once, then confirms and is back on the form; a
// relying party that requires level 2 sends the same kind of session through the step-up inside the
// authorization and receives its code. Every page is checked with axe, in zh-TW and in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { systemActor } from '../../src/core/actor.js';
import { oidcClientCreate } from '../../src/modules/identity/actions/clients.js';
import { freePort } from '../helpers.js';
import { browserSkipReason, desktop, lastSmsTo, phone, signIn, startJourney, stepUpWithSms } from './browser.js';

const skip = browserSkipReason();
const CITIZEN = { email: 'citizen@demo.opengov.tw', password: 'demo-citizen-pass', mobile: '0912345678' };

test('step-up to level 2 in Chromium: from the proposal form and back; inside an OIDC authorization', { skip, timeout: 240_000 }, async (t) => {
  const { running, browser, base, checker } = await startJourney(t);

  await t.test('the proposal form sends a password sign-in through password + SMS code and back to the form', async () => {
    const page = await checker.newPage(await browser.newContext({ ...phone, locale: 'zh-TW' }));
    await signIn(page, base, CITIZEN.email, CITIZEN.password);
    await page.goto(`${base}/proposals/new`);
    assert.equal(new URL(page.url()).pathname, '/step-up');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/proposals/new');
    assert.match(await page.locator('main h1').innerText(), /再次確認身分/);
    await checker.check(page, 'step-up-01-page');
    await Promise.all([page.waitForNavigation(), page.click('form[action^="/step-up/code"] button[type="submit"]')]);
    assert.match((await page.textContent('.og-flashes')) ?? '', /驗證碼已寄到 0912 \*\*\* 678/);
    await checker.check(page, 'step-up-02-sent');
    const code = /(\d{6})/.exec(await lastSmsTo(running.deps, CITIZEN.mobile))![1]!;
    await page.fill('#field-password', CITIZEN.password);
    await page.fill('#field-code', code === '000000' ? '111111' : '000000');
    await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
    assert.match((await page.textContent('#error-summary')) ?? '', /驗證碼不正確/);
    await checker.check(page, 'step-up-03-wrong-code');
    await page.fill('#field-password', CITIZEN.password);
    await page.fill('#field-code', code);
    await Promise.all([page.waitForNavigation(), page.click('main form.usa-form button[type="submit"]')]);
    assert.equal(new URL(page.url()).pathname, '/proposals/new', 'back on the form');
    assert.match((await page.textContent('.og-flashes')) ?? '', /已確認您的身分/);
    assert.ok(await page.locator('#field-title').isVisible(), 'the proposal form itself');
  });

  await t.test('the step-up page in English', async () => {
    const page = await checker.newPage(await browser.newContext({ ...desktop, locale: 'en' }));
    await signIn(page, base, CITIZEN.email, CITIZEN.password);
    await page.goto(`${base}/proposals/new?lang=en`);
    assert.equal(new URL(page.url()).pathname, '/step-up');
    assert.match(await page.locator('main h1').innerText(), /Confirm who you are/);
    await checker.check(page, 'step-up-04-page-en');
    await stepUpWithSms(page, running.deps, CITIZEN.mobile, CITIZEN.password, async (step) => {
      if (step === 'sent') await checker.check(page, 'step-up-05-sent-en');
    });
    assert.equal(new URL(page.url()).pathname, '/proposals/new');
  });

  await t.test('a relying party requiring level 2: the step-up happens inside the authorization', async () => {
    const rpPort = await freePort();
    const RP = `http://127.0.0.1:${rpPort}/cb`;
    const rp = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html lang="en"><title>RP</title><main><h1>RP</h1></main></html>'));
    await new Promise<void>((resolve) => rp.listen(rpPort, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => rp.close(() => resolve())));
    const created = (await running.deps.registry.call(
      oidcClientCreate,
      { name: '長照服務', redirectUris: [RP], postLogoutRedirectUris: [], scopes: ['openid', 'email'], claims: ['email'], sector: 'care', authMethod: 'client_secret_basic', minAcr: 'urn:opengov:loa:2' },
      { actor: systemActor('cli') },
    )) as { client: { clientId: string } };
    const page = await checker.newPage(await browser.newContext({ ...desktop, locale: 'zh-TW' }));
    await signIn(page, base, CITIZEN.email, CITIZEN.password);
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const query = new URLSearchParams({ client_id: created.client.clientId, redirect_uri: RP, response_type: 'code', scope: 'openid email', state: 'st', code_challenge: challenge, code_challenge_method: 'S256' });
    await page.goto(`${base}/oidc/auth?${query}`);
    assert.equal(new URL(page.url()).pathname, '/step-up', 'sent to the step-up, not refused');
    assert.match(new URL(page.url()).searchParams.get('next') ?? '', /^\/oidc\/interaction\//);
    await stepUpWithSms(page, running.deps, CITIZEN.mobile, CITIZEN.password, async (step) => {
      if (step === 'page') await checker.check(page, 'step-up-06-oidc');
    });
    assert.match(new URL(page.url()).pathname, /^\/oidc\/interaction\//, 'back in the authorization');
    assert.match(await page.locator('main h1').innerText(), /長照服務/);
    await checker.check(page, 'step-up-07-oidc-consent');
    await Promise.all([page.waitForURL(`${RP}**`), page.click('button[value="allow"]')]);
    assert.ok(new URL(page.url()).searchParams.get('code'));
  });

  checker.assertClean();
});
