import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from './log-redaction.js';

test('links that are secrets lose their whole query', () => {
  assert.equal(redactUrl('/password/reset?token=abc123&x=1'), '/password/reset?[redacted]');
  assert.equal(redactUrl('/verify-email?token=abc123'), '/verify-email?[redacted]');
});

test('known secret parameters are redacted anywhere, whatever their case or encoding', () => {
  assert.equal(redactUrl('/api/3/action/package_search?q=air&api_key=ogt_x&TOKEN=y'), '/api/3/action/package_search?q=air&api_key=[redacted]&TOKEN=[redacted]');
  assert.equal(redactUrl('/cb?co%64e=s3cret&state=abc'), '/cb?co%64e=[redacted]&state=[redacted]');
  assert.equal(redactUrl('/datasets?q=token&page=2'), '/datasets?q=token&page=2');
  assert.equal(redactUrl('/datasets'), '/datasets');
});
