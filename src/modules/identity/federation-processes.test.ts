// The mobile citizen certificate end to end over HTTP: another opengov process, started on its own
// database, is the external provider; this platform is registered with it as a relying party and
// signs people in through it. The provider states the level its own sign-in reached and releases
// the national id (from its bindings) only because this RP is allowed it. Both engines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config.js';
import { systemActor } from '../../core/actor.js';
import { hashToken } from '../../core/ids.js';
import { migrate, openPlatform } from '../../platform.js';
import { Browser, createTestApp, createTestSchema, testDatabaseUrl, withSchemasKept } from '../../../test/helpers.js';
import { allTables } from '../../../test/all-tables.js';
import { startOpengovServers, type ProcessGroup, type RunningProcess } from '../../../test/processes.js';
import { oidcClientCreate } from './actions/clients.js';
import { bindPerson } from './bindings.js';
import { CookieClient, signedInPerson } from './test/support.js';

const SECRET = 'federation-provider-secret-0123456789-abcdef';
const RP_BASE = 'http://127.0.0.1:9';
const CALLBACK = `${RP_BASE}/signin/mobile-id/callback`;

test('another opengov process as the mobile citizen certificate provider: sign-in, binding, level, refusals', { timeout: 300_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-fed-provider-'));
  const database = testDatabaseUrl ? await createTestSchema('fed_idp') : null;
  const dbEnv = database ? { DATABASE_URL: database.url } : {};
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: 'production', SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: 'false', ...dbEnv };
  const provider = openPlatform(loadConfig({ NODE_ENV: 'test', SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...dbEnv }));
  let servers: ProcessGroup | undefined;
  let rp: Awaited<ReturnType<typeof createTestApp>> | undefined;
  try {
    await withSchemasKept(() => migrate(provider.services));
    const providerDb = provider.services.db;
    const registered = await provider.deps.registry.call(
      oidcClientCreate,
      {
        name: '開放政府平臺（另一個部署）',
        redirectUris: [CALLBACK],
        scopes: ['openid', 'profile', 'nationality', 'national_id'],
        claims: ['name', 'nationality_verified', 'residence_verified', 'national_id'],
        sector: 'opengov',
        authMethod: 'client_secret_basic',
      },
      { actor: systemActor('cli') },
    );
    // At the provider: a person signed in at level 3 (a certificate sign-in there) and bound to their
    // national id, and another signed in by password only (level 1).
    const now = new Date();
    const high = await signedInPerson(providerDb, now, { name: '林美玲' });
    await allTables(providerDb).updateTable('sessions').set({ asserted_acr: 'urn:opengov:loa:3' }).where('token_hash', '=', hashToken(high.sessionToken)).execute();
    await bindPerson(providerDb, SECRET, { person: { nationalId: 'F222222222', nationality: 'roc', residence: 'TW-TPE' }, userId: high.userId, source: 'certificate', now });
    const low = await signedInPerson(providerDb, now);

    servers = await withSchemasKept(() => startOpengovServers(1, env));
    const idp = servers.processes[0] as RunningProcess;
    rp = await createTestApp({
      config: { BASE_URL: RP_BASE, FEDERATION_ISSUER: idp.base, FEDERATION_CLIENT_ID: registered.client.clientId, FEDERATION_CLIENT_SECRET: registered.clientSecret!, FEDERATION_TIMEOUT_MS: '20000' },
    });
    const rpApp = rp.app;
    const rpDb = allTables(rp.deps.services.db);

    /** The browser's trip: RP start → provider (signed in there as `at`) → consent → back at the RP's callback. */
    async function roundTrip(browser: Browser, at: { sessionToken: string }, decision: 'allow' | 'deny' = 'allow', next = '/petitions') {
      const started = await browser.get(`/signin/mobile-id/start?next=${encodeURIComponent(next)}`);
      assert.equal(started.statusCode, 303, started.body.slice(0, 500));
      const atProvider = new CookieClient(idp.base);
      atProvider.cookies.set('og_session', at.sessionToken);
      let step = await atProvider.follow(String(started.headers.location));
      if (step.response.status === 200) step = await atProvider.submit(await step.response.text(), `${step.url.pathname}/consent`, { decision });
      assert.equal(`${step.url.origin}${step.url.pathname}`, CALLBACK, `ended at ${step.url} (${step.response.status})`);
      return browser.get(`${step.url.pathname}${step.url.search}`);
    }

    // First use, signed in to the RP: the person is bound and the session is level 3.
    const account = await signedInPerson(rp.deps.services.db, rp.clock.now());
    const first = new Browser(rpApp);
    first.setCookie('og_session', account.sessionToken);
    const done = await roundTrip(first, high);
    assert.equal(done.statusCode, 303, done.body.slice(0, 500));
    assert.equal(done.headers.location, '/petitions');
    const session = await rpDb.selectFrom('sessions').selectAll().where('token_hash', '=', hashToken(first.cookie('og_session')!)).executeTakeFirstOrThrow();
    assert.equal(session.user_id, account.userId);
    assert.equal(session.asserted_acr, 'urn:opengov:loa:3');
    assert.match(session.sign_in_methods, /^fed\b/);
    const binding = await rpDb.selectFrom('identity_person_bindings').selectAll().where('user_id', '=', account.userId).executeTakeFirstOrThrow();
    assert.deepEqual([binding.source, binding.nationality, binding.residence], ['federation', 'roc', 'TW-TPE']);

    // Signed out at the RP, the provider alone signs the person in to the same account.
    const later = new Browser(rpApp);
    const again = await roundTrip(later, high, 'allow', '/account');
    assert.equal(again.statusCode, 303);
    const laterSession = await rpDb.selectFrom('sessions').select('user_id').where('token_hash', '=', hashToken(later.cookie('og_session')!)).executeTakeFirstOrThrow();
    assert.equal(laterSession.user_id, account.userId);

    // A second RP account cannot claim the same person.
    const other = await signedInPerson(rp.deps.services.db, rp.clock.now());
    const otherBrowser = new Browser(rpApp);
    otherBrowser.setCookie('og_session', other.sessionToken);
    const claimed = await roundTrip(otherBrowser, high);
    assert.equal(claimed.statusCode, 409);

    // The provider's own sign-in was level 1 and the RP asks for level 3 (acr_values): the provider
    // itself stops there with its "stronger sign-in needed" page, and nothing reaches the RP. (A
    // provider that ignores acr_values is refused at the RP's callback: federation.test.ts.)
    const lowBrowser = new Browser(rpApp);
    const lowAccount = await signedInPerson(rp.deps.services.db, rp.clock.now());
    lowBrowser.setCookie('og_session', lowAccount.sessionToken);
    const lowStart = await lowBrowser.get('/signin/mobile-id/start?next=/petitions');
    const atProvider = new CookieClient(idp.base);
    atProvider.cookies.set('og_session', low.sessionToken);
    const tooLow = await atProvider.follow(String(lowStart.headers.location));
    assert.equal(tooLow.response.status, 403);
    assert.match(await tooLow.response.text(), /需要更高的登入等級/);
    assert.equal(await rpDb.selectFrom('identity_person_bindings').select('user_id').where('user_id', '=', lowAccount.userId).executeTakeFirst(), undefined);

    // The person declines at the provider's consent page.
    const declining = await signedInPerson(providerDb, now);
    await allTables(providerDb).updateTable('sessions').set({ asserted_acr: 'urn:opengov:loa:3' }).where('token_hash', '=', hashToken(declining.sessionToken)).execute();
    const declined = await roundTrip(new Browser(rpApp), declining, 'deny');
    assert.equal(declined.statusCode, 400);
    assert.match(declined.body, /已取消登入/);

    // The provider goes down after discovery: the callback's token request fails, the page says so.
    const stranded = new Browser(rpApp);
    const started = await stranded.get('/signin/mobile-id/start?next=/account');
    const state = new URL(String(started.headers.location)).searchParams.get('state')!;
    await servers.stop();
    const down = await stranded.get(`/signin/mobile-id/callback?state=${state}&code=abc&iss=${encodeURIComponent(idp.base)}`);
    assert.equal(down.statusCode, 503);
    assert.match(down.body, /憑證服務暫時無法使用/);
  } catch (error) {
    throw servers ? servers.withLogs(error) : error;
  } finally {
    await servers?.stop();
    await rp?.close();
    provider.services.cache.close();
    await provider.dbHandle.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
