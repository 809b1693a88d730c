import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemoCatalog } from './demo.js';
import { packageSearch } from '../search/actions/package_search.js';
import { opendataPlatform } from '../test/fixtures.js';

test('the demo catalog loads realistic datasets with platform-served files that earn quality marks', async () => {
  const t = await opendataPlatform();
  try {
    await seedDemoCatalog(t.deps);
    await seedDemoCatalog(t.deps); // idempotent
    const all = await t.deps.registry.call(packageSearch, { rows: 50, 'facet.field': ['organization', 'quality_mark'] }, { actor: null });
    assert.equal(all.count, 7);
    assert.ok(all.facets.organization!.length >= 5);
    assert.ok(all.results.every((d) => d.resources.every((r) => r.url_type === 'upload')));
    const air = all.results.find((d) => d.name === 'aqi-hourly')!;
    assert.equal(air.quality_mark, 'gold', JSON.stringify(air.quality_report?.filter((c) => !c.ok)));
    assert.equal((await t.deps.registry.call(packageSearch, { q: '公車' }, { actor: null })).results[0]!.name, 'taipei-bus-stops');
    assert.equal((await t.deps.registry.call(packageSearch, { q: 'typhoon' }, { actor: null })).results[0]!.language, 'en');
  } finally {
    await t.close();
  }
});
