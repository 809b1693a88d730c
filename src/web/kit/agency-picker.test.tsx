import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import type { Locale } from '../../core/i18n/index.js';
import { AgencyPicker, agencyPickerGroups, type PickerAgency } from './agency-picker.js';
import { pageContextFor } from './test-context.js';

const row = (id: string, parentId: string | null, nameZh: string, nameEn: string, kind: PickerAgency['kind'] = 'central'): PickerAgency => ({ id, code: `code-${id}`, nameZh, nameEn, parentId, kind });

// Listed out of order on purpose: the picker sorts.
const agencies: PickerAgency[] = [
  row('taipei-dot', 'taipei', '臺北市政府交通局', 'Department of Transportation, Taipei City Government', 'local'),
  row('president', null, '總統府', 'Office of the President'),
  row('moi-npa', 'moi', '內政部警政署', 'National Police Agency'),
  row('ey', null, '行政院', 'Executive Yuan'),
  row('taipei', null, '臺北市政府', 'Taipei City Government', 'local'),
  row('moda', 'ey', '數位發展部', 'Ministry of Digital Affairs'),
  row('as', 'president', '中央研究院', 'Academia Sinica'),
  row('ly', null, '立法院', 'Legislative Yuan'),
  row('new-taipei', null, '新北市政府', 'New Taipei City Government', 'local'),
  row('moi', 'ey', '內政部', 'Ministry of the Interior'),
];

const outline = (locale: Locale, options: Parameters<typeof agencyPickerGroups>[1] extends infer O ? Partial<O> : never = {}) =>
  agencyPickerGroups(agencies, { locale, ...options }).map((g) => `${g.kind}: ${g.options.map((o) => `${'-'.repeat(o.depth)}${o.name}${o.selectable ? '' : '(x)'}`).join(' | ')}`);

const pageContext = (locale: Locale) => pageContextFor('/data-requests/new', '', locale);

describe('agency picker order', () => {
  it('puts each agency under its parent and sorts siblings by stroke order in zh-TW', () => {
    assert.deepEqual(outline('zh-TW'), [
      'central: 立法院 | 行政院 | -內政部 | --內政部警政署 | -數位發展部 | 總統府 | -中央研究院',
      'local: 新北市政府 | 臺北市政府 | -臺北市政府交通局',
    ]);
  });

  it('sorts by the English names on English pages', () => {
    assert.deepEqual(outline('en'), [
      'central: Executive Yuan | -Ministry of Digital Affairs | -Ministry of the Interior | --National Police Agency | Legislative Yuan | Office of the President | -Academia Sinica',
      'local: New Taipei City Government | Taipei City Government | -Department of Transportation, Taipei City Government',
    ]);
  });

  it('falls back to the Chinese name where an agency has no English one', () => {
    const groups = agencyPickerGroups([row('x', null, '某機關', ' ')], { locale: 'en' });
    assert.equal(groups[0]!.options[0]!.name, '某機關');
  });

  it('gives each agency the path of its parents and submits the code, or the id when asked', () => {
    const npa = agencyPickerGroups(agencies, { locale: 'zh-TW' })[0]!.options.find((o) => o.name === '內政部警政署')!;
    assert.deepEqual(npa.path, ['行政院', '內政部']);
    assert.equal(npa.value, 'code-moi-npa');
    const byId = agencyPickerGroups(agencies, { locale: 'zh-TW', submits: 'id' })[0]!.options.find((o) => o.name === '內政部警政署')!;
    assert.equal(byId.value, 'moi-npa');
  });

  it('keeps a limit: only the allowed agencies are selectable, their ancestors shown to place them', () => {
    assert.deepEqual(outline('zh-TW', { selectable: (a) => a.id === 'moi-npa' || a.id === 'taipei' }), ['central: 行政院(x) | -內政部(x) | --內政部警政署', 'local: 臺北市政府']);
  });
});

describe('AgencyPicker', () => {
  const html = (locale: Locale, props: Partial<Parameters<typeof AgencyPicker>[0]> = {}) =>
    renderToString(<AgencyPicker ctx={pageContext(locale)} name="agency" label="機關" agencies={agencies} emptyLabel="" {...props} />);

  it('is a native select in groups, indented, and never shows a code', () => {
    for (const locale of ['zh-TW', 'en'] as const) {
      const out = html(locale);
      assert.match(out, /<select class="usa-select" id="field-agency" name="agency"/);
      assert.match(out, locale === 'en' ? /<optgroup label="Central government">/ : /<optgroup label="中央政府機關">/);
      assert.match(out, /data-path="行政院 › 內政部"[^>]*>\u3000\u3000內政部警政署<\/option>|data-path="Executive Yuan › Ministry of the Interior"[^>]*>\u3000\u3000National Police Agency<\/option>/);
      assert.match(out, /<script src="\/assets\/js\/agency-picker.js" defer><\/script>/);
      const shown = out.replace(/ value="[^"]*"/g, '');
      assert.doesNotMatch(shown, /code-/, `${locale}: a code is shown`);
    }
  });

  it('keeps the chosen agency after a validation error and marks the field', () => {
    const out = html('zh-TW', { state: { values: { agency: 'code-moda' }, errors: [{ field: 'agency', message: 'validation.required' }] }, required: true });
    assert.match(out, /<option value="code-moda" selected/);
    assert.equal(out.match(/ selected/g)?.length, 1);
    assert.match(out, /aria-invalid="true"/);
    assert.match(out, /id="field-agency-error"/);
  });

  it('takes a value from the query for filters, and disables agencies outside a limit', () => {
    const out = html('zh-TW', { value: 'code-moi', filter: true, selectable: (a) => a.id === 'moi' });
    assert.match(out, /<label class="usa-label" for="field-agency">機關<\/label>/);
    assert.match(out, /<option value="code-ey" disabled/);
    assert.match(out, /<option value="code-moi" selected/);
  });
});
