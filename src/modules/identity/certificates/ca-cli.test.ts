// `opengov identity ca init|issue|revoke` as an operator runs it: a real process writing real files,
// read back with Node's own X.509 and TLS code (not the library that wrote them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { caFiles } from './test-ca.js';
import { certificateFacts, fromPem, normalSerial, verifiedCrl } from './x509.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-ca-'));
const env = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
const opengov = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/opengov.mjs', 'identity', 'ca', ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('ca init, issue and revoke write a CA, PKCS#12 files a TLS client can load, and a CRL naming the revoked serial', async () => {
  const dir = path.join(dataDir, 'identity-ca');
  const init = opengov('init');
  assert.equal(init.code, 0, init.err);
  const files = caFiles(dir);
  const ca = new X509Certificate(fs.readFileSync(files.cert));
  assert.ok(ca.ca, 'a CA certificate');
  assert.ok(ca.checkIssued(ca) && ca.verify(ca.publicKey), 'self-signed');
  assert.equal((fs.statSync(files.key).mode & 0o777).toString(8), '600', 'the CA key is readable by its owner only');
  const listener = new X509Certificate(fs.readFileSync(files.listenerCert));
  assert.ok(listener.verify(ca.publicKey) && listener.checkHost('localhost'), 'the listener certificate is for localhost, from the CA');
  assert.equal(opengov('init').code, 1, 'an existing CA is not replaced without --force');

  const out = path.join(dataDir, 'people', 'wang');
  const issued = opengov('issue', '--national-id', 'A123456789', '--name', '王小明', '--out', out, '--password', 'pw-123');
  assert.equal(issued.code, 0, issued.err);
  const serial = /serial: ([0-9A-F]+)/.exec(issued.out)![1]!;
  const cert = new X509Certificate(fs.readFileSync(`${out}.cert.pem`));
  assert.equal(normalSerial(cert.serialNumber), serial, 'the serial as printed (leading zeros dropped, as revoke accepts it)');
  assert.ok(cert.verify(ca.publicKey), 'signed by the CA');
  assert.match(cert.subject, /serialNumber=A123456789/);
  assert.match(cert.subject, /CN=王小明/);
  const facts = certificateFacts(Buffer.from(cert.raw));
  assert.deepEqual([facts.citizenship, facts.residence, facts.extKeyUsage], ['TW', 'TW', ['1.3.6.1.5.5.7.3.2']]);
  assert.deepEqual(facts.keyUsage, [0], 'digital signature only');
  tls.createSecureContext({ pfx: fs.readFileSync(`${out}.p12`), passphrase: 'pw-123' });
  assert.throws(() => tls.createSecureContext({ pfx: fs.readFileSync(`${out}.p12`), passphrase: 'wrong' }), 'the PKCS#12 is protected by its password');

  const expiredOut = path.join(dataDir, 'people', 'old');
  const expired = opengov('issue', '--national-id', 'B123456789', '--name', 'Old', '--not-before', '2020-01-01', '--not-after', '2021-01-01', '--usage', 'server', '--citizenship', 'none', '--out', expiredOut);
  assert.equal(expired.code, 0, expired.err);
  const old = new X509Certificate(fs.readFileSync(`${expiredOut}.cert.pem`));
  assert.equal(new Date(old.validTo).getUTCFullYear(), 2021);
  assert.deepEqual(certificateFacts(Buffer.from(old.raw)).extKeyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.equal(certificateFacts(Buffer.from(old.raw)).citizenship, null);
  assert.equal(opengov('issue', '--national-id', 'C1', '--name', 'x', '--usage', 'king', '--out', expiredOut).code, 1);

  const before = await verifiedCrl(Buffer.from(fromPem(fs.readFileSync(files.crl, 'utf8'))), Buffer.from(ca.raw));
  assert.deepEqual(before?.revokedSerials, []);
  const revoked = opengov('revoke', '--serial', serial);
  assert.equal(revoked.code, 0, revoked.err);
  const after = await verifiedCrl(Buffer.from(fromPem(fs.readFileSync(files.crl, 'utf8'))), Buffer.from(ca.raw));
  assert.deepEqual(after?.revokedSerials, [serial]);
  assert.ok(after!.nextUpdate! > after!.thisUpdate);
  assert.equal(await verifiedCrl(Buffer.from(fromPem(fs.readFileSync(files.crl, 'utf8'))), Buffer.from(listener.raw)), undefined, 'a CRL checks against its own CA only');
  const unknown = opengov('revoke', '--serial', 'ABCDEF');
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no certificate with serial/);
});
