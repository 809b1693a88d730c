// An action is the only entry point for behaviour: the JSON API, pages, CLI, jobs and tests all
// call actions through the registry, which validates input, checks the policy and opens a transaction.
import type { Static, TSchema } from '@sinclair/typebox';
import type pino from 'pino';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { DB, Dialect, Trx } from './db/index.js';
import type { AuditEntry } from './audit/index.js';
import type { RateLimits } from './rate-limits.js';
import type { CacheService } from './cache.js';
import type { Mailer } from './mail/index.js';
import type { SmsSender } from './sms/index.js';
import type { Locale } from './i18n/index.js';
import type { CalendarSettings } from './calendar-settings.js';
import type { CallerRequirement } from './access.js';

/** Long-lived things an action may use. Built once per process. */
export interface Services {
  db: DB;
  dialect: Dialect;
  clock: Clock;
  config: Config;
  mail: Mailer;
  sms: SmsSender;
  logger: pino.Logger;
  /** Working days, holidays and election freezes in force (defaults plus CALENDAR_FILE). */
  calendar: CalendarSettings;
  /** Rate-limit counters, shared by every process on PostgreSQL. */
  rateLimits: RateLimits;
  /** Named caches whose invalidations reach every process on the database (core/cache.ts). */
  cache: CacheService;
}

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  locale: Locale;
}

export interface ActionContext {
  actor: Actor | null;
  /** The open transaction (or the plain database for side-effect-free actions). */
  db: DB | Trx;
  dialect: Dialect;
  clock: Clock;
  config: Config;
  services: Services;
  request: RequestInfo;
  /** Appends to the hash-chained audit log inside the current transaction. */
  audit(entry: Omit<AuditEntry, 'actorId'>): Promise<void>;
  /** Runs after the transaction commits (sending, notifying); never runs on rollback. */
  afterCommit(task: () => Promise<void> | void): void;
  /** Runs when the action fails or its transaction rolls back (removing a file it placed). */
  onRollback(task: () => Promise<void> | void): void;
  /** Calls another action inside the same transaction, with the same actor. */
  call<A extends AnyAction>(action: A, input: Static<A['input']>): Promise<Awaited<ReturnType<A['run']>>>;
}

/**
 * An action, run by the registry in this order: `caller` (before any input is read), input
 * validation, `load` (the subject), `policy(ctx, input, subject)`, then `run` in a transaction.
 */
export interface ActionDefinition<I extends TSchema, O, S = undefined> {
  name: string;
  description?: string;
  input: I;
  /** GET-safe: reads only, runs without a write transaction. */
  sideEffectFree?: boolean;
  /** Who may call at all, judged on the caller alone (core/access.ts). Required. */
  caller: CallerRequirement;
  /** Finds the thing acted on (NOT_FOUND when it is not there or not visible). */
  load?(ctx: ActionContext, input: Static<I>): Promise<S>;
  /**
   * The object-aware rule from the module's policy.ts: true to allow; false or a thrown AppError
   * to deny. Omitted when the caller requirement is the whole rule.
   */
  policy?(ctx: ActionContext, input: Static<I>, subject: S): boolean | Promise<boolean>;
  run(ctx: ActionContext, input: Static<I>, subject: S): Promise<O>;
}

export type AnyAction = ActionDefinition<TSchema, any, any>;

export function defineAction<I extends TSchema, O, S = undefined>(definition: ActionDefinition<I, O, S>): ActionDefinition<I, O, S> {
  return definition;
}

export { anyone, signedIn } from './access.js';
