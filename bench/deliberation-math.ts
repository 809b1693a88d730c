/**
 * Bench of the deliberation math engine: a synthetic conversation (10,000 participants × 1,000
 * statements at 10 % density, planted opinion groups, seeded) analysed one-shot, then updated
 * incrementally after 1 % new votes. Prints name=value lines only. BENCH_SCALE=0.1 runs smaller
 * (participants and statements both scaled).
 */
import { adjustedRandIndex } from '../src/modules/deliberation/math/ari.js';
import { analyzeOneShot, ConversationMath } from '../src/modules/deliberation/math/pipeline.js';
import { syntheticConversation, syntheticFollowUp } from '../src/modules/deliberation/math/synthetic.js';
import type { MathResult } from '../src/modules/deliberation/math/types.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
if (!(scale > 0)) throw new Error('BENCH_SCALE must be a positive number');

const conversation = syntheticConversation({
  participants: Math.round(10_000 * scale),
  comments: Math.max(2, Math.round(1_000 * scale)),
  density: 0.1,
  groups: 3,
  seed: 42,
});
const comments = Array.from({ length: conversation.comments }, (_, id) => ({ id }));

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let oneShot: MathResult | undefined;
const analyzeTimes = [0, 1, 2].map(() => seconds(() => (oneShot = analyzeOneShot(comments, conversation.votes))));

const math = new ConversationMath();
math.addVotes(conversation.votes);
math.update();
math.addVotes(syntheticFollowUp(conversation, Math.round(conversation.votes.vote.length * 0.01), 7));
const updateTime = seconds(() => math.update());

const grouped = oneShot!.participants.filter((p) => p.group !== null);
const plantedAri = adjustedRandIndex(
  grouped.map((p) => p.group!),
  grouped.map((p) => conversation.plantedGroup[p.id]),
);

const out = (name: string, value: number | string): void => {
  process.stdout.write(`${name}=${value}\n`);
};
out('participants', conversation.plantedGroup.length);
out('statements', conversation.comments);
out('votes', conversation.votes.vote.length);
out('analyze_s', median(analyzeTimes).toFixed(3));
out('update_s', updateTime.toFixed(3));
out('groups', oneShot!.groups.length);
out('planted_ari', plantedAri.toFixed(4));
