// The schema the migrations build, against the one recorded in test/schema/<engine>.json. It proves
// that rewriting a migration (with the column helpers of core/db/columns.ts, say) changed nothing,
// and it makes any change to an existing table visible in review. Tables the snapshot does not know
// yet (a new module's) are only reported. After a deliberate change to a table, record it again on
// both engines:
//   UPDATE_SCHEMA_SNAPSHOT=1 node scripts/run-tests.mjs test/schema.test
//   UPDATE_SCHEMA_SNAPSHOT=1 TEST_DATABASE_URL=... node scripts/run-tests.mjs test/schema.test
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestPlatform } from './helpers.js';
import { dumpSchema, type SchemaDump } from './schema-dump.js';

const snapshotDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema');

test('the migrations build the recorded schema: every recorded table unchanged, column by column', async (t) => {
  const platform = await createTestPlatform();
  try {
    const { db, dialect } = platform.deps.services;
    const built = await dumpSchema(db, dialect);
    const file = path.join(snapshotDir, `${dialect}.json`);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT) {
      fs.mkdirSync(snapshotDir, { recursive: true });
      fs.writeFileSync(file, snapshotText(built));
      t.diagnostic(`recorded ${Object.keys(built).length} tables in ${path.relative(process.cwd(), file)}`);
      return;
    }
    const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaDump;
    for (const [name, table] of Object.entries(recorded)) assert.deepEqual(built[name], table, `table ${name} (${dialect}) differs from ${path.basename(file)}`);
    const unrecorded = Object.keys(built).filter((name) => !(name in recorded));
    if (unrecorded.length > 0) t.diagnostic(`not in the snapshot yet: ${unrecorded.join(', ')}`);
  } finally {
    await platform.close();
  }
});

/** JSON with one line per column, index and constraint, so that a schema change is a small diff. */
function snapshotText(dump: SchemaDump): string {
  const list = (items: unknown[]) => (items.length === 0 ? '[]' : `[\n${items.map((item) => `      ${JSON.stringify(item)}`).join(',\n')}\n    ]`);
  const tables = Object.entries(dump).map(([name, table]) => {
    const fields = Object.entries(table).map(([key, value]) => `    ${JSON.stringify(key)}: ${Array.isArray(value) ? list(value) : JSON.stringify(value)}`);
    return `  ${JSON.stringify(name)}: {\n${fields.join(',\n')}\n  }`;
  });
  return `{\n${tables.join(',\n')}\n}\n`;
}
