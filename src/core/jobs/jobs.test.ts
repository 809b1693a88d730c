import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform } from '../../../test/helpers.js';
import { JobRunner } from './index.js';

test('a recurring job runs once per slot even with two runners ticking together', async () => {
  const t = await createTestPlatform();
  try {
    let runs = 0;
    const job = { name: 'count', everySeconds: 60, run: async () => void (runs += 1) };
    const a = new JobRunner(t.deps.services.db, t.clock);
    const b = new JobRunner(t.deps.services.db, t.clock);
    a.addRecurring(job);
    b.addRecurring(job);
    await Promise.all([a.tick(), b.tick()]);
    assert.equal(runs, 1);
    await Promise.all([a.tick(), b.tick()]);
    assert.equal(runs, 1, 'not due again before its interval');
    t.clock.advance(61_000);
    await Promise.all([a.tick(), b.tick()]);
    assert.equal(runs, 2);
  } finally {
    await t.close();
  }
});

test('a failing recurring job records its error and runs again next slot', async () => {
  const t = await createTestPlatform();
  try {
    const errors: string[] = [];
    const runner = new JobRunner(t.deps.services.db, t.clock, (name) => errors.push(name));
    runner.addRecurring({ name: 'boom', everySeconds: 10, run: async () => { throw new Error('kaboom'); } });
    await runner.tick();
    const row = await t.deps.services.db.selectFrom('recurring_jobs').selectAll().where('name', '=', 'boom').executeTakeFirstOrThrow();
    assert.equal(row.last_error, 'kaboom');
    assert.equal(row.locked_by, null);
    assert.deepEqual(errors, ['boom']);
  } finally {
    await t.close();
  }
});

test('queued tasks: unique keys queue once, failures retry with backoff, success is final', async () => {
  const t = await createTestPlatform();
  try {
    const seen: unknown[] = [];
    let fail = true;
    const runner = new JobRunner(t.deps.services.db, t.clock);
    runner.addHandler({ name: 'notify', run: async (payload) => { if (fail) throw new Error('smtp down'); seen.push(payload); } });
    assert.equal(await runner.enqueue(t.deps.services.db, 'notify', { to: 'a' }, { uniqueKey: 'notify:a' }), true);
    assert.equal(await runner.enqueue(t.deps.services.db, 'notify', { to: 'a' }, { uniqueKey: 'notify:a' }), false);
    await runner.tick();
    assert.deepEqual(seen, []);
    await runner.tick();
    assert.deepEqual(seen, [], 'not retried before the backoff');
    fail = false;
    t.clock.advance(60_000);
    await runner.tick();
    assert.deepEqual(seen, [{ to: 'a' }]);
    t.clock.advance(3_600_000);
    await runner.tick();
    assert.equal(seen.length, 1, 'a done task never runs again');
  } finally {
    await t.close();
  }
});
