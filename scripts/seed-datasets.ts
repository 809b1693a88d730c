/**
 * Generates N realistic datasets (zh-TW titles and descriptions from vocabularies, 1–5 resources
 * each) into the configured database (DATABASE_URL, or ./data/opengov.db):
 *   npm run seed:datasets -- --count 50000 [--batch 500] [--seed 1]
 * Agencies are seeded first when the database has none.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/core/config.js';
import { migrate, openPlatform } from '../src/platform.js';
import { seedAgencies } from '../src/modules/agencies/seed.js';
import { bulkLoadDatasets } from '../src/modules/opendata/catalog/generator.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, batch: { type: 'string', default: '500' }, seed: { type: 'string', default: '1' } } });
const count = Number(values.count);
const batchSize = Number(values.batch);
if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive whole number');
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw new Error('--batch must be between 1 and 5000');

const platform = openPlatform(loadConfig());
try {
  await migrate(platform.services);
  await seedAgencies(platform.services);
  const start = performance.now();
  let last = 0;
  await bulkLoadDatasets(platform.services, {
    count,
    batchSize,
    seed: Number(values.seed),
    onProgress: (done) => {
      if (done - last >= 10_000 || done === count) {
        last = done;
        console.error(`${done} / ${count}`);
      }
    },
  });
  console.log(`seeded ${count} datasets in ${((performance.now() - start) / 1000).toFixed(1)} s`);
} finally {
  await platform.dbHandle.close();
}
