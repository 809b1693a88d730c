// Unit tests of the pure parts: routing choice, conversation state, the
// participation series, form helpers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLinkLines } from './http/pages/form.js';
import { fromLocalInput, safeReturnTo, toLocalInput } from './http/pages/shared.js';
import { chooseNext, conversationStatus, groupLabels, isVisible, timestampMs, UNSEEN_PRIORITY } from './model.js';
import { mayTakePart } from './policy.js';
import { participationSeries } from './report.js';

describe('deliberation model', () => {
  it('picks statements by routing priority, and uniformly before any math', () => {
    const candidates = [0, 1, 2].map((number) => ({ number, isMeta: false }));
    const priorities = new Map([
      [0, 1],
      [1, 0],
      [2, 3],
    ]);
    assert.equal(chooseNext(candidates, priorities, () => 0)?.number, 0);
    assert.equal(chooseNext(candidates, priorities, () => 0.3)?.number, 2, 'weight 0 is never picked');
    assert.equal(chooseNext(candidates, priorities, () => 0.99)?.number, 2);
    assert.equal(chooseNext(candidates, null, () => 0.5)?.number, 1);
    assert.equal(chooseNext([], priorities), null);
    // A statement the math has not seen yet gets the spec's zero-tally priority, (0.5·1·0.5·9)².
    assert.equal(UNSEEN_PRIORITY, (0.5 * 0.5 * 9) ** 2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[chooseNext(candidates, new Map([[0, 1], [1, 1]]), () => (i + 0.5) / 1000)!.number]!++;
    assert.ok(counts[2]! > counts[0]! * 3, 'unseen statements are boosted by novelty');
  });

  it('derives the conversation state from its dates and the clock', () => {
    const now = new Date('2026-03-02T02:00:00Z');
    assert.equal(conversationStatus({ opens_at: null, closes_at: null, read_only: 0 }, now), 'open');
    assert.equal(conversationStatus({ opens_at: '2026-03-03T00:00:00Z', closes_at: null, read_only: 0 }, now), 'scheduled');
    assert.equal(conversationStatus({ opens_at: null, closes_at: '2026-03-02T02:00:00Z', read_only: 0 }, now), 'closed');
    assert.equal(conversationStatus({ opens_at: null, closes_at: null, read_only: 1 }, now), 'closed');
  });

  it('knows who may take part and what is shown', () => {
    const citizen = { userId: 'u', role: 'citizen' as const, agencyId: null, emailVerified: true, mobileVerified: false, via: 'session' as const, level: 1 as const };
    assert.equal(mayTakePart(null, 'signed_in'), false);
    assert.equal(mayTakePart(citizen, 'signed_in'), true);
    assert.equal(mayTakePart(citizen, 'verified'), false);
    assert.equal(mayTakePart({ ...citizen, mobileVerified: true }, 'verified'), true);
    assert.equal(isVisible('pending', 'strict'), false);
    assert.equal(isVisible('pending', 'permissive'), true);
    assert.equal(isVisible('rejected', 'permissive'), false);
  });

  it('labels groups A, B, C by id and reads Polis timestamps in seconds or milliseconds', () => {
    assert.deepEqual([...groupLabels([4, 0, 2])], [[0, 'A'], [2, 'B'], [4, 'C']]);
    assert.equal(timestampMs(1435654192), 1435654192000);
    assert.equal(timestampMs(1435654192085), 1435654192085);
  });
});

describe('participation series and form helpers', () => {
  it('buckets by day, week or month with running totals', () => {
    const days = participationSeries([
      { day: '2026-03-01', votes: 5, participants: 2 },
      { day: '2026-03-03', votes: 1, participants: 1 },
    ]);
    assert.equal(days.bucket, 'day');
    assert.deepEqual(days.series.at(-1), { period: '2026-03-03', votes: 1, newParticipants: 1, totalVotes: 6, totalParticipants: 3 });
    const weeks = participationSeries([
      { day: '2026-01-01', votes: 1, participants: 1 },
      { day: '2026-01-02', votes: 1, participants: 1 },
      { day: '2026-06-01', votes: 2, participants: 1 },
    ]);
    assert.equal(weeks.bucket, 'week');
    assert.deepEqual(weeks.series.map((s) => s.period), ['2025-12-29', '2026-06-01']);
    assert.equal(participationSeries([{ day: '2015-06-30', votes: 1, participants: 1 }, { day: '2018-01-01', votes: 1, participants: 0 }]).series[0]!.period, '2015-06');
    assert.deepEqual(participationSeries([]), { bucket: 'day', series: [] });
  });

  it('reads datetime-local values as Taiwan time and keeps return paths on this site', () => {
    assert.equal(fromLocalInput('2026-03-02T10:00'), '2026-03-02T02:00:00.000Z');
    assert.equal(toLocalInput('2026-03-02T02:00:00.000Z'), '2026-03-02T10:00');
    assert.equal(fromLocalInput(''), null);
    assert.equal(fromLocalInput('tomorrow'), 'tomorrow');
    assert.equal(safeReturnTo('/proposals/1#vote', '/x'), '/proposals/1#vote');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil', '/..//evil']) assert.equal(safeReturnTo(bad, '/x'), '/x', bad);
    assert.deepEqual(parseLinkLines('資料 | https://a.tw\n\nhttps://b.tw'), [
      { title: '資料', url: 'https://a.tw' },
      { title: 'https://b.tw', url: 'https://b.tw' },
    ]);
  });
});
