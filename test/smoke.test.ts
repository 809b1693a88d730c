import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from './helpers.js';

test('home page, health and a 404 render', async () => {
  const t = await createTestApp();
  try {
    const home = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /開放政府平臺/);
    const en = await t.app.inject({ method: 'GET', url: '/?lang=en' });
    assert.match(en.body, /Open Government Platform/);
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.json().status, 'ok');
    const missing = await t.app.inject({ method: 'GET', url: '/no-such-page' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /找不到頁面/);
  } finally {
    await t.close();
  }
});
