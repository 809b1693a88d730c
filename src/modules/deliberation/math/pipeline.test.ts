import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjustedRandIndex } from './ari.js';
import { analyzeOneShot, ConversationMath, oneShotOrder } from './pipeline.js';
import { syntheticConversation, syntheticFollowUp } from './synthetic.js';
import type { MathResult, VoteInput } from './types.js';

/** Every number in the result is finite (undefined quantities must be null). */
function assertFinite(value: unknown, path = 'result'): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} = ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
}

const vote = (participantId: number, commentId: number, v: -1 | 0 | 1, time?: number): VoteInput => ({ participantId, commentId, vote: v, time });

function synthetic(participants: number, comments: number, seed: number, density = 0.2) {
  return syntheticConversation({ participants, comments, density, groups: 3, seed });
}

describe('degenerate conversations', () => {
  const cases: [string, VoteInput[]][] = [
    ['no votes', []],
    ['one participant, one comment', [vote(1, 1, 1)]],
    ['one participant, many comments', [1, 2, 3, 4, 5, 6, 7, 8].map((c) => vote(1, c, c % 2 ? 1 : -1))],
    ['two participants', [vote(1, 1, 1), vote(1, 2, -1), vote(2, 1, -1), vote(2, 2, 1)]],
    ['two comments', Array.from({ length: 30 }, (_, p) => [vote(p, 1, p % 2 ? 1 : -1), vote(p, 2, p % 3 ? 1 : 0)]).flat()],
    ['one comment, many participants', Array.from({ length: 40 }, (_, p) => vote(p, 9, ([1, -1, 0] as const)[p % 3]))],
    ['all passes', Array.from({ length: 20 }, (_, p) => [1, 2, 3].map((c) => vote(p, c, 0))).flat()],
    ['everyone agrees with everything', Array.from({ length: 20 }, (_, p) => [1, 2, 3, 4, 5, 6, 7].map((c) => vote(p, c, 1))).flat()],
  ];
  for (const [name, votes] of cases) {
    it(`${name}: no throw, no NaN`, () => {
      const result = analyzeOneShot([], votes);
      assertFinite(result);
      assert.equal(result.participants.length, new Set(votes.map((v) => v.participantId)).size);
      for (const p of result.participants) assert.equal(p.group === null, !p.inConv);
      const grouped = result.groups.reduce((n, g) => n + g.members.length, 0);
      assert.equal(grouped, result.counts.inConv);
      assert.doesNotThrow(() => JSON.stringify(result));
    });
  }

  it('a conversation whose comments are all moderated out', () => {
    const votes = Array.from({ length: 20 }, (_, p) => [1, 2].map((c) => vote(p, c, p % 2 ? 1 : -1))).flat();
    const result = analyzeOneShot([{ id: 1, moderated: -1 }, { id: 2, moderated: -1 }], votes);
    assertFinite(result);
    assert.deepEqual(result.consensus, { agree: [], disagree: [] });
    for (const g of result.groups) assert.deepEqual(g.representative, []);
  });
});

describe('one-shot pipeline (spec §2.2)', () => {
  it('orders columns by comment id and rows by (first comment id, participant id)', () => {
    const votes = [vote(5, 30, 1), vote(9, 10, 1), vote(2, 20, -1), vote(7, 10, 0), vote(5, 20, 1)];
    assert.deepEqual(oneShotOrder(votes), { participantIds: [7, 9, 2, 5], commentIds: [10, 20, 30] });
    const result = analyzeOneShot([], votes);
    assert.deepEqual(result.participants.map((p) => p.id), [7, 9, 2, 5]);
    assert.deepEqual(result.pca.commentIds, [10, 20, 30]);
  });

  it('recovers planted opinion groups', (t) => {
    // 40 votes per participant: enough signal for the 2-D map to separate the groups.
    const c = synthetic(600, 80, 11, 0.5);
    const result = analyzeOneShot([], c.votes);
    const grouped = result.participants.filter((p) => p.group !== null);
    const ari = adjustedRandIndex(
      grouped.map((p) => p.group!),
      grouped.map((p) => c.plantedGroup[p.id]),
    );
    t.diagnostic(`planted ARI=${ari.toFixed(4)} groups=${result.groups.length}`);
    assert.equal(result.groups.length, 3);
    assert.ok(ari >= 0.9, `ARI ${ari}`);
  });

  it('reports per-group votes in and out of the group', () => {
    const c = synthetic(300, 30, 12);
    const result = analyzeOneShot([], c.votes);
    for (const comment of result.comments) {
      const inGroups = comment.groupVotes.reduce((n, g) => n + g.inGroup.seen, 0);
      for (const g of comment.groupVotes) {
        assert.equal(g.inGroup.seen + g.otherGroups.seen, inGroups);
        assert.equal(g.inGroup.agree + g.inGroup.disagree + g.inGroup.pass, g.inGroup.seen);
        if (g.inGroup.seen > 0) assert.ok(Math.abs(g.inGroup.agreePct! - (100 * g.inGroup.agree) / g.inGroup.seen) < 1e-9);
      }
      assert.ok(comment.votes.seen >= inGroups);
    }
  });
});

