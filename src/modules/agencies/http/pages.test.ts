import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, createTestApp, type TestApp } from '../../../../test/helpers.js';
import { seedDemoUsers } from '../../accounts/test-support.js';
import { agencyUpdate } from '../actions/agencies.js';
import { seedAgencies } from '../seed.js';
import { allTables } from '../../../../test/all-tables.js';
import { agenciesDb } from '../tables.js';

let t: TestApp;

before(async () => {
  t = await createTestApp();
  await seedAgencies(t.deps.services);
  await seedDemoUsers(t.deps);
});

after(async () => {
  await t?.close();
});

/** The part of the page between two pieces of text. */
function between(html: string, from: string, to: string): string {
  const start = html.indexOf(from);
  assert.ok(start >= 0, `page has ${from}`);
  const end = to ? html.indexOf(to, start + from.length) : html.length;
  return html.slice(start, end < 0 ? html.length : end);
}

function inOrder(html: string, texts: string[]): void {
  const positions = texts.map((text) => html.indexOf(text));
  positions.forEach((p, i) => assert.ok(p >= 0, `page has ${texts[i]}`));
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `in order: ${texts.join(', ')}`);
}

describe('the agency directory', () => {
  test('shows the central government as a tree, from the Office of the President and the five Yuan', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/agencies' });
    assert.equal(page.statusCode, 200);
    const central = between(page.body, '<h2 id="agencies-central">中央政府</h2>', '<h2 id="agencies-local">');
    inOrder(central, ['>總統府<', '>行政院<', '>立法院<', '>司法院<', '>考試院<', '>監察院<']);
    // Ministries nest under the Executive Yuan, subordinate agencies under their ministry.
    assert.match(central, /<a href="\/agencies\/ey">行政院<\/a><ul class="usa-list"><li><a href="\/agencies\/moi">內政部<\/a><ul class="usa-list"><li><a href="\/agencies\/moi-npa">內政部警政署<\/a>/);
    inOrder(between(central, '>行政院<', '>立法院<'), ['>內政部<', '>數位發展部<', '>國家發展委員會<', '>中央選舉委員會<']);
  });

  test('groups local governments into special municipalities, cities and counties', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/agencies' });
    const special = between(page.body, '>直轄市</h3>', '</h3>');
    const cities = between(page.body, '>市</h3>', '</h3>');
    const counties = between(page.body, '>縣</h3>', '</section>');
    for (const name of ['臺北市政府', '新北市政府', '桃園市政府', '臺中市政府', '臺南市政府', '高雄市政府']) assert.ok(special.includes(`>${name}<`), name);
    for (const name of ['基隆市政府', '新竹市政府', '嘉義市政府']) {
      assert.ok(cities.includes(`>${name}<`), name);
      assert.ok(!special.includes(`>${name}<`), name);
    }
    assert.equal([...counties.matchAll(/>[^<]+縣政府</g)].length, 13);
    assert.match(special, />臺北市政府<\/a><ul class="usa-list"><li><a href="\/agencies\/taipei-dot">臺北市政府交通局</);
  });

  test('uses English names on English pages', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/agencies?lang=en' });
    assert.match(page.body, /<html lang="en">/);
    assert.match(page.body, /<h1>Agency directory<\/h1>/);
    inOrder(page.body, ['>Office of the President<', '>Executive Yuan<', '>Ministry of Digital Affairs<', '>Special municipalities<', '>Taipei City Government<', '>Cities<', '>Counties<']);
    assert.doesNotMatch(page.body, />行政院</);
  });

  test('filters by name, and by kind', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/agencies?q=${encodeURIComponent('氣象')}` });
    assert.match(page.body, /找到 1 個機關/);
    assert.match(page.body, /<a href="\/agencies\/motc-cwa">交通部中央氣象署<\/a><span class="text-base-dark"> — 隸屬於交通部<\/span>/);
    assert.match(page.body, /value="氣象"/);
    const none = await t.app.inject({ method: 'GET', url: `/agencies?q=${encodeURIComponent('不存在的機關名')}` });
    assert.match(none.body, /沒有符合的機關/);
    const local = await t.app.inject({ method: 'GET', url: '/agencies?kind=local' });
    assert.doesNotMatch(local.body, /id="agencies-central"/);
    assert.match(local.body, />直轄市</);
    assert.match(local.body, /<option value="local" selected/);
  });
});

describe('an agency page', () => {
  test('shows both names, the parent chain as breadcrumbs, sub-agencies and staff count', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/agencies/moda' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>數位發展部<\/h1><p class="usa-intro" lang="en">Ministry of Digital Affairs<\/p>/);
    inOrder(between(page.body, 'class="usa-breadcrumb"', '</nav>'), ['>首頁<', 'href="/agencies"', 'href="/agencies/ey"', 'aria-current="page"><span>數位發展部<']);
    assert.match(page.body, /<dd lang="zh-Hant-TW">數位發展部<\/dd>/);
    assert.match(page.body, /<dd lang="en">Ministry of Digital Affairs<\/dd>/);
    assert.match(page.body, /<dt>上級機關<\/dt><dd><a href="\/agencies\/ey">行政院<\/a><\/dd>/);
    assert.match(page.body, /<dd>2 人<\/dd>/, 'the demo admin and staff of moda');
    assert.match(page.body, /所屬機關 \(2\)/);
    assert.match(page.body, /href="\/agencies\/moda-adi"/);
    assert.doesNotMatch(page.body, /\/edit"/, 'no edit link for visitors');
  });

  test('a top-level agency has no parent; English pages lead with the English name', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/agencies/president?lang=en' });
    assert.match(page.body, /<h1>Office of the President<\/h1><p class="usa-intro" lang="zh-Hant-TW">總統府<\/p>/);
    assert.match(page.body, /None \(top-level agency\)/);
    assert.match(page.body, /Sub-agencies \(2\)/);
  });

  test('links only http(s) websites', async () => {
    const change = (website: string) =>
      t.deps.registry.call(agencyUpdate, { currentCode: 'moda-acs', changes: { code: 'moda-acs', nameZh: '數位發展部資通安全署', nameEn: 'Administration for Cyber Security', parentCode: 'moda', kind: 'central', website } }, { actor: admin });
    await change('https://acs.gov.tw/');
    assert.match((await t.app.inject({ method: 'GET', url: '/agencies/moda-acs' })).body, /<a class="usa-link usa-link--external" href="https:\/\/acs.gov.tw\/"/);
    await assert.rejects(change('javascript:alert(1)'), (e: { code: string }) => e.code === 'INVALID');
    // A non-http value stored before validation existed is shown as text, never as a link.
    await allTables(agenciesDb(t.deps.services.db)).updateTable('agencies').set({ website: 'javascript:alert(1)' }).where('code', '=', 'moda-acs').execute();
    const page = await t.app.inject({ method: 'GET', url: '/agencies/moda-acs' });
    assert.doesNotMatch(page.body, /href="javascript:/);
    assert.match(page.body, /<dd>javascript:alert\(1\)<\/dd>/);
  });

  test('an unknown code is a 404 page', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/agencies/no-such-agency' });
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /找不到頁面/);
  });
});
