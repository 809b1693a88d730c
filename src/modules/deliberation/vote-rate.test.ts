// Security review probe 489: one account flipped its vote 300 times in 0.8 s (every flip accepted,
// each scheduling a recompute). Votes are now limited per account, through the API and the pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../../test/helpers.js';
import { VOTE_RATE } from './model.js';
import { allTables } from '../../../test/all-tables.js';
import { deliberationDb } from './tables.js';
import { apiToken, createAgencies, createConversation, signedInUser } from './test-support.js';

test('probe 489: a vote flood from one account is refused with 429 past the per-account limit; another account still votes', async () => {
  const t = await createTestApp();
  try {
    await createAgencies(t.deps);
    const staff = await signedInUser(t, 'staff@moda.test', 'agency_staff', { agencyCode: 'moda' });
    const flooder = await signedInUser(t, 'flood@example.tw', 'citizen', { mobile: '0912345678' });
    const other = await signedInUser(t, 'other@example.tw', 'citizen', { mobile: '0923456789' });
    const c = await createConversation(t.deps, staff.actor);
    const token = await apiToken(t, flooder.actor);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 100; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/deliberation/${c.id}/votes`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ statement: 0, vote: i % 2 === 0 ? 'agree' : 'disagree' }),
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 429) assert.match(res.headers['content-type'] as string, /problem\+json/);
    }
    assert.deepEqual(Object.fromEntries(statuses), { 200: VOTE_RATE.max, 429: 100 - VOTE_RATE.max });
    const row = await allTables(deliberationDb(t.deps.services.db)).selectFrom('deliberation_votes').select('revisions').where('conversation_id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(Number(row.revisions), VOTE_RATE.max - 1);

    // The page says so too (the limit is the account's, whatever the way in).
    const page = await flooder.browser.submit(`/deliberation/${c.id}`, `/deliberation/${c.id}/vote`, { statement: '1', vote: 'agree' });
    assert.equal(page.statusCode, 429);
    assert.equal((await other.browser.submit(`/deliberation/${c.id}`, `/deliberation/${c.id}/vote`, { statement: '0', vote: 'agree' })).statusCode, 303);

    // A new window, a new allowance.
    t.clock.advance(VOTE_RATE.windowMs);
    const later = await t.app.inject({ method: 'POST', url: `/api/v1/deliberation/${c.id}/votes`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ statement: 1, vote: 'pass' }) });
    assert.equal(later.statusCode, 200, later.body);
  } finally {
    await t.close();
  }
});
