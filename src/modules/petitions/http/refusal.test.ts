// Callers an action refuses are refused before their request body is read: a malformed body or an
// upload from someone who may not act gets 401/403, not a parse error, and is never parsed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../../test/helpers.js';
import { apiTokenFor, openProposal, setupFixtures, type Fixtures } from '../test-support.js';
import { petitionsDb } from '../tables.js';

let t: TestApp;
let f: Fixtures;
let proposalId: string;

before(async () => {
  t = await createTestApp();
  f = await setupFixtures(t);
  proposalId = await openProposal(t, f, { title: '拒絕在讀取內容之前' });
});
after(() => t.close());

test('an anonymous endorsement is refused before its body is parsed', async () => {
  const response = await t.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposalId}/endorsements`, headers: { 'content-type': 'application/json' }, payload: '{"comment": ' });
  assert.equal(response.statusCode, 401);
  assert.equal(response.json().code, 'UNAUTHENTICATED');
});

test('a citizen’s token cannot reach an agency action’s body', async () => {
  const token = await apiTokenFor(petitionsDb(t.deps.services.db), f.citizen.id, t.clock.now());
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/proposals/${proposalId}/response`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: '{"outcome": ',
  });
  assert.equal(response.statusCode, 403);
  assert.equal(response.json().code, 'FORBIDDEN');
});

test('an anonymous upload to a draft is refused before the file is read', async () => {
  const boundary = '----refusal';
  const payload = [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="a.txt"', 'Content-Type: text/plain', '', 'x'.repeat(1024), `--${boundary}--`, ''].join('\r\n');
  const response = await t.app.inject({ method: 'POST', url: `/proposals/${proposalId}/files`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  assert.equal(response.statusCode, 401);
});
