// Permission matrices: for every restricted action of a module (a caller requirement other than
// anyone, or an object policy), who gets past authorization and who is refused. Calls go through the
// registry in authorizeOnly mode (caller, validation, load, policy; never run), so one fixture serves
// every row and nothing changes between them. A module's matrix must name all its restricted actions:
// a new one without a row fails the test.
import assert from 'node:assert/strict';
import type { AnyAction } from '../src/core/action.js';
import type { Actor } from '../src/core/actor.js';
import { AppError } from '../src/core/errors.js';
import { AUTHORIZED, type Registry } from '../src/core/registry.js';
import { anyone } from '../src/core/access.js';

/** An actor by name ("anonymous" is null); the names are the matrix's columns. */
export type Cast = Record<string, Actor | null>;

export interface MatrixRow {
  /** Names from the cast who get past authorization; everyone else in the cast is refused. */
  allowed: string[];
  /** A valid input (so a refusal is about who asks, never about what). */
  input: unknown;
  /**
   * How a refusal shows for signed-in callers (a policy may hide what they may not see), and for
   * anonymous callers when the caller requirement lets them through to the policy. Default FORBIDDEN.
   */
  refusedAs?: 'FORBIDDEN' | 'NOT_FOUND';
  /** Cast members refused otherwise than refusedAs (one policy may check a verification, then ownership). */
  refusedAsFor?: Record<string, 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED'>;
}

export const isRestricted = (action: AnyAction) => action.caller !== anyone || typeof action.policy === 'function';

/**
 * Checks every row against every member of the cast, and that the rows cover all restricted actions
 * of `actions` (a module manifest's list). Returns the failures found, to report them all at once.
 */
export async function assertPermissionMatrix(registry: Registry, actions: AnyAction[], cast: Cast, rows: Record<string, MatrixRow>): Promise<void> {
  const restricted = actions.filter(isRestricted).map((a) => a.name);
  const missing = restricted.filter((name) => !(name in rows));
  assert.deepEqual(missing, [], `restricted actions without a permission-matrix row: ${missing.join(', ')}`);
  const failures: string[] = [];
  for (const [name, row] of Object.entries(rows)) {
    const action = actions.find((a) => a.name === name);
    if (!action) {
      failures.push(`${name}: not an action of this module`);
      continue;
    }
    for (const [who, actor] of Object.entries(cast)) {
      const expected = row.allowed.includes(who);
      let outcome: string;
      try {
        const result = await registry.call(action, structuredClone(row.input), { actor, authorizeOnly: true });
        outcome = result === AUTHORIZED ? 'allowed' : 'ran';
      } catch (error) {
        outcome = error instanceof AppError ? error.code : `error ${(error as Error).message}`;
      }
      const hiddenFromAnonymous = row.refusedAs === 'NOT_FOUND' && action.caller.allows(null);
      const refusedAs = row.refusedAsFor?.[who] ?? (actor === null && !hiddenFromAnonymous ? 'UNAUTHENTICATED' : (row.refusedAs ?? 'FORBIDDEN'));
      if (expected && outcome !== 'allowed') failures.push(`${name} as ${who}: expected allowed, got ${outcome}`);
      if (!expected && outcome !== refusedAs && !(actor === null && outcome === 'FORBIDDEN')) failures.push(`${name} as ${who}: expected ${refusedAs}, got ${outcome}`);
    }
  }
  assert.deepEqual(failures, [], failures.join('\n'));
}
