import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../core/errors.js';
import { parseMultipart } from './multipart.js';

const boundary = '----opengovTestBoundary';
const type = `multipart/form-data; boundary=${boundary}`;

function form(parts: Array<{ name: Buffer | string; value: Buffer | string; filename?: Buffer | string; type?: string }>): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const filename = p.filename === undefined ? [] : [Buffer.from('; filename="'), Buffer.from(p.filename), Buffer.from('"')];
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`), Buffer.from(p.name), Buffer.from('"'), ...filename, Buffer.from('\r\n'));
    if (p.type) chunks.push(Buffer.from(`Content-Type: ${p.type}\r\n`));
    chunks.push(Buffer.from('\r\n'), Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

async function refused(body: Buffer, message: string, contentType = type) {
  await assert.rejects(parseMultipart(body, contentType, 5), (error: unknown) => error instanceof AppError && error.code === 'INVALID' && error.message === message);
}

test('fields and files come out as text and bytes; the first of a repeated field wins; an empty file input is absent', async () => {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
  const body = await parseMultipart(
    form([
      { name: '_csrf', value: 'token' },
      { name: 'title', value: '公車動態' },
      { name: 'title', value: 'second' },
      { name: 'file', value: bytes, filename: '附件.png', type: 'image/png' },
      { name: 'other', value: '', filename: '' },
    ]),
    type,
  );
  assert.equal(body._csrf, 'token');
  assert.equal(body.title, '公車動態');
  assert.deepEqual(body.file, { filename: '附件.png', contentType: 'image/png', data: bytes });
  assert.equal('other' in body, false);
});

test('bad forms are refused with a clear error: not UTF-8, too many parts, no boundary, truncated', async () => {
  await refused(form([{ name: 'title', value: Buffer.from([0xe5, 0x85]) }]), 'error.invalid_utf8');
  await refused(form([{ name: Buffer.from([0xff, 0xfe]), value: 'x' }]), 'error.invalid_utf8');
  await refused(form([{ name: 'f', value: 'x', filename: Buffer.from([0xc3, 0x28]) }]), 'error.invalid_utf8');
  await refused(form(Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, value: 'x' }))), 'error.invalid_input');
  await refused(form([{ name: 'a', value: 'b' }]), 'error.invalid_input', 'multipart/form-data');
  await refused(form([{ name: 'a', value: 'b' }]).subarray(0, 30), 'error.invalid_input');
});
