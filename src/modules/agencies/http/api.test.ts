import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../../test/helpers.js';
import { agencySeeds } from '../seed-data.js';
import { seedAgencies } from '../seed.js';

let t: TestApp;

before(async () => {
  t = await createTestApp();
  await seedAgencies(t.deps.services);
});

after(async () => {
  await t?.close();
});

describe('GET /api/v1/agencies', () => {
  test('lists every agency with only the published fields', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/agencies' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const body = response.json();
    assert.equal(body.count, agencySeeds.length);
    assert.equal(body.agencies.length, agencySeeds.length);
    const moda = body.agencies.find((a: { code: string }) => a.code === 'moda');
    assert.deepEqual(Object.keys(moda).sort(), ['code', 'id', 'kind', 'level', 'nameEn', 'nameZh', 'parentId', 'website']);
    assert.equal(moda.nameZh, '數位發展部');
    assert.equal(moda.level, 2);
  });

  test('filters by kind and by words of the name', async () => {
    const local = (await t.app.inject({ method: 'GET', url: '/api/v1/agencies?kind=local' })).json();
    assert.equal(local.count, agencySeeds.filter((s) => s.kind === 'local').length);
    assert.ok(local.agencies.every((a: { kind: string }) => a.kind === 'local'));

    const weather = (await t.app.inject({ method: 'GET', url: `/api/v1/agencies?q=${encodeURIComponent('氣象')}` })).json();
    assert.deepEqual(weather.agencies.map((a: { code: string }) => a.code), ['motc-cwa']);
    const english = (await t.app.inject({ method: 'GET', url: '/api/v1/agencies?q=weather' })).json();
    assert.deepEqual(english.agencies.map((a: { code: string }) => a.code), ['motc-cwa']);
    const none = (await t.app.inject({ method: 'GET', url: '/api/v1/agencies?q=zzzzqqq' })).json();
    assert.deepEqual(none, { count: 0, agencies: [] });
  });

  test('an unknown kind is a 400 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/agencies?kind=federal' });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    assert.equal(response.json().code, 'INVALID');
  });
});

describe('GET /api/v1/agencies/:code', () => {
  test('answers the agency, its parent chain from the top, its children and staff count', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/agencies/motc-cwa' });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.agency.nameEn, 'Central Weather Administration');
    assert.deepEqual(body.ancestors.map((a: { code: string }) => a.code), ['ey', 'motc']);
    assert.deepEqual(body.children, []);
    assert.equal(body.staffCount, 0);
    const motc = (await t.app.inject({ method: 'GET', url: '/api/v1/agencies/motc' })).json();
    assert.ok(motc.children.some((c: { code: string }) => c.code === 'motc-cwa'));
  });

  test('an unknown code is a 404 problem+json, in the request language', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/agencies/no-such-agency', headers: { 'accept-language': 'en' } });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json();
    assert.equal(problem.status, 404);
    assert.equal(problem.code, 'NOT_FOUND');
    assert.equal(problem.detail, 'We could not find the page or record you asked for.');
  });
});

test('both endpoints appear in the OpenAPI document under the agencies tag', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const list = doc.paths['/api/v1/agencies']?.get;
  const show = doc.paths['/api/v1/agencies/{code}']?.get;
  assert.ok(list && show, 'both paths are documented');
  assert.deepEqual(list.tags, ['agencies']);
  assert.deepEqual(show.tags, ['agencies']);
  assert.ok(list.responses['200'] && list.responses['400']);
  assert.ok(show.responses['200'] && show.responses['404']);
  assert.ok(list.parameters.some((p: { name: string }) => p.name === 'kind'));
});
