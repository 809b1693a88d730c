// The CRL lists exactly the serials revoked, whatever their first digits: one in 16 random serials
// starts with a zero nibble (an odd-length printed form), which the CRL once recorded cut short, so a
// revoked certificate still signed in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { caFiles, initCa } from './test-ca.js';
import { fromPem, importPrivateKeyPem, issueCrl, normalSerial, serialBytes, verifiedCrl } from './x509.js';

test('serialBytes: odd-length and high-bit serials become the positive integer they name', () => {
  assert.equal(serialBytes('5AB').toString('hex'), '05ab');
  assert.equal(serialBytes('8F01').toString('hex'), '008f01');
  assert.equal(serialBytes('7F').toString('hex'), '7f');
  assert.equal(normalSerial(serialBytes('5AB').toString('hex')), '5AB');
});

test('a CRL from the test CA lists each revoked serial as printed, odd lengths and high bits included', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-x509-'));
  try {
    const files = await initCa({ dir });
    const caDer = Buffer.from(fromPem(fs.readFileSync(files.cert, 'utf8')));
    const key = await importPrivateKeyPem(fs.readFileSync(caFiles(dir).key, 'utf8'));
    const serials = ['5AB0C1D2E3F405162738495A6B7C8D9', '8F0123456789ABCDEF0123456789ABCD', '1234', '7'];
    const now = new Date();
    const der = await issueCrl({ issuerCert: caDer, key, number: 2, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), revoked: serials.map((serial) => ({ serial, revokedAt: now })) });
    const crl = await verifiedCrl(der, caDer);
    assert.ok(crl, 'signed by the CA');
    assert.deepEqual(crl.revokedSerials, serials);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
