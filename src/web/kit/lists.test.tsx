import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { PaginatedList, Pagination } from './lists.js';
import { DataTable } from './tables.js';
import { pageContextFor } from './test-context.js';

describe('paginated lists', () => {
  it('shows the empty state when there is nothing', () => {
    const html = renderToString(<PaginatedList ctx={pageContextFor('/l')} total={0} page={1} pageSize={10} emptyMessage="None <yet>">items</PaginatedList>);
    assert.match(html, /role="status".*None &lt;yet>/s);
    assert.doesNotMatch(html, /items/);
  });

  it('announces the count, shows the items and links pages keeping the query', () => {
    const html = renderToString(<PaginatedList ctx={pageContextFor('/l', 'q=a%26b&page=2')} total={25} page={2} pageSize={10}>items</PaginatedList>);
    assert.match(html, /<p class="og-result-count" role="status">25 in all, showing 11–20<\/p>items<nav/);
    assert.match(html, /href="\/l\?q=a%26b&amp;page=1"[^>]*rel="prev"/);
    assert.match(html, /href="\/l\?q=a%26b&amp;page=3"[^>]*rel="next"/);
    assert.match(html, /aria-current="page">2</);
    assert.equal((html.match(/in all/g) ?? []).length, 1, 'the count once');
  });

  it('counts an unpaged list and has no page links for one page', () => {
    const html = renderToString(<PaginatedList ctx={pageContextFor('/l')} total={3}>items</PaginatedList>);
    assert.match(html, /role="status">3 in all</);
    assert.doesNotMatch(html, /<nav/);
    assert.match(renderToString(<Pagination ctx={pageContextFor('/l', '', 'zh-TW')} page={1} pageSize={10} total={3} />), /共 3 筆，第 1–3 筆/);
  });

  it('hides a table caption for screen readers only when asked', () => {
    const html = renderToString(<DataTable caption="Files" captionHidden rows={['a']} columns={[{ header: 'Name', cell: (r: string) => r }]} />);
    assert.match(html, /<div class="usa-table-container--scrollable" tabindex="0" role="region" aria-label="Files"><table class="usa-table usa-table--striped usa-table--stacked-header"><caption class="usa-sr-only">Files<\/caption>/);
  });
});
