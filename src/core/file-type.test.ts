import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUtf8Text, sniffSignature } from './file-type.js';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

test('signatures by first bytes, whatever the name', () => {
  assert.equal(sniffSignature(bytes('%PDF-1.7\n')), 'pdf');
  assert.equal(sniffSignature(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'png');
  assert.equal(sniffSignature(bytes([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
  assert.equal(sniffSignature(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')), 'webp');
  assert.equal(sniffSignature(bytes('RIFF', [1, 2, 3, 4], 'WAVE')), null);
  assert.equal(sniffSignature(bytes([0x50, 0x4b, 0x03, 0x04, 0x14])), 'zip');
  assert.equal(sniffSignature(bytes('a,b\n1,2\n')), null);
  assert.equal(sniffSignature(bytes([0xff, 0xd8])), null, 'too short');
  assert.equal(sniffSignature(new Uint8Array()), null);
});

test('UTF-8 text has no NUL and no invalid sequence', () => {
  assert.equal(isUtf8Text(Buffer.from('名稱,數量\n')), true);
  assert.equal(isUtf8Text(bytes([0x61, 0x00])), false);
  assert.equal(isUtf8Text(bytes([0xb4, 0xfa])), false, 'Big5 is not UTF-8');
});
