// Two app processes on one PostgreSQL database, endorsing the same proposal at once: the threshold
// is crossed exactly once, each person counts once, and the count equals the rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../core/clock.js';
import { loadConfig } from '../../core/config.js';
import { migrate, openPlatform } from '../../platform.js';
import { createTestSchema, testDatabaseUrl, withSchemasKept, type TestPlatform } from '../../../test/helpers.js';
import { startOpengovServers, type ProcessGroup } from '../../../test/processes.js';
import { apiTokenFor, insertUser, openProposal, setSettings, setupFixtures } from './test-support.js';
import { petitionsDb } from './tables.js';

const SECRET = 'petitions-multiprocess-secret-0123456789-abcdef';

test('two app processes endorsing one proposal: 成案 exactly once, everyone counted once', { skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set (run `npm run test:pg`)', timeout: 180_000 }, async () => {
  const database = await createTestSchema('pet_mp');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-pet-mp-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', SECRET, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: 'false' };
  const config = loadConfig({ NODE_ENV: 'test', SECRET, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  // Seed on a clock two days back so that endorsement is open now for the servers' real clock.
  const clock = new FakeClock(new Date(Date.now() - 2 * 86_400_000));
  const platform = openPlatform(config, { clock });
  let group: ProcessGroup | undefined;
  try {
    await withSchemasKept(() => migrate(platform.services));
    const t = { deps: platform.deps, clock, config } as unknown as TestPlatform;
    const f = await setupFixtures(t);
    const THRESHOLD = 50;
    await setSettings(t, { rules: { stages: [{ threshold: THRESHOLD, days: 60 }] } });
    const id = await openProposal(t, f, { title: '兩個程序同時附議' });
    const now = new Date().toISOString();
    const people = await Promise.all(Array.from({ length: 120 }, () => insertUser(petitionsDb(platform.services.db), now, { complete: false })));
    const tokens = await Promise.all(people.map((p) => apiTokenFor(petitionsDb(platform.services.db), p.id, new Date())));

    // The servers migrate at start; keep other tests from dropping schemas meanwhile.
    group = await withSchemasKept(() => startOpengovServers(2, env));
    const servers = group.processes;

    // Everyone at once, alternating between the processes; the first 30 also try a second time
    // through the other process.
    const attempts = [...tokens.map((token, i) => ({ token, server: servers[i % 2] })), ...tokens.slice(0, 30).map((token, i) => ({ token, server: servers[(i + 1) % 2] }))];
    const results = await Promise.all(
      attempts.map(async ({ token, server }) => {
        const response = await fetch(`${server.base}/api/v1/proposals/${id}/endorsements`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        return { status: response.status, body: (await response.json()) as { established?: boolean; count?: number; code?: string } };
      }),
    );
    const created = results.filter((r) => r.status === 201);
    const conflicts = results.filter((r) => r.status === 409);
    assert.equal(created.length, 120, JSON.stringify(results.filter((r) => r.status !== 201 && r.status !== 409).slice(0, 3)));
    assert.equal(conflicts.length, 30);
    assert.equal(created.filter((r) => r.body.established).length, 1, 'exactly one request establishes the proposal');
    const counts = created.map((r) => r.body.count).sort((a, b) => a! - b!);
    assert.deepEqual(counts, Array.from({ length: 120 }, (_, i) => i + 1), 'each endorsement saw its own place in line');

    const db = petitionsDb(platform.services.db);
    const row = await db.selectFrom('proposals').select(['status', 'endorsement_count', 'established_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'established');
    assert.equal(Number(row.endorsement_count), 120);
    const rows = await db.selectFrom('proposal_endorsements').select(['user_id']).where('proposal_id', '=', id).execute();
    assert.equal(rows.length, 120);
    assert.equal(new Set(rows.map((r) => r.user_id)).size, 120);
    const events = await db.selectFrom('proposal_events').select('kind').where('proposal_id', '=', id).where('kind', '=', 'established').execute();
    assert.equal(events.length, 1);
    const audits = await db.selectFrom('audit_log').select('action').where('subject_id', '=', id).where('action', '=', 'proposal_established').execute();
    assert.equal(audits.length, 1);
    for (const server of servers) {
      const count = (await (await fetch(`${server.base}/api/v1/proposals/${id}/count`)).json()) as { count: number };
      assert.equal(count.count, 120, 'both processes show the stored count');
    }
  } catch (error) {
    throw group ? group.withLogs(error) : error;
  } finally {
    await group?.stop();
    await platform.dbHandle.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
