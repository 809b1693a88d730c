// The site's notices: each page in both languages, linked from every page's footer, naming the
// operator and contact address from the configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../../test/helpers.js';

const pages: Array<[string, RegExp, RegExp]> = [
  ['/privacy', /<h1>隱私權政策<\/h1>/, /<h1>Privacy notice<\/h1>/],
  ['/terms', /<h1>使用條款<\/h1>/, /<h1>Terms of use<\/h1>/],
  ['/contact', /<h1>聯絡我們<\/h1>/, /<h1>Contact us<\/h1>/],
  ['/accessibility', /<h1>無障礙聲明<\/h1>/, /<h1>Accessibility statement<\/h1>/],
];

test('privacy, terms, contact and accessibility pages render in zh-TW and English and are in every footer', async () => {
  const t = await createTestApp();
  try {
    for (const [url, zh, en] of pages) {
      const zhPage = await t.app.inject({ method: 'GET', url });
      assert.equal(zhPage.statusCode, 200, url);
      assert.match(zhPage.body, zh, url);
      assert.match(zhPage.body, /<html lang="zh-Hant-TW">/, url);
      assert.match(zhPage.body, /contact@localhost/, `${url} names the default contact address`);
      assert.doesNotMatch(zhPage.body, /\{(operator|email|version)\}/, `${url} fills every placeholder`);
      const enPage = await t.app.inject({ method: 'GET', url: `${url}?lang=en` });
      assert.equal(enPage.statusCode, 200, url);
      assert.match(enPage.body, en, url);
      assert.match(enPage.body, /<html lang="en">/, url);
      assert.doesNotMatch(enPage.body.split('<main')[1]!.split('</main>')[0]!, /[\u4e00-\u9fff]/, `${url} in English carries no Chinese`);
    }
    const home = await t.app.inject({ method: 'GET', url: '/' });
    for (const [url] of pages) assert.match(home.body, new RegExp(`<footer[\\s\\S]*href="${url}"`), `footer links ${url}`);
    assert.match(home.body, /<link rel="icon" href="\/assets\/favicon.svg"/);

    const privacy = await t.app.inject({ method: 'GET', url: '/privacy' });
    for (const right of ['查詢或請求閱覽', '請求製給複製本', '請求補充或更正', '請求停止蒐集、處理或利用', '請求刪除']) assert.ok(privacy.body.includes(right), right);
    assert.match(privacy.body, /個人資料保護法/);
    const accessibility = await t.app.inject({ method: 'GET', url: '/accessibility?lang=en' });
    assert.match(accessibility.body, /WCAG/);
    assert.match(accessibility.body, /Report a barrier/);
  } finally {
    await t.close();
  }
});

test('the operator named by OPERATOR_NAME and CONTACT_* appears on the notices', async () => {
  const t = await createTestApp({ config: { OPERATOR_NAME: '臺灣示範市政府', CONTACT_EMAIL: 'opengov@example.gov.tw', CONTACT_PHONE: '02-2345-6789', CONTACT_ADDRESS: '臺北市信義區市府路 1 號' } });
  try {
    const contact = await t.app.inject({ method: 'GET', url: '/contact' });
    assert.match(contact.body, /臺灣示範市政府/);
    assert.match(contact.body, /href="mailto:opengov@example.gov.tw"/);
    assert.match(contact.body, /href="tel:0223456789"/);
    assert.match(contact.body, /臺北市信義區市府路 1 號/);
    const privacy = await t.app.inject({ method: 'GET', url: '/privacy?lang=en' });
    assert.match(privacy.body, /臺灣示範市政府 runs this platform/);
    assert.match(privacy.body, /opengov@example.gov.tw/);
  } finally {
    await t.close();
  }
});

test('robots.txt keeps crawlers out of account, admin and sign-in areas; /favicon.ico leads to the icon', async () => {
  const t = await createTestApp();
  try {
    const robots = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    assert.equal(robots.statusCode, 200);
    assert.match(robots.headers['content-type'] as string, /^text\/plain/);
    for (const path of ['/account', '/admin', '/signin', '/signup', '/password', '/api/v1/tokens']) assert.match(robots.body, new RegExp(`^Disallow: ${path}$`, 'm'), path);
    assert.doesNotMatch(robots.body, /^Disallow: \/$/m, 'public pages stay open');
    const icon = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    assert.equal(icon.statusCode, 301);
    assert.equal(icon.headers.location, '/assets/favicon.svg');
    const svg = await t.app.inject({ method: 'GET', url: '/assets/favicon.svg' });
    assert.equal(svg.statusCode, 200);
    assert.match(svg.headers['content-type'] as string, /^image\/svg\+xml/);
  } finally {
    await t.close();
  }
});
