// Citizen-certificate sign-in in a real browser with Playwright's client certificates: the listener on
// its own port, certificates from the test CA (valid, expired, revoked, another CA). The unbound page,
// binding to the signed-in demo citizen, the level-3 sign-in afterwards and each refusal page, in both
// languages, pass axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { migrate, openPlatform, seedDemo } from '../../src/platform.js';
import { initCa, issueCitizenCertificate, revokeCertificate } from '../../src/modules/identity/certificates/test-ca.js';
import { startCertificateListener } from '../../src/modules/identity/certificates/listener.js';
import { freePort } from '../helpers.js';
import { browserSkipReason, desktop, launchBrowser, PageChecker, signIn } from './browser.js';

const skip = browserSkipReason();
const PASSWORD = 'opengov';

test('certificate sign-in in Chromium with client certificates: unbound, bind, sign in, refusals; axe in both languages', { skip, timeout: 240_000 }, async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-e2e-cert-'));
  const caDir = path.join(dataDir, 'identity-ca');
  await initCa({ dir: caDir, listenerHosts: ['localhost', '127.0.0.1'] });
  const issue = (name: string, extra: Partial<Parameters<typeof issueCitizenCertificate>[0]> = {}) =>
    issueCitizenCertificate({ dir: caDir, nationalId: `A1${name.length}0000099`, commonName: name, citizenship: 'TW', residence: 'TW', out: path.join(dataDir, name), password: PASSWORD, ...extra });
  const valid = await issue('valid', { nationalId: 'F123456789' });
  const expired = await issue('expired', { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
  const revoked = await issue('revoked', { nationalId: 'G123456789' });
  await revokeCertificate({ dir: caDir, serial: revoked.serial });
  const otherDir = path.join(dataDir, 'other-ca');
  await initCa({ dir: otherDir, commonName: 'Someone Else CA' });
  const stranger = await issueCitizenCertificate({ dir: otherDir, nationalId: 'H123456789', commonName: 'stranger', citizenship: 'TW', residence: 'TW', out: path.join(dataDir, 'stranger'), password: PASSWORD });

  const port = await freePort();
  const certPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const listenerOrigin = `https://127.0.0.1:${certPort}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'opengov.db')}`,
    SECRET: 'e2e-secret-0123456789-0123456789-abcdef',
    BASE_URL: base,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    JOBS: 'false',
    IDENTITY_CA_DIR: caDir,
    IDENTITY_CERT_PORT: String(certPort),
    IDENTITY_CERT_URL: listenerOrigin,
  });
  const platform = openPlatform(config);
  await migrate(platform.services);
  await seedDemo(platform.deps);
  const { app } = await buildApp(platform.services);
  await app.listen({ port, host: '127.0.0.1' });
  const listener = await startCertificateListener(platform.services);
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await listener?.close();
    await app.close();
    await platform.dbHandle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const checker = new PageChecker();
  const withCertificate = (issued: { p12: string }, locale: string): Promise<BrowserContext> =>
    browser.newContext({ ...desktop, locale, ignoreHTTPSErrors: true, clientCertificates: [{ origin: listenerOrigin, pfxPath: issued.p12, passphrase: PASSWORD }] });

  await t.test('signed out with an unbound certificate: the page says to sign in first', async () => {
    for (const [locale, heading] of [['zh-TW', /尚未綁定帳號/], ['en', /not linked to an account/]] as const) {
      const context = await withCertificate(valid, locale);
      const page = await checker.newPage(context);
      await page.goto(`${base}/signin${locale === 'en' ? '?lang=en' : ''}`);
      await Promise.all([page.waitForURL(`${base}/signin/certificate/complete**`), page.click('a[href^="/signin/certificate"]')]);
      assert.match(await page.locator('main h1').innerText(), heading);
      await checker.check(page, `70-certificate-unbound-${locale}`);
      await context.close();
    }
  });

  await t.test('signed in, the certificate binds to the account and returns to the page asked for', async () => {
    const context = await withCertificate(valid, 'zh-TW');
    const page = await checker.newPage(context);
    await signIn(page, base, 'citizen@demo.opengov.tw', 'demo-citizen-pass');
    await page.goto(`${base}/signin/certificate?next=${encodeURIComponent('/account')}`);
    await page.waitForURL(`${base}/account`);
    assert.match(await page.locator('main').innerText(), /憑證已綁定到你的帳號/);
    assert.match(await page.locator('main').innerText(), /由自然人憑證或行動自然人憑證驗證/, 'nationality shown as verified');
    assert.equal(await page.locator('select[name="nationality"]').count(), 0, 'and no longer editable');
    await checker.check(page, '71-certificate-bound');
    await context.close();
  });

  await t.test('signed out, the bound certificate signs in', async () => {
    const context = await withCertificate(valid, 'en');
    const page = await checker.newPage(context);
    await page.goto(`${base}/signin/certificate?next=${encodeURIComponent('/account')}&lang=en`);
    await page.waitForURL(`${base}/account`);
    assert.match(await page.locator('main').innerText(), /Signed in with your citizen digital certificate/);
    await context.close();
  });

  const refusals = [
    ['expired', expired, /已過期/, /has expired/],
    ['revoked', revoked, /已被廢止/, /has been revoked/],
    ['unknown-ca', stranger, /不是由本平臺信任/, /not issued by a certificate authority this platform trusts/],
  ] as const;
  for (const [name, issued, zh, en] of refusals) {
    await t.test(`${name}: refused with a clear page`, async () => {
      for (const [locale, message] of [['zh-TW', zh], ['en', en]] as const) {
        const context = await withCertificate(issued, locale);
        const page = await checker.newPage(context);
        const response = await page.goto(`${base}/signin/certificate?next=%2Faccount${locale === 'en' ? '&lang=en' : ''}`);
        assert.equal(new URL(page.url()).pathname, '/signin/certificate/failed');
        assert.equal(response?.status(), 403);
        assert.match(await page.locator('main').innerText(), message);
        await checker.check(page, `72-certificate-${name}-${locale}`, { expectedErrors: /403/ });
        await context.close();
      }
    });
  }

  await t.test('no serious or critical axe violations, no console errors', () => {
    checker.assertClean();
  });
});
