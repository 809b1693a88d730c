// Runs the math for conversations in a worker thread, debounced per conversation, and stores the
// warm-start state and results after each update. One runner per process (per Services).
//
// Coalescing: a conversation updates at most once per `intervalMs`; votes arriving meanwhile mark it
// dirty and are picked up by the next update. Several processes on one database are safe: the
// stored row is replaced only if its version is still the one the update started from.
import { Worker } from 'node:worker_threads';
import type { Services } from '../../core/action.js';
import { polisModeration } from './model.js';
import { allVotes, loadMathStatus, votesSince, type VoteRows } from './queries.js';
import type { UpdateRequest, WorkerRequest, WorkerResponse } from './worker.js';
import type { CommentInput } from './math/types.js';
import { deliberationDb } from './tables.js';

export const DEFAULT_INTERVAL_MS = 2000;

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };
type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from source through tsx: the worker registers tsx itself before loading worker.ts.
    const tsx = import.meta.resolve('tsx/esm/api');
    const target = new URL('./worker.ts', here).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(boot, { eval: true, execArgv: [] });
  }
  return new Worker(new URL('./worker.js', here), { execArgv: [] });
}

export interface RunOutcome {
  ran: boolean;
  version?: number;
  participants?: number;
  groups?: number;
  ms?: number;
}

export class MathRunner {
  intervalMs = DEFAULT_INTERVAL_MS;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<RunOutcome>>();
  private readonly dirty = new Set<string>();
  private readonly fullRequested = new Set<string>();
  private readonly lastStart = new Map<string, number>();
  private closed = false;

  constructor(private readonly services: Services) {}

