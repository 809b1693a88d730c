import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from './helpers.js';
import { seedDemo } from '../src/platform.js';

test('the header search finds datasets, proposals, conversations and agencies in one page', async () => {
  const t = await createTestApp();
  try {
    await seedDemo(t.deps);
    const zh = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('公車')}` });
    assert.equal(zh.statusCode, 200);
    assert.match(zh.body, /<h2[^>]*>開放資料/);
    assert.match(zh.body, /臺北市公車站牌位置/);
    assert.match(zh.body, /href="\/datasets\/[^"]+"/);
    assert.match(zh.body, /<h2[^>]*>提點子/);
    assert.match(zh.body, /開放公車與捷運即時到站資料的統一 API/);
    assert.match(zh.body, /href="\/proposals\/[^"]+"/);

    const conversations = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('數位服務 隱私')}` });
    assert.match(conversations.body, /<h2[^>]*>意見徵集討論/);
    assert.match(conversations.body, /href="\/deliberation\/[^"]+"/);

    const agencies = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('數位發展部')}&lang=en` });
    assert.match(agencies.body, /<h2[^>]*>Agencies/);
    assert.match(agencies.body, /href="\/agencies\/moda"/);

    const english = await t.app.inject({ method: 'GET', url: '/search?q=Typhoon&lang=en' });
    assert.match(english.body, /Typhoon warnings/);
    assert.match(english.body, /All 1 in|Typhoon warnings<\/a>/);

    // Query syntax typed into the box is searched as words, never a 409 or a 500.
    for (const q of ['公車 (', 'title:', '"', 'a AND OR', '\\']) {
      const res = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}` });
      assert.equal(res.statusCode, 200, `${q}: ${res.statusCode}`);
    }
    const none = await t.app.inject({ method: 'GET', url: '/search?q=zzzznothing' });
    assert.match(none.body, /找不到符合的結果/);
  } finally {
    await t.close();
  }
});
