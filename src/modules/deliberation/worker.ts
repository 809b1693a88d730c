// The math worker thread: keeps warm ConversationMath instances and runs updates off the web
// process's event loop. It does no I/O; the runner in math-runner.ts reads and writes the database.
import { parentPort } from 'node:worker_threads';
import { ConversationMath, oneShotOrder } from './math/pipeline.js';
import type { MathStateJSON } from './math/pipeline.js';
import type { CommentInput, VoteColumns } from './math/types.js';

export interface UpdateRequest {
  id: number;
  op: 'update';
  conversationId: string;
  /** Version of the stored state this update starts from (0 = none). */
  baseVersion: number;
  /** Start from nothing and read the votes in one-shot order (spec §2.2) instead of warm-starting. */
  fresh: boolean;
  /** The stored state, sent when the worker does not hold `baseVersion` already. */
  state: string | null;
  votes: VoteColumns;
  comments: CommentInput[];
}

export interface ForgetRequest {
  id: number;
  op: 'forget';
  conversationId: string;
}

export type WorkerRequest = UpdateRequest | ForgetRequest;

export type WorkerResponse =
  | { id: number; ok: true; state: string; result: string; priorities: string; participants: number; groups: number; ms: number }
  | { id: number; ok: true; forgotten: true }
  | { id: number; ok: false; needState?: boolean; error?: string };

const MAX_CACHED = 16;
const cache = new Map<string, { version: number; math: ConversationMath }>();

function remember(conversationId: string, version: number, math: ConversationMath): void {
  cache.delete(conversationId);
  cache.set(conversationId, { version, math });
  while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}

export function handle(request: WorkerRequest): WorkerResponse {
  if (request.op === 'forget') {
    cache.delete(request.conversationId);
    return { id: request.id, ok: true, forgotten: true };
  }
  const started = performance.now();
  let math: ConversationMath;
  if (request.fresh) {
    math = new ConversationMath();
  } else {
    const cached = cache.get(request.conversationId);
    if (cached && cached.version === request.baseVersion) math = cached.math;
    else if (request.state !== null) math = ConversationMath.fromJSON(JSON.parse(request.state) as MathStateJSON);
    else return { id: request.id, ok: false, needState: true };
  }
  // The instance is mutated below; if anything fails it must not be reused.
  cache.delete(request.conversationId);
  math.setComments(request.comments);
  if (request.fresh) {
    const order = oneShotOrder(request.votes);
    math.reserveOrder(order.participantIds, order.commentIds);
  }
  math.addVotes(request.votes);
  const result = math.update();
  const priorities: Record<number, number> = {};
  for (const c of result.comments) priorities[c.id] = Number.isFinite(c.priority) ? c.priority : 0;
  const state = JSON.stringify(math.toJSON());
  remember(request.conversationId, request.baseVersion + 1, math);
  return {
    id: request.id,
    ok: true,
    state,
    result: JSON.stringify(result),
    priorities: JSON.stringify(priorities),
    participants: result.counts.participants,
    groups: result.counts.groups,
    ms: performance.now() - started,
  };
}

parentPort?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = handle(request);
  } catch (error) {
    cache.delete(request.conversationId);
    response = { id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(response);
});