  /** Votes or moderation changed: update soon (debounced, coalescing). */
  notify(conversationId: string, options: { full?: boolean } = {}): void {
    if (this.closed) return;
    if (options.full) this.fullRequested.add(conversationId);
    if (this.running.has(conversationId)) {
      this.dirty.add(conversationId);
      return;
    }
    if (this.timers.has(conversationId)) return;
    const wait = Math.max(0, (this.lastStart.get(conversationId) ?? -Infinity) + this.intervalMs - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(conversationId);
      void this.start(conversationId).catch(() => {});
    }, wait);
    timer.unref();
    this.timers.set(conversationId, timer);
  }

  /** Updates now (after a running update finishes) and waits; errors reach the caller. */
  async runNow(conversationId: string, options: { full?: boolean } = {}): Promise<RunOutcome> {
    if (options.full) this.fullRequested.add(conversationId);
    const timer = this.timers.get(conversationId);
    if (timer) clearTimeout(timer);
    this.timers.delete(conversationId);
    await this.running.get(conversationId)?.catch(() => {});
    return this.start(conversationId);
  }

  /** Runs every scheduled update now and waits until nothing is left (tests, shutdown). */
  async flush(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      for (const [id, timer] of this.timers) {
        clearTimeout(timer);
        this.timers.delete(id);
        void this.start(id).catch(() => {});
      }
      const running = [...this.running.values()];
      if (running.length === 0 && this.timers.size === 0) return;
      await Promise.allSettled(running);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.dirty.clear();
    await Promise.allSettled([...this.running.values()]);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(conversationId: string): Promise<RunOutcome> {
    this.lastStart.set(conversationId, Date.now());
    const run = this.run(conversationId).finally(() => {
      this.running.delete(conversationId);
      if (this.dirty.delete(conversationId)) this.notify(conversationId);
    });
    run.catch((error: unknown) => this.services.logger.error({ err: error, conversationId }, 'deliberation math update failed'));
    this.running.set(conversationId, run);
    return run;
  }

  private async run(conversationId: string): Promise<RunOutcome> {
    const { clock } = this.services;
    const db = deliberationDb(this.services.db);
    const full = this.fullRequested.delete(conversationId);
    const status = await loadMathStatus(db, conversationId);
    const statements = await db
      .selectFrom('deliberation_statements')
      .select(['number', 'status', 'is_meta'])
      .where('conversation_id', '=', conversationId)
      .execute();
    const comments: CommentInput[] = statements.map((s) => ({ id: s.number, moderated: polisModeration(s.status), isMeta: !!s.is_meta }));
    const fresh = full || !status;
    const votes: VoteRows = fresh ? await allVotes(db, conversationId) : await votesSince(db, conversationId, status!.votesSeq);
    if (fresh && votes.vote.length === 0) return { ran: false };
    const baseVersion = status?.version ?? 0;
    const votesSeq = Math.max(fresh ? 0 : status!.votesSeq, votes.maxSeq);
    const request: Distribute<UpdateRequest> = {
      op: 'update',
      conversationId,
      baseVersion,
      fresh,
      state: null,
      votes: { participantId: votes.participantId, commentId: votes.commentId, vote: votes.vote, time: votes.time },
      comments,
    };
    let response = await this.call(request);
    if (!response.ok && response.needState) {
      const row = await db.selectFrom('deliberation_math').select(['state', 'version']).where('conversation_id', '=', conversationId).executeTakeFirst();
      if (!row || row.version !== baseVersion) {
        this.dirty.add(conversationId);
        return { ran: false };
      }
      response = await this.call({ ...request, state: row.state });
    }
    if (!response.ok) throw new Error(`deliberation math failed: ${response.error ?? 'unknown error'}`);
    if (!('state' in response)) throw new Error('unexpected worker response');
    const values = {
      version: baseVersion + 1,
      votes_seq: votesSeq,
      state: response.state,
      result: response.result,
      priorities: response.priorities,
      computed_at: clock.now().toISOString(),
      duration_ms: Math.round(response.ms * 10) / 10,
      participants: response.participants,
      groups: response.groups,
    };
    let stored: boolean;
    if (status) {
      const updated = await db
        .updateTable('deliberation_math')
        .set(values)
        .where('conversation_id', '=', conversationId)
        .where('version', '=', baseVersion)
        .executeTakeFirst();
      stored = Number(updated.numUpdatedRows) === 1;
    } else {
      const inserted = await db
        .insertInto('deliberation_math')
        .values({ conversation_id: conversationId, ...values })
        .onConflict((oc) => oc.column('conversation_id').doNothing())
        .returning('version')
        .executeTakeFirst();
      stored = inserted !== undefined;
    }
    if (!stored) {
      // Another process stored an update first; our warm instance no longer matches the table.
      await this.call({ op: 'forget', conversationId });
      this.dirty.add(conversationId);
      return { ran: false };
    }
    return { ran: true, version: values.version, participants: values.participants, groups: values.groups, ms: response.ms };
  }

  private call(request: Distribute<WorkerRequest>): Promise<WorkerResponse> {
    if (!this.worker) this.worker = this.startWorker();
    const worker = this.worker;
    const id = this.nextId++;
    const message = { ...request, id } as WorkerRequest;
    const transfer = message.op === 'update' ? transferables(message) : [];
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(message, transfer);
    });
  }

  private startWorker(): Worker {
    const worker = spawnWorker();
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('message', (response: WorkerResponse) => {
      const p = this.pending.get(response.id);
      this.pending.delete(response.id);
      if (this.pending.size === 0) worker.unref();
      p?.resolve(response);
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => failAll(new Error(`deliberation math worker exited with code ${code}`)));
    worker.unref();
    return worker;
  }
}

function transferables(request: UpdateRequest): ArrayBuffer[] {
  const v = request.votes;
  return [v.participantId, v.commentId, v.vote, v.time]
    .filter((a): a is Int32Array | Int8Array | Float64Array => ArrayBuffer.isView(a))
    .map((a) => a.buffer as ArrayBuffer);
}

const runners = new WeakMap<Services, MathRunner>();

/** The runner of this process's services (created on first use). */
export function mathRunnerFor(services: Services): MathRunner {
  let runner = runners.get(services);
  if (!runner) {
    runner = new MathRunner(services);
    runners.set(services, runner);
  }
  return runner;
}
