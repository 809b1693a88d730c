// Background work. Recurring jobs (sweeps) and queued one-off tasks live in the database and are
// claimed with guarded UPDATEs that only one process can win, so several app processes on one
// PostgreSQL database never run the same slot twice, and SQLite works the same way.
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { AnyDb, CoreTables } from '../db/types.js';
import { isUniqueViolation } from '../db/adapters.js';
import { newId } from '../ids.js';

export interface RecurringJobsTable {
  name: string;
  next_run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_run_at: string | null;
  last_error: string | null;
  runs: number;
}

export interface QueuedTasksTable {
  id: string;
  name: string;
  payload: string;
  unique_key: string | null;
  run_at: string;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
}

declare module '../db/types.js' {
  interface CoreTables {
    recurring_jobs: RecurringJobsTable;
    queued_tasks: QueuedTasksTable;
  }
}

export interface RecurringJob {
  name: string;
  everySeconds: number;
  run(): Promise<void>;
}

export interface TaskHandler {
  name: string;
  maxAttempts?: number;
  run(payload: unknown): Promise<void>;
}

const LEASE_MS = 5 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

export class JobRunner {
  readonly workerId = `${os.hostname()}:${process.pid}:${newId().slice(-6)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly recurring = new Map<string, RecurringJob>();
  private readonly handlers = new Map<string, TaskHandler>();

  constructor(
    private readonly db: Kysely<CoreTables>,
    private readonly clock: Clock,
    private readonly onError: (job: string, error: unknown) => void = () => {},
  ) {}

  addRecurring(job: RecurringJob): void {
    this.recurring.set(job.name, job);
  }

  addHandler(handler: TaskHandler): void {
    this.handlers.set(handler.name, handler);
  }

  /** Queues a one-off task; a task with the same unique key is queued only once. */
  async enqueue(anyDb: AnyDb, name: string, payload: unknown, options: { runAt?: Date; uniqueKey?: string } = {}): Promise<boolean> {
    const db = anyDb as Kysely<CoreTables>;
    const now = this.clock.now();
    try {
      await db
        .insertInto('queued_tasks')
        .values({
          id: newId(),
          name,
          payload: JSON.stringify(payload ?? null),
          unique_key: options.uniqueKey ?? null,
          run_at: (options.runAt ?? now).toISOString(),
          status: 'pending',
          attempts: 0,
          locked_by: null,
          locked_until: null,
          last_error: null,
          created_at: now.toISOString(),
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Runs every due recurring job and queued task once. Returns how many ran. */
  async tick(): Promise<number> {
    if (this.running) {
      await this.running;
    }
    let ran = 0;
    const work = (async () => {
      ran += await this.runDueRecurring();
      ran += await this.runDueTasks();
    })();
    this.running = work;
    try {
      await work;
    } finally {
      this.running = null;
    }
    return ran;
  }

  start(intervalMs = 5_000): void {
    if (this.timer) return;
    const loop = () => {
      this.tick()
        .catch((error) => this.onError('tick', error))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(loop, intervalMs);
        });
    };
    this.timer = setTimeout(loop, 200);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => {});
  }

  private async runDueRecurring(): Promise<number> {
    let ran = 0;
    for (const job of this.recurring.values()) {
      const nowMs = this.clock.now().getTime();
      await this.db
        .insertInto('recurring_jobs')
        .values({ name: job.name, next_run_at: iso(nowMs), locked_by: null, locked_until: null, last_run_at: null, last_error: null, runs: 0 })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const claimed = await this.db
        .updateTable('recurring_jobs')
        .set({ locked_by: this.workerId, locked_until: iso(nowMs + LEASE_MS) })
        .where('name', '=', job.name)
        .where('next_run_at', '<=', iso(nowMs))
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', iso(nowMs))]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      let lastError: string | null = null;
      try {
        await job.run();
      } catch (error) {
        lastError = String((error as Error).message ?? error).slice(0, 500);
        this.onError(job.name, error);
      }
      const doneMs = this.clock.now().getTime();
      await this.db
        .updateTable('recurring_jobs')
        .set((eb) => ({
          locked_by: null,
          locked_until: null,
          last_run_at: iso(doneMs),
          last_error: lastError,
          next_run_at: iso(doneMs + job.everySeconds * 1000),
          runs: eb('runs', '+', 1),
        }))
        .where('name', '=', job.name)
        .where('locked_by', '=', this.workerId)
        .execute();
      ran += 1;
    }
    return ran;
  }

  private async runDueTasks(limit = 20): Promise<number> {
    const nowMs = this.clock.now().getTime();
    const due = await this.db
      .selectFrom('queued_tasks')
      .select(['id', 'name', 'payload', 'attempts'])
      .where('status', '=', 'pending')
      .where('run_at', '<=', iso(nowMs))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', iso(nowMs))]))
      .orderBy('run_at')
      .limit(limit)
      .execute();
    let ran = 0;
    for (const task of due) {
      const handler = this.handlers.get(task.name);
      if (!handler) continue;
      const claimed = await this.db
        .updateTable('queued_tasks')
        .set({ locked_by: this.workerId, locked_until: iso(nowMs + LEASE_MS), attempts: task.attempts + 1 })
        .where('id', '=', task.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', task.attempts)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      try {
        await handler.run(JSON.parse(task.payload));
        await this.db.updateTable('queued_tasks').set({ status: 'done', locked_by: null, locked_until: null }).where('id', '=', task.id).execute();
      } catch (error) {
        const attempts = task.attempts + 1;
        const failed = attempts >= (handler.maxAttempts ?? 5);
        const retryAt = iso(this.clock.now().getTime() + Math.min(3600_000, 2 ** attempts * 10_000));
        await this.db
          .updateTable('queued_tasks')
          .set({ status: failed ? 'failed' : 'pending', locked_by: null, locked_until: null, run_at: retryAt, last_error: String((error as Error).message ?? error).slice(0, 500) })
          .where('id', '=', task.id)
          .execute();
        this.onError(task.name, error);
      }
      ran += 1;
    }
    return ran;
  }
}
