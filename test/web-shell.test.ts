// The shared page shell: error pages that leak nothing, both languages, the layout's landmarks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/app.js';
import { catalogKeys } from '../src/core/i18n/index.js';
import { createTestPlatform } from './helpers.js';

test('zh-TW and en have the same message keys', async () => {
  await import('../src/app.js'); // registers every module's messages
  const zh = new Set(catalogKeys('zh-TW'));
  const en = new Set(catalogKeys('en'));
  assert.deepEqual([...zh].filter((k) => !en.has(k)), [], 'keys missing in en');
  assert.deepEqual([...en].filter((k) => !zh.has(k)), [], 'keys missing in zh-TW');
});

test('an unexpected error gives a generic 500 page or problem, never the message', async () => {
  const t = await createTestPlatform();
  const { app } = await buildApp(t.deps.services);
  app.get('/boom', async () => {
    throw new Error('secret database detail');
  });
  app.get('/api/v1/boom', async () => {
    throw new Error('secret database detail');
  });
  await app.ready();
  try {
    const page = await app.inject({ method: 'GET', url: '/boom' });
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /系統錯誤/);
    assert.doesNotMatch(page.body, /secret database detail/);
    const api = await app.inject({ method: 'GET', url: '/api/v1/boom' });
    assert.equal(api.statusCode, 500);
    assert.equal(api.json().code, 'INTERNAL');
    assert.doesNotMatch(api.body, /secret/);
  } finally {
    await app.close();
    await t.close();
  }
});

test('the layout has a skip link, landmarks, a search box and a language switch that keeps the page', async () => {
  const t = await createTestPlatform();
  const { app } = await buildApp(t.deps.services);
  await app.ready();
  try {
    const res = await app.inject({ method: 'GET', url: '/search?q=abc' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="zh-Hant-TW"/);
    assert.match(res.body, /class="usa-skipnav" href="#main-content"/);
    assert.match(res.body, /<main id="main-content"/);
    assert.match(res.body, /<header/);
    assert.match(res.body, /<footer/);
    assert.match(res.body, /role="search"/);
    assert.match(res.body, /href="\/search\?q=abc&amp;lang=en"/);
    const en = await app.inject({ method: 'GET', url: '/search?q=abc&lang=en' });
    assert.match(en.body, /<html lang="en"/);
    assert.match(String(en.headers['set-cookie']), /lang=en/);
  } finally {
    await app.close();
    await t.close();
  }
});
