import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { Markdown, safeLinkHref } from './markdown.js';

const html = (source: string, headingLevel?: number) => renderToString(<Markdown source={source} headingLevel={headingLevel} />);

describe('Markdown for user text', () => {
  it('renders paragraphs, line breaks, lists, emphasis and code', () => {
    assert.equal(html('一\n二\n\n三'), '<div class="og-markdown"><p>一<br/>二</p><p>三</p></div>');
    assert.equal(html('- a\n- **b**\n\n1. x\n2. *y*'), '<div class="og-markdown"><ul class="usa-list"><li>a</li><li><strong>b</strong></li></ul><ol class="usa-list"><li>x</li><li><em>y</em></li></ol></div>');
    assert.match(html('3. c\n4. d'), /<ol class="usa-list" start="3">/);
    assert.match(html('用 `a<b` 比較\n\n```\nif (a < b) {}\n```'), /<code>a&lt;b<\/code>.*<pre><code>if \(a &lt; b\) {}\n<\/code><\/pre>/s);
    assert.equal(html('   '), '');
  });

  it('shifts headings below the page headings', () => {
    assert.match(html('# 標題\n\n## 小節'), /<h3>標題<\/h3><h4>小節<\/h4>/);
    assert.match(html('# 標題', 2), /<h2>標題<\/h2>/);
    assert.match(html('###### 六', 3), /<h6>六<\/h6>/);
  });

  it('links http, https, mailto and site paths with rel ugc; bare URLs too', () => {
    assert.match(html('[資料](https://data.gov.tw/)'), /<a href="https:\/\/data.gov.tw\/" rel="nofollow ugc noopener noreferrer" class="usa-link usa-link--external">資料<\/a>/);
    assert.match(html('[信](mailto:a@example.tw)'), /<a href="mailto:a@example.tw" rel="nofollow ugc noopener noreferrer" class="usa-link">信<\/a>/);
    assert.match(html('[提議](/proposals/1)'), /<a href="\/proposals\/1"/);
    assert.match(html('見 https://example.tw/a?b=1 。'), /<a href="https:\/\/example.tw\/a\?b=1"[^>]*>https:\/\/example.tw\/a\?b=1<\/a> 。/);
    assert.doesNotMatch(html('example.tw 與 a@example.tw'), /<a /, 'no fuzzy links');
  });

  it('refuses javascript:, data: and other schemes; keeps the text', () => {
    for (const link of ['[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](data:text/html,hi)', '[x](vbscript:x)', '[x](//evil.example/)', '<javascript:alert(1)>', '[x](file:///etc/passwd)']) {
      const out = html(link);
      assert.doesNotMatch(out, /<a /, link);
      assert.match(out, /x|javascript/, link);
    }
    assert.equal(safeLinkHref('javascript:alert(1)'), null);
    assert.equal(safeLinkHref(' https://a.tw '), 'https://a.tw/');
    assert.equal(safeLinkHref('/\\evil.example'), null);
  });

  it('shows HTML as text and renders no images', () => {
    const out = html('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> **<b>** ![圖](https://example.tw/t.png) 若 a<b 且 c>d 則成立');
    assert.doesNotMatch(out, /<script|<img|<b>/);
    assert.match(out, /&lt;script>alert\(1\)&lt;\/script>/);
    assert.match(out, /&lt;img src=x onerror=alert\(1\)>/);
    assert.match(out, /若 a&lt;b 且 c>d 則成立/);
  });
});
