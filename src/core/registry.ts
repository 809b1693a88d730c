// Action name -> action. Calling through the registry is the only way to run one. In order: the
// caller requirement (before the input is looked at), input validation, loading the subject, the
// object-aware policy, then run — writes inside a transaction, after-commit tasks only when it
// committed, rollback tasks only when it did not.
import type { Static } from '@sinclair/typebox';
import type { ActionContext, AnyAction, RequestInfo, Services } from './action.js';
import type { Actor } from './actor.js';
import { appendAudit } from './audit/index.js';
import { auditKeys } from './audit/keys.js';
import type { DB, Trx } from './db/index.js';
import { AppError } from './errors.js';
import { validate } from './validation.js';

export interface CallOptions {
  actor: Actor | null;
  request?: Partial<RequestInfo>;
  /**
   * Stop after the policy: run the caller check, validation, load and policy, then roll back and
   * resolve to AUTHORIZED without running the action. For permission matrices.
   */
  authorizeOnly?: boolean;
}

/** What an authorizeOnly call resolves to when every check passed. */
export const AUTHORIZED = Symbol('authorized');
class AuthorizedOnly extends Error {}

const defaultRequest: RequestInfo = { ip: null, userAgent: null, locale: 'zh-TW' };

export class Registry {
  private readonly actions = new Map<string, AnyAction>();

  constructor(private readonly services: Services) {}

  register(...actions: AnyAction[]): void {
    for (const action of actions) {
      if (this.actions.has(action.name)) throw new Error(`Action ${action.name} is registered twice`);
      if (!action.caller || typeof action.caller.allows !== 'function') throw new Error(`Action ${action.name} has no caller requirement`);
      if ('policy' in action && action.policy !== undefined && typeof action.policy !== 'function') throw new Error(`Action ${action.name} has a policy that is not a function`);
      this.actions.set(action.name, action);
    }
  }

  has(name: string): boolean {
    return this.actions.has(name);
  }

  get(name: string): AnyAction {
    const action = this.actions.get(name);
    if (!action) throw new AppError('NOT_FOUND', 'error.unknown_action', [], { name });
    return action;
  }

  list(): AnyAction[] {
    return [...this.actions.values()];
  }

  /** Throws 401/403 unless the actor meets the action's caller requirement. Reads no input. */
  checkCaller(action: AnyAction, actor: Actor | null): void {
    if (!action.caller.allows(actor)) throw refusal(actor);
  }

  /** Runs an action by definition or name. */
  async call<A extends AnyAction>(action: A | string, input: Static<A['input']> | unknown, options: CallOptions): Promise<Awaited<ReturnType<A['run']>>> {
    const definition = (typeof action === 'string' ? this.get(action) : action) as A;
    this.checkCaller(definition, options.actor);
    const request = { ...defaultRequest, ...options.request };
    const afterCommit: Array<() => Promise<void> | void> = [];
    const onRollback: Array<() => Promise<void> | void> = [];
    let result: Awaited<ReturnType<A['run']>>;
    try {
      if (definition.sideEffectFree) {
        result = await this.execute(definition, input, options.actor, this.services.db, request, afterCommit, onRollback, options.authorizeOnly);
      } else {
        result = await this.services.db
          .transaction()
          .execute((trx) => this.execute(definition, input, options.actor, trx, request, afterCommit, onRollback, options.authorizeOnly));
      }
    } catch (error) {
      if (error instanceof AuthorizedOnly) return AUTHORIZED as never;
      for (const task of onRollback) {
        try {
          await task();
        } catch (cleanupError) {
          this.services.logger.error({ err: cleanupError, action: definition.name }, 'rollback task failed');
        }
      }
      throw error;
    }
    for (const task of afterCommit) {
      try {
        await task();
      } catch (error) {
        this.services.logger.error({ err: error, action: definition.name }, 'after-commit task failed');
      }
    }
    return result;
  }

  private async execute<A extends AnyAction>(
    definition: A,
    rawInput: unknown,
    actor: Actor | null,
    db: DB | Trx,
    request: RequestInfo,
    afterCommit: Array<() => Promise<void> | void>,
    onRollback: Array<() => Promise<void> | void>,
    authorizeOnly = false,
  ): Promise<Awaited<ReturnType<A['run']>>> {
    this.checkCaller(definition, actor);
    const input = validate(definition.input, rawInput);
    const ctx: ActionContext = {
      actor,
      db,
      dialect: this.services.dialect,
      clock: this.services.clock,
      config: this.services.config,
      services: this.services,
      request,
      audit: (entry) =>
        appendAudit(db, this.services.dialect, this.services.clock, { ...entry, actorId: actor?.userId ?? null }, auditKeys(this.services.config.secret)),
      afterCommit: (task) => afterCommit.push(task),
      onRollback: (task) => onRollback.push(task),
      call: (inner, innerInput) => this.execute(inner, innerInput, actor, db, request, afterCommit, onRollback),
    };
    const subject = definition.load ? await definition.load(ctx, input) : undefined;
    if (definition.policy) {
      const allowed = await definition.policy(ctx, input, subject);
      if (allowed !== true) throw refusal(actor);
    }
    if (authorizeOnly) throw new AuthorizedOnly();
    return definition.run(ctx, input, subject);
  }
}

const refusal = (actor: Actor | null) =>
  new AppError(actor ? 'FORBIDDEN' : 'UNAUTHENTICATED', actor ? 'error.forbidden' : 'error.unauthenticated');