describe('ConversationMath (incremental, spec §1)', () => {
  it('the latest vote counts', () => {
    const math = new ConversationMath();
    math.addVotes([vote(1, 1, 1, 10), vote(2, 1, 1, 10)]);
    math.update();
    math.addVotes([vote(1, 1, -1, 20)]);
    const result = math.update();
    assert.deepEqual(result.comments[0].votes, { agree: 1, disagree: 1, pass: 0, seen: 2, agreePct: 50, disagreePct: 50, passPct: 0 });
  });

  it('moderation zeroes a comment and removes it from selections; accepting restores it', () => {
    const c = synthetic(200, 20, 13);
    const math = new ConversationMath();
    math.addVotes(c.votes);
    const before = math.update();
    const target = before.consensus.agree[0]?.commentId ?? before.groups[0].representative[0].commentId;
    math.setModeration(target, -1);
    const after = math.update();
    const column = after.pca.commentIds.indexOf(target);
    assert.equal(after.comments[column].moderatedOut, true);
    assert.equal(after.pca.center[column], 0);
    for (const pc of after.pca.comps) assert.equal(pc[column], 0);
    const selected = [...after.consensus.agree, ...after.consensus.disagree, ...after.groups.flatMap((g) => g.representative)];
    assert.ok(selected.every((s) => s.commentId !== target));
    math.setModeration(target, 1);
    assert.equal(math.update().comments[column].moderatedOut, false);
  });

  it('meta comments are out of the math and routed with priority 49', () => {
    const c = synthetic(100, 10, 14);
    const math = new ConversationMath();
    math.setComments([{ id: 3, isMeta: true }]);
    math.addVotes(c.votes);
    const result = math.update();
    const meta = result.comments.find((x) => x.id === 3)!;
    assert.equal(meta.moderatedOut, true);
    assert.equal(meta.priority, 49);
  });

  it('routing uses the previous update’s group tallies', () => {
    const c = synthetic(100, 10, 15);
    const math = new ConversationMath();
    math.addVotes(c.votes);
    const first = math.update();
    const second = math.update();
    // First update: no previous tallies, so priority depends on extremity only.
    for (const x of first.comments) assert.ok(Math.abs(x.priority - (0.25 * (x.extremity + 1) * 9) ** 2) < 1e-9);
    assert.notDeepEqual(first.comments.map((x) => x.priority), second.comments.map((x) => x.priority));
  });

  it('participants stay in-conv once admitted', () => {
    const math = new ConversationMath();
    math.addVotes([1, 2, 3].map((p) => vote(p, 1, 1)));
    assert.equal(math.update().counts.inConv, 3);
    math.addVotes(Array.from({ length: 40 }, (_, p) => [1, 2, 3, 4, 5, 6, 7, 8].map((c) => vote(p + 10, c, 1))).flat());
    const result = math.update();
    assert.deepEqual(result.participants.filter((p) => [1, 2, 3].includes(p.id)).map((p) => p.inConv), [true, true, true]);
  });

  it('state round-trips: toJSON/fromJSON then update equals the uninterrupted run', () => {
    const c = synthetic(400, 50, 16);
    const more = syntheticFollowUp(c, 2000, 17);
    const half = Math.floor(c.votes.vote.length / 2);
    const slice = (from: number, to: number) => ({
      participantId: c.votes.participantId.slice(from, to),
      commentId: c.votes.commentId.slice(from, to),
      vote: c.votes.vote.slice(from, to),
      time: c.votes.time.slice(from, to),
    });

    const run = (interrupt: boolean): MathResult[] => {
      let math = new ConversationMath({ seed: 5 });
      math.setComments([{ id: 4, moderated: -1 }]);
      math.addVotes(slice(0, half));
      const results = [math.update()];
      math.addVotes(slice(half, c.votes.vote.length)); // pending while serialised
      if (interrupt) math = ConversationMath.fromJSON(JSON.parse(JSON.stringify(math.toJSON())));
      results.push(math.update());
      math.addVotes(more);
      if (interrupt) math = ConversationMath.fromJSON(JSON.parse(JSON.stringify(math.toJSON())));
      results.push(math.update());
      return results;
    };
    assert.deepEqual(run(true), run(false));
  });

  it('a fresh conversation is deterministic for a seed', () => {
    const c = synthetic(150, 20, 18);
    assert.deepEqual(analyzeOneShot([], c.votes, { seed: 1 }), analyzeOneShot([], c.votes, { seed: 1 }));
  });
});
