// Security review probes 580-592: on PostgreSQL a NUL character in a path, query or body reached a
// text column and failed the query with a 500 (SQLite stored it). The action validator now refuses
// NUL in any input field on both engines (core/validation.ts); this file runs on each engine
// (npm test, npm run test:pg) and sends the probes again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { person, createConversation } from '../src/modules/deliberation/test-support.js';
import { datasetInput, opendataApp, userWithToken } from '../src/modules/opendata/test/fixtures.js';
import { fieldsWithNul } from '../src/core/validation.js';

test('fieldsWithNul names every field holding NUL, in values and in keys', () => {
  assert.deepEqual(fieldsWithNul({ a: 'ok', b: ['x', 'y\u0000'], c: { 'd\u0000': 1 }, e: Buffer.from([0]) }), [
    { field: 'b.1', message: 'validation.control_characters' },
    { field: 'c', message: 'validation.control_characters' },
  ]);
  assert.deepEqual(fieldsWithNul('a\u0000'), [{ field: '_', message: 'validation.control_characters' }]);
});

test('probes 580-592: NUL in a path, query or body is a 4xx on this engine, never a 500', async () => {
  const t = await opendataApp();
  try {
    const staff = await userWithToken(t, { email: 'nul-staff@moda.gov.tw', role: 'agency_staff', agencyCode: 'moda' });
    const citizen = await userWithToken(t, { email: 'nul-citizen@test.opengov.tw', role: 'citizen' });
    const conversation = await createConversation(t.deps, person('platform_admin'), { agencyCode: 'moda' });
    const json = (token: string | null) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
    const probes: Array<{ probe: number; method: 'GET' | 'POST' | 'PATCH'; url: string; headers?: Record<string, string>; payload?: string }> = [
      { probe: 580, method: 'PATCH', url: '/api/v1/me', headers: json(citizen.token), payload: JSON.stringify({ name: 'a\u0000b' }) },
      { probe: 582, method: 'POST', url: '/api/3/action/package_create', headers: json(staff.token), payload: JSON.stringify(datasetInput({ name: 'nul-notes', notes: 'a\u0000b' })) },
      { probe: 584, method: 'GET', url: '/api/3/action/package_show?id=a%00b' },
      { probe: 589, method: 'GET', url: '/proposals/0192a000-0000-7000-8000-00000000%2000' },
      { probe: 589, method: 'GET', url: '/proposals/0192a000-0000-7000-8000-0000000000%00' },
      { probe: 590, method: 'GET', url: '/api/v1/data-requests/%00' },
      { probe: 591, method: 'GET', url: '/agencies/%00' },
      { probe: 591, method: 'GET', url: '/agencies/moda%00' },
      { probe: 592, method: 'POST', url: `/api/v1/deliberation/${conversation.id}/statements`, headers: json(citizen.token), payload: JSON.stringify({ body: '陳述\u0000內容' }) },
      { probe: 0, method: 'GET', url: '/api/v1/agencies?q=%00' },
      { probe: 0, method: 'GET', url: '/datasets?q=%00' },
    ];
    for (const p of probes) {
      const res = await t.app.inject({ method: p.method, url: p.url, headers: p.headers, payload: p.payload });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `probe ${p.probe} ${p.method} ${p.url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
    const me = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: json(citizen.token), payload: JSON.stringify({ name: 'a\u0000b' }) });
    assert.equal(me.statusCode, 400);
    assert.deepEqual(me.json().errors.map((e: { field: string }) => e.field), ['name']);
  } finally {
    await t.close();
  }
});
