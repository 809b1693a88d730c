// Certificate sign-in as operators run it: `opengov serve` in its own process with the listener on its
// own port, real TLS client certificates from the test CA (valid, expired, revoked before and after
// start, another CA, a forged signature, a server-only certificate, none), the one-time code redeemed
// on the main site, first use binding the person to the signed-in account and a second account refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { webcrypto, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../core/config.js';
import { migrate, openPlatform } from '../../../platform.js';
import { allTables } from '../../../../test/all-tables.js';
import { createTestSchema, freePort, testDatabaseUrl, withSchemasKept } from '../../../../test/helpers.js';
import { startOpengovServers, type ProcessGroup } from '../../../../test/processes.js';
import { accountOfPerson, verifiedAttributes } from '../bindings.js';
import { CookieClient, signedInPerson } from '../test/support.js';
import { caFiles, initCa, issueCitizenCertificate, revokeCertificate } from './test-ca.js';
import { issueCertificate, KeyUsage, newKeyPair, OID, pkcs12, type NameParts } from './x509.js';

const SECRET = 'certificate-listener-secret-0123456789-abcdef';
const PASSWORD = 'pw';

function viaListener(port: number, caPem: string, pfx: Buffer | null, next = '/proposals'): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      { host: '127.0.0.1', port, servername: 'localhost', path: `/sign-in?next=${encodeURIComponent(next)}`, ca: caPem, agent: false, ...(pfx && { pfx, passphrase: PASSWORD }) },
      (response) => {
        response.resume();
        assert.equal(response.statusCode, 303);
        resolve(response.headers.location!);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const reasonOf = (location: string) => new URL(location).searchParams.get('reason');

test('the certificate listener: each refusal named, a valid certificate signs in at level 3 and binds once', { timeout: 300_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-cert-'));
  const caDir = path.join(dataDir, 'identity-ca');
  await initCa({ dir: caDir });
  const issue = (name: string, nationalId: string, extra: Partial<Parameters<typeof issueCitizenCertificate>[0]> = {}) =>
    issueCitizenCertificate({ dir: caDir, nationalId, commonName: name, citizenship: 'TW', residence: 'TW', out: path.join(dataDir, name), password: PASSWORD, ...extra });
  const valid = await issue('valid', 'A100000001');
  const expired = await issue('expired', 'A100000002', { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
  const serverOnly = await issue('server', 'A100000003', { usage: 'server' });
  const revokedBefore = await issue('revoked-before', 'A100000004');
  const revokedLater = await issue('revoked-later', 'A100000005');
  await revokeCertificate({ dir: caDir, serial: revokedBefore.serial });

  const otherDir = path.join(dataDir, 'other-ca');
  await initCa({ dir: otherDir, commonName: 'Someone Else CA' });
  const stranger = await issueCitizenCertificate({ dir: otherDir, nationalId: 'A100000006', commonName: 'stranger', citizenship: 'TW', residence: 'TW', out: path.join(dataDir, 'stranger'), password: PASSWORD });

  // A forgery: names the real CA (and its key id) as issuer but is signed by another key.
  const realCa = new X509Certificate(readFileSync(caFiles(caDir).cert));
  const realCaKey = await webcrypto.subtle.importKey('jwk', realCa.publicKey.export({ format: 'jwk' }), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const forger = await newKeyPair();
  const holder = await newKeyPair();
  const caName = JSON.parse(readFileSync(path.join(caDir, 'ca.name.json'), 'utf8')) as NameParts;
  const forged = await issueCertificate({
    subject: { commonName: 'forged', serialNumber: 'A100000007', country: 'TW' },
    issuer: { name: caName, key: forger.privateKey, publicKey: realCaKey },
    publicKey: holder.publicKey,
    serial: Buffer.from('0badc0de', 'hex'),
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keyUsage: [KeyUsage.digitalSignature],
    extKeyUsage: [OID.clientAuth],
  });
  const forgedP12 = await pkcs12(holder.privateKey, [forged], PASSWORD);

  const database = testDatabaseUrl ? await createTestSchema('cert_mp') : null;
  const dbEnv = database ? { DATABASE_URL: database.url } : {};
  const certPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    SECRET,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    IDENTITY_CERT_PORT: String(certPort),
    IDENTITY_CA_DIR: caDir,
    IDENTITY_CERT_CRL_REFRESH_SECONDS: '1',
    ...dbEnv,
  };
  const platform = openPlatform(loadConfig({ NODE_ENV: 'test', SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...dbEnv }));
  let servers: ProcessGroup | undefined;
  try {
    await withSchemasKept(() => migrate(platform.services));
    const { db } = platform.services;
    const owner = await signedInPerson(db, new Date(), { mobile: '0911000001' });
    const other = await signedInPerson(db, new Date(), { mobile: '0911000002' });
    servers = await withSchemasKept(() => startOpengovServers(1, env));
    const main = servers.processes[0]!;
    const caPem = readFileSync(caFiles(caDir).cert, 'utf8');
    const p12 = (issued: { p12: string }) => readFileSync(issued.p12);
    for (let i = 0; i < 100; i++) {
      if (await viaListener(certPort, caPem, null).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    assert.equal(reasonOf(await viaListener(certPort, caPem, null)), 'no_certificate');
    assert.equal(reasonOf(await viaListener(certPort, caPem, p12(expired))), 'expired');
    assert.equal(reasonOf(await viaListener(certPort, caPem, p12(serverOnly))), 'wrong_usage');
    assert.equal(reasonOf(await viaListener(certPort, caPem, p12(revokedBefore))), 'revoked');
    assert.equal(reasonOf(await viaListener(certPort, caPem, p12(stranger))), 'unknown_ca');
    assert.equal(reasonOf(await viaListener(certPort, caPem, forgedP12)), 'broken_chain');
    const refusal = await viaListener(certPort, caPem, p12(expired));
    assert.ok(refusal.startsWith(`${main.base}/signin/certificate/failed?`), refusal);
    const page = await fetch(refusal);
    assert.equal(page.status, 403);
    assert.match(await page.text(), /憑證已過期|has expired/);
    assert.equal(await allTables(db).selectFrom('identity_sign_in_codes').select('code_hash').executeTakeFirst(), undefined, 'a refusal writes nothing');

    // Valid, signed out, nobody bound: the page says to sign in first; nothing is bound.
    const browser = new CookieClient(main.base);
    const success = await viaListener(certPort, caPem, p12(valid), '/proposals/new');
    assert.match(success, /\/signin\/certificate\/complete\?code=/);
    const unbound = await browser.fetch(success);
    assert.equal(unbound.status, 200);
    assert.match(await unbound.text(), /尚未綁定帳號|not linked to an account/);
    assert.equal((await browser.fetch(success)).status, 400, 'a code works once');
    assert.equal(await accountOfPerson(db, SECRET, 'A100000001'), undefined);

    // Signed in: the certificate binds to this account and a level-3 session replaces the cookie.
    browser.cookies.set('og_session', owner.sessionToken);
    const bound = await browser.fetch(await viaListener(certPort, caPem, p12(valid), '/proposals/new'));
    assert.equal(bound.status, 303);
    assert.equal(bound.headers.get('location'), '/proposals/new', 'back to the page asked for');
    assert.notEqual(browser.cookies.get('og_session'), owner.sessionToken);
    assert.equal(await accountOfPerson(db, SECRET, 'A100000001'), owner.userId);
    assert.deepEqual(await verifiedAttributes(db, owner.userId).then((a) => [a?.nationality, a?.residence, a?.source]), ['roc', 'TW', 'certificate']);
    const sessions = await allTables(db).selectFrom('sessions').select('sign_in_methods').where('user_id', '=', owner.userId).where('sign_in_methods', '=', 'sc').execute();
    assert.equal(sessions.length, 1, 'the new session records the certificate (amr sc)');

    // Signed out again: the same certificate signs in to the bound account.
    const fresh = new CookieClient(main.base);
    const again = await fresh.fetch(await viaListener(certPort, caPem, p12(valid)));
    assert.equal(again.status, 303);
    assert.ok(fresh.cookies.get('og_session'));

    // Another account cannot claim the bound person.
    const intruder = new CookieClient(main.base);
    intruder.cookies.set('og_session', other.sessionToken);
    const claimed = await intruder.fetch(await viaListener(certPort, caPem, p12(valid)));
    assert.equal(claimed.status, 409);
    assert.match(await claimed.text(), /已綁定另一個帳號|already linked to another account/);
    assert.equal(await verifiedAttributes(db, other.userId), undefined);

    // Revoked while running: the refresh job brings the new CRL to the listener.
    assert.match(await viaListener(certPort, caPem, p12(revokedLater)), /complete\?code=/);
    await revokeCertificate({ dir: caDir, serial: revokedLater.serial });
    let reason: string | null = null;
    // Generous: the job runs in the server's job tick, which other jobs share; a loaded machine stretches it.
    for (let i = 0; i < 180 && reason !== 'revoked'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      reason = reasonOf(await viaListener(certPort, caPem, p12(revokedLater)));
    }
    assert.equal(reason, 'revoked');
  } catch (error) {
    if (servers) console.error(servers.logs());
    throw error;
  } finally {
    await servers?.stop();
    await platform.dbHandle.close();
    await database?.drop();
  }
});
