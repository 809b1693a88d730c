// The provider as operators run it: `opengov serve` in its own process, openid-client as the relying
// party for each client authentication method, key rotation by `opengov identity keys rotate` from
// another process. On PostgreSQL two app processes serve one provider: a sign-in begun on one is
// finished on the other, and tokens issued by one are honoured by the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as oidc from 'openid-client';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JSONWebKeySet } from 'jose';
import { loadConfig } from '../../core/config.js';
import { systemActor } from '../../core/actor.js';
import { migrate, openPlatform } from '../../platform.js';
import { createTestSchema, testDatabaseUrl, withSchemasKept } from '../../../test/helpers.js';
import { opengovCli, repositoryRoot, startOpengovServers, type ProcessGroup, type RunningProcess } from '../../../test/processes.js';
import { oidcClientCreate } from './actions/clients.js';
import { CookieClient, signedInPerson, type Person } from './test/support.js';

const SECRET = 'identity-processes-secret-0123456789-abcdef';
const RP = 'http://127.0.0.1:9/cb';
const kidOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

async function signIn(server: RunningProcess, config: oidc.Configuration, person: Person, scope = 'openid email') {
  const browser = new CookieClient(server.base);
  browser.cookies.set('og_session', person.sessionToken);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  let step = await browser.follow(oidc.buildAuthorizationUrl(config, { redirect_uri: RP, scope, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }));
  if (step.response.status === 200) step = await browser.submit(await step.response.text(), `${step.url.pathname}/consent`, { decision: 'allow' });
  assert.equal(step.url.origin + step.url.pathname, RP, `ended at ${step.url} (${step.response.status})`);
  return { callback: step.url, verifier, state };
}

test('a separate opengov process as the provider: both client authentication methods, key rotation from the CLI; on PostgreSQL two processes serve one provider', { timeout: 300_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-oidc-mp-'));
  const database = testDatabaseUrl ? await createTestSchema('oidc_mp') : null;
  const dbEnv = database ? { DATABASE_URL: database.url } : {};
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: 'production', SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: 'false', ...dbEnv };
  const platform = openPlatform(loadConfig({ NODE_ENV: 'test', SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...dbEnv }));
  let servers: ProcessGroup | undefined;
  try {
    await withSchemasKept(() => migrate(platform.services));
    const registry = platform.deps.registry;
    const operator = { actor: systemActor('cli') };
    const base = { name: '跨程序測試', redirectUris: [RP], scopes: ['openid', 'email'], claims: ['email', 'email_verified'], sector: 'mp' };
    const basic = await registry.call(oidcClientCreate, { ...base, authMethod: 'client_secret_basic' }, operator);
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwt = await registry.call(oidcClientCreate, { ...base, authMethod: 'private_key_jwt', jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] } }, operator);
    const person = await signedInPerson(platform.services.db, new Date());

    servers = await withSchemasKept(() => startOpengovServers(database ? 2 : 1, env));
    const [a, b] = servers.processes as [RunningProcess, RunningProcess | undefined];
    const discover = (server: RunningProcess, clientId: string, auth: oidc.ClientAuth) =>
      oidc.discovery(new URL(server.base), clientId, { redirect_uris: [RP] }, auth, { execute: [oidc.allowInsecureRequests] });

    const basicConfig = await discover(a, basic.client.clientId, oidc.ClientSecretBasic(basic.clientSecret!));
    const first = await signIn(a, basicConfig, person);
    const tokens = await oidc.authorizationCodeGrant(basicConfig, first.callback, { pkceCodeVerifier: first.verifier, expectedState: first.state });
    assert.equal((await oidc.fetchUserInfo(basicConfig, tokens.access_token, tokens.claims()!.sub)).email, person.email);

    const jwtConfig = await discover(a, jwt.client.clientId, oidc.PrivateKeyJwt({ key: privateKey, kid: 'k1' }));
    const second = await signIn(a, jwtConfig, person);
    const jwtTokens = await oidc.authorizationCodeGrant(jwtConfig, second.callback, { pkceCodeVerifier: second.verifier, expectedState: second.state });
    assert.equal(jwtTokens.claims()!.sub, tokens.claims()!.sub, 'one sector, one pairwise subject');

    // Rotation by the CLI beside the running server: the server signs with the new key within a second.
    const rotated = spawnSync(process.execPath, [opengovCli, 'identity', 'keys', 'rotate'], { cwd: repositoryRoot, env, encoding: 'utf8' });
    assert.equal(rotated.status, 0, rotated.stderr);
    await new Promise((r) => setTimeout(r, 1000));
    const third = await signIn(a, basicConfig, person);
    const after = await oidc.authorizationCodeGrant(basicConfig, third.callback, { pkceCodeVerifier: third.verifier, expectedState: third.state });
    assert.notEqual(kidOf(after.id_token!), kidOf(tokens.id_token!));
    const jwks = (await (await fetch(`${a.base}/oidc/jwks`)).json()) as JSONWebKeySet;
    await jwtVerify(tokens.id_token!, createLocalJWKSet(jwks)); // signed before the rotation, still verifies

    if (b) {
      // Begun on A, finished on B: the code, the client and the keys are in the shared database.
      const fourth = await signIn(a, basicConfig, person);
      const exchanged = await fetch(`${b.base}/oidc/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(basic.client.clientId)}:${encodeURIComponent(basic.clientSecret!)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: fourth.callback.searchParams.get('code')!, redirect_uri: RP, code_verifier: fourth.verifier }),
      });
      assert.equal(exchanged.status, 200, await exchanged.clone().text());
      const fromB = (await exchanged.json()) as { access_token: string; id_token: string };
      await jwtVerify(fromB.id_token, createLocalJWKSet(jwks));
      const info = await fetch(`${a.base}/oidc/userinfo`, { headers: { authorization: `Bearer ${fromB.access_token}` } });
      assert.equal(info.status, 200, 'a token issued by B is honoured by A');
      // And a code is spent everywhere: replaying B's code at A fails.
      const replay = await fetch(`${a.base}/oidc/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(basic.client.clientId)}:${encodeURIComponent(basic.clientSecret!)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: fourth.callback.searchParams.get('code')!, redirect_uri: RP, code_verifier: fourth.verifier }),
      });
      assert.equal(((await replay.json()) as { error: string }).error, 'invalid_grant');
    }
  } catch (error) {
    throw servers ? servers.withLogs(error) : error;
  } finally {
    await servers?.stop();
    platform.services.cache.close();
    await platform.dbHandle.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
