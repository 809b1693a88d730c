// Signing in with the mobile citizen certificate in Chromium, on a phone: another opengov process is
// the external provider (the person is signed in there at level 3), this platform its relying party.
// A signed-in citizen links the certificate; signed out, the certificate alone signs them in; a
// failure page; in zh-TW and en; axe on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/core/config.js';
import { systemActor } from '../../src/core/actor.js';
import { hashToken } from '../../src/core/ids.js';
import { migrate, openPlatform } from '../../src/platform.js';
import { oidcClientCreate } from '../../src/modules/identity/manifest.js';
import { bindPerson } from '../../src/modules/identity/bindings.js';
import { signedInPerson } from '../../src/modules/identity/test/support.js';
import { allTables } from '../all-tables.js';
import { freePort } from '../helpers.js';
import { startOpengovServers, type RunningProcess } from '../processes.js';
import { browserSkipReason, launchBrowser, PageChecker, phone, signIn, startApp } from './browser.js';

const skip = browserSkipReason();
const SECRET = 'e2e-federation-provider-secret-0123456789';

test('the mobile citizen certificate in Chromium: link, sign in, a failure page; zh-TW and en; axe', { skip, timeout: 300_000 }, async (t) => {
  // The provider: its own database, a relying-party registration for this platform, a person signed in at level 3.
  const providerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-e2e-idp-'));
  t.after(() => fs.rmSync(providerDir, { recursive: true, force: true }));
  const provider = openPlatform(loadConfig({ NODE_ENV: 'test', SECRET, DATA_DIR: providerDir, LOG_LEVEL: 'silent' }));
  await migrate(provider.services);
  const rpPort = await freePort();
  const rpBase = `http://localhost:${rpPort}`;
  const registered = await provider.deps.registry.call(
    oidcClientCreate,
    { name: '開放政府平臺', redirectUris: [`${rpBase}/signin/mobile-id/callback`], scopes: ['openid', 'profile', 'nationality', 'national_id'], claims: ['name', 'nationality_verified', 'residence_verified', 'national_id'], sector: 'opengov', authMethod: 'client_secret_basic' },
    { actor: systemActor('cli') },
  );
  const now = new Date();
  const person = await signedInPerson(provider.services.db, now, { name: '王小明' });
  await allTables(provider.services.db).updateTable('sessions').set({ asserted_acr: 'urn:opengov:loa:3' }).where('token_hash', '=', hashToken(person.sessionToken)).execute();
  await bindPerson(provider.services.db, SECRET, { person: { nationalId: 'A123456789', nationality: 'roc', residence: 'TW-TPE' }, userId: person.userId, source: 'certificate', now });
  provider.services.cache.close();
  await provider.dbHandle.close();
  const servers = await startOpengovServers(1, { PATH: process.env.PATH, NODE_ENV: 'production', SECRET, DATA_DIR: providerDir, LOG_LEVEL: 'warn', JOBS: 'false' });
  t.after(() => servers.stop());
  const idp = servers.processes[0] as RunningProcess;

  const running = await startApp({
    port: rpPort,
    hostname: 'localhost',
    env: { FEDERATION_ISSUER: idp.base, FEDERATION_CLIENT_ID: registered.client.clientId, FEDERATION_CLIENT_SECRET: registered.clientSecret!, FEDERATION_TIMEOUT_MS: '20000' },
  });
  t.after(() => running.close());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const checker = new PageChecker();
  const context = await browser.newContext({ ...phone, locale: 'zh-TW' });
  await context.addCookies([{ name: 'og_session', value: person.sessionToken, url: idp.base }]);
  const page = await checker.newPage(context);

  try {
    await t.test('a signed-in citizen links the certificate and comes back to the page they were on', async () => {
      await signIn(page, rpBase, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
      await page.goto(`${rpBase}/signin/mobile-id?next=${encodeURIComponent('/account')}`);
      await checker.check(page, '70-federation-link');
      await Promise.all([page.waitForURL(`${idp.base}/oidc/interaction/**`), page.click('main a.usa-button')]);
      await checker.check(page, '71-federation-provider-consent');
      await Promise.all([page.waitForURL(`${rpBase}/account**`), page.click('button[value="allow"]')]);
      assert.match(await page.locator('main').innerText(), /已驗證你的身分/);
      await checker.check(page, '72-federation-linked');
    });

    await t.test('signed out, the sign-in page offers the certificate and it signs the citizen in', async () => {
      // The phone layout folds the navigation away: submit its sign-out form as the button would.
      await Promise.all([page.waitForNavigation(), page.evaluate(() => (document.querySelector('form[action="/signout"]') as HTMLFormElement).submit())]);
      await page.goto(`${rpBase}/signin?next=${encodeURIComponent('/proposals')}`);
      await checker.check(page, '73-signin-with-mobile-id');
      await Promise.all([page.waitForURL(`${rpBase}/proposals**`), page.click('main a.usa-button[href^="/signin/mobile-id/start"]')]);
      assert.match(await page.locator('main').innerText(), /已以行動自然人憑證登入/);
    });

    await t.test('a callback this browser did not start: the failure page, in both languages', async () => {
      await page.goto(`${rpBase}/signin/mobile-id/callback?state=forged&code=x`);
      assert.match(await page.locator('main h1').innerText(), /無法確認這次登入/);
      await checker.check(page, '74-federation-failure');
      await page.goto(`${rpBase}/signin/mobile-id/callback?state=forged&code=x&lang=en`);
      assert.match(await page.locator('main h1').innerText(), /This sign-in could not be confirmed/);
      await checker.check(page, '75-federation-failure-en');
      await page.goto(`${rpBase}/signin/mobile-id`);
      assert.match(await page.locator('main h1').innerText(), /Sign in with the mobile citizen certificate/);
      await checker.check(page, '76-federation-choice-en');
    });

    await t.test('no serious or critical axe violations, no console errors', () => {
      checker.assertClean();
    });
  } catch (error) {
    throw servers.withLogs(error);
  }
});
