import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.js';
import { userLine, userText } from './text.js';

test('user text keeps what was written: signs, tags, markup', () => {
  assert.equal(userText('  若 a<b 且 c>d 則成立 \r\n', 'body'), '若 a<b 且 c>d 則成立');
  assert.equal(userText('<script>alert(1)</script>', 'body'), '<script>alert(1)</script>');
  assert.equal(userText('一\r\n\r\n\r\n二\t三', 'body'), '一\n\n\n二\t三');
  assert.equal(userText('e\u0301', 'body'), 'é', 'NFC');
  assert.equal(userLine(' 標題\n  第二行 ', 'title'), '標題 第二行');
  assert.equal(userText('😀', 'body'), '😀', 'surrogate pairs are fine');
});

test('control characters and lone surrogates are a field error', () => {
  for (const bad of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u0085b', 'a\ud800b', 'a\udc00']) {
    assert.throws(
      () => userText(bad, 'body'),
      (e: unknown) => e instanceof AppError && e.code === 'INVALID' && e.fields[0]?.field === 'body' && e.fields[0].message === 'validation.control_characters',
    );
  }
});
