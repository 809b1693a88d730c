import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { Select } from './fields.js';
import { FilterForm, FilteredTable } from './filters.js';
import { emptyForm } from './form.js';
import { pageContextFor } from './test-context.js';

describe('filters', () => {
  it('is a GET search form that keeps the parameters it does not own and drops the page', () => {
    const ctx = pageContextFor('/admin/outbox', 'status=sent&sort=new&tag=a&tag=b%22&page=3');
    const html = renderToString(
      <FilterForm ctx={ctx} names={['status', 'channel']} label="Filter the outbox">
        <Select ctx={ctx} state={emptyForm({ status: 'sent' })} name="status" id="outbox-status" label="Status" options={[{ value: 'sent', label: 'Sent' }]} emptyLabel="All" markOptional={false} />
      </FilterForm>,
    );
    assert.match(html, /^<form class="usa-form usa-form--large og-filter" method="get" action="\/admin\/outbox" role="search" aria-label="Filter the outbox">/);
    assert.match(html, /<input type="hidden" name="sort" value="new"\/><input type="hidden" name="tag" value="a"\/><input type="hidden" name="tag" value="b&quot;"\/>/);
    assert.doesNotMatch(html, /name="page"|type="hidden" name="status"/);
    assert.match(html, /<label class="usa-label" for="outbox-status">Status<\/label>/);
    assert.match(html, /<button class="usa-button" type="submit">Apply filters<\/button><a class="usa-link" href="\/admin\/outbox\?sort=new&amp;tag=a&amp;tag=b%22">Clear filters<\/a>/);
  });

  it('offers no clear link when no filter is set', () => {
    const ctx = pageContextFor('/admin/outbox', 'status=');
    assert.doesNotMatch(renderToString(<FilterForm ctx={ctx} names={['status']} label="F" applyLabel="Go">x</FilterForm>), /Clear filters/);
  });

  it('puts the table of results, their count and page links under the filter', () => {
    const ctx = pageContextFor('/t', 'q=x');
    const html = renderToString(<FilteredTable ctx={ctx} filter={{ names: ['q'], label: 'F' }} controls={<span>controls</span>} caption="Rows" columns={[{ header: 'Name', cell: (r: { name: string }) => r.name }, { header: 'N', cell: () => 1 }]} rows={[{ name: '<a>' }]} total={1} page={1} pageSize={20} />);
    assert.match(html, /<span>controls<\/span>.*<\/form><div class="og-results"><p class="og-result-count" role="status">1 in all, showing 1–1<\/p>/s);
    assert.match(html, /<th scope="row" data-label="Name">&lt;a><\/th><td data-label="N">1<\/td>/);
    assert.match(renderToString(<FilteredTable ctx={ctx} filter={{ names: ['q'], label: 'F' }} controls={null} caption="Rows" columns={[]} rows={[]} total={0} emptyMessage="No rows" />), /No rows/);
    const own = renderToString(<FilteredTable ctx={ctx} filter={{ names: ['q'], label: 'F' }} controls={null} caption="Rows" columns={[{ header: 'N', cell: (n: number) => n }]} rows={[1, 2]} total={2} countText="2 rows found" />);
    assert.match(own, /role="status">2 rows found<\/p>/);
    assert.doesNotMatch(own, /<nav/, 'an unpaged table has no page links');
  });
});
