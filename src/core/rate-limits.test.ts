import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform } from '../../test/helpers.js';
import { FakeClock } from './clock.js';
import { databaseRateLimits, memoryRateLimits, type RateLimits } from './rate-limits.js';

async function behavesAsFixedWindows(limits: RateLimits, clock: FakeClock) {
  const a = { key: 'test:a', windowMs: 60_000 };
  const b = { key: 'test:b', windowMs: 10_000 };
  assert.deepEqual(await limits.hit([a, b]), [
    { current: 1, ttl: 60_000 },
    { current: 1, ttl: 10_000 },
  ]);
  clock.advance(5_000);
  assert.deepEqual(await limits.hit([a, b]), [
    { current: 2, ttl: 55_000 },
    { current: 2, ttl: 5_000 },
  ]);
  clock.advance(5_000);
  // b's window ended: a fresh one starts at 1; a keeps counting.
  assert.deepEqual(await limits.hit([b, a]), [
    { current: 1, ttl: 10_000 },
    { current: 3, ttl: 50_000 },
  ]);
  // The same key twice in one call counts once and answers both.
  const [first, second] = await limits.hit([a, a]);
  assert.equal(first!.current, second!.current);
  assert.equal(first!.current, 4);
  // Racing hits never lose a count.
  const results = await Promise.all(Array.from({ length: 20 }, () => limits.hit([{ key: 'test:race', windowMs: 60_000 }])));
  assert.deepEqual(results.map(([r]) => r!.current).sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 1));
  clock.advance(2 * 3_600_000);
  await limits.prune();
  assert.equal((await limits.hit([a]))[0]!.current, 1, 'a pruned window starts again');
}

test('in-memory rate limits (SQLite: one serving process) count fixed windows', async () => {
  const clock = new FakeClock('2026-03-02T02:00:00.000Z');
  await behavesAsFixedWindows(memoryRateLimits(clock), clock);
});

test('database rate limits (shared by every process on PostgreSQL) count fixed windows', async () => {
  const clock = new FakeClock('2026-03-02T02:00:00.000Z');
  const t = await createTestPlatform({ clock });
  try {
    await behavesAsFixedWindows(databaseRateLimits(t.deps.services.db, t.deps.services.dialect, clock), clock);
  } finally {
    await t.close();
  }
});

test('the platform uses database counters on PostgreSQL and memory on SQLite', async () => {
  const t = await createTestPlatform();
  try {
    const { rateLimits, db, dialect } = t.deps.services;
    await rateLimits.hit([{ key: 'test:where', windowMs: 60_000 }]);
    const rows = await db.selectFrom('rate_limits').select('key').where('key', '=', 'test:where').execute();
    assert.equal(rows.length, dialect === 'postgres' ? 1 : 0);
  } finally {
    await t.close();
  }
});
