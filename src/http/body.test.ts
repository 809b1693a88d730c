import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { jsonDepthExceeds, MAX_JSON_DEPTH, registerBodyParsers } from './body.js';
import { registerErrorHandlers } from './errors.js';
import { registerMessages } from '../core/i18n/index.js';
import { coreMessages } from '../core/i18n/core-messages.js';

registerMessages(coreMessages);

test('jsonDepthExceeds counts objects and arrays, never brackets inside strings', () => {
  assert.equal(jsonDepthExceeds('{"a":[1,{"b":2}]}', 3), false);
  assert.equal(jsonDepthExceeds('{"a":[1,{"b":2}]}', 2), true);
  assert.equal(jsonDepthExceeds(JSON.stringify({ text: '[[[[[[{{{{{{' }), 1), false);
  assert.equal(jsonDepthExceeds(JSON.stringify({ text: 'quote \\" then [[[[' }), 1), false);
});

test('a JSON body nested 100,000 deep is a 400 problem, not a stack overflow', async () => {
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  registerBodyParsers(app);
  registerErrorHandlers(app);
  app.decorateRequest('locale', 'en');
  app.post('/api/echo', async (request) => ({ ok: typeof request.body }));
  const deep = '{"d":'.repeat(100_000) + '1' + '}'.repeat(100_000);
  const response = await app.inject({ method: 'POST', url: '/api/echo', headers: { 'content-type': 'application/json' }, payload: deep });
  assert.equal(response.statusCode, 400);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.match(response.json().detail, new RegExp(`${MAX_JSON_DEPTH} levels`));
  const fine = await app.inject({ method: 'POST', url: '/api/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":{"b":[1,2]}}' });
  assert.equal(fine.statusCode, 200);
  await app.close();
});
