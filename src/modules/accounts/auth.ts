// Turns a session cookie or a bearer token into an Actor. Used by the HTTP plugin on every request.
import type { Services } from '../../core/action.js';
import type { Actor } from '../../core/actor.js';
import { levelFor, type AssuranceLevel } from '../../core/assurance.js';
import { prepare } from '../../core/db/prepared.js';
import type { Dialect } from '../../core/db/types.js';
import { hashToken } from '../../core/ids.js';
import { displayName, sessionMethods } from './model.js';
import { accountsDb, type AccountsDb } from './tables.js';

export interface Authenticated {
  actor: Actor;
  displayName: string;
  mfaPending: boolean;
}

const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

const userColumns = [
  'users.id as user_id',
  'users.role',
  'users.agency_id',
  'users.email',
  'users.name',
  'users.nickname',
  'users.email_verified_at',
  'users.mobile_verified_at',
  'users.deleted_at',
] as const;

interface UserColumns {
  user_id: string;
  role: Actor['role'];
  agency_id: string | null;
  email: string;
  name: string | null;
  nickname: string | null;
  email_verified_at: string | null;
  mobile_verified_at: string | null;
}

function authenticated(row: UserColumns, via: Actor['via'], sessionId: string | undefined, mfaPending: boolean, level: AssuranceLevel): Authenticated {
  return {
    actor: {
      userId: row.user_id,
      role: row.role,
      agencyId: row.agency_id,
      emailVerified: !!row.email_verified_at,
      mobileVerified: !!row.mobile_verified_at,
      via,
      ...(sessionId && { sessionId }),
      level,
    },
    displayName: displayName(row),
    mfaPending,
  };
}

// Every request runs one of these lookups: prepared once (core/db/prepared.ts).
const sessionByHash = prepare(1, (db, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.expires_at', 'sessions.revoked_at', 'sessions.last_seen_at', 'sessions.mfa_pending', 'sessions.sign_in_methods', 'sessions.asserted_acr', ...userColumns])
    .where('sessions.token_hash', '=', tokenHash),
);
const touchSession = prepare(2, (db, id: string, at: string) => db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id));

const tokenByHash = prepare(1, (db, tokenHash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at', 'api_tokens.revoked_at', 'api_tokens.expires_at', 'api_tokens.acr_level', ...userColumns])
    .where('api_tokens.token_hash', '=', tokenHash),
);
const touchToken = prepare(2, (db, id: string, at: string) => db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id));

const sessionLevel = (stored: string, user: Pick<UserColumns, 'email_verified_at' | 'mobile_verified_at'>, assertedAcr: string | null): AssuranceLevel =>
  levelFor({ methods: sessionMethods(stored), emailVerified: !!user.email_verified_at, mobileVerified: !!user.mobile_verified_at, assertedAcr });

/** A token carries the level recorded when it was made, never above 2 (see api_token_create). */
export const tokenLevel = (stored: number): AssuranceLevel => (stored >= 2 ? 2 : 1);

/**
 * Whether a session last seen at `lastSeenAt` has been idle too long. last_seen_at is written at most
 * every few minutes, so idleness is measured to that resolution.
 */
export const sessionIdle = (lastSeenAt: string, now: Date, idleMinutes: number): boolean => now.getTime() - new Date(lastSeenAt).getTime() > idleMinutes * 60_000;

export async function authenticateSession(db: AccountsDb, dialect: Dialect, token: string, now: Date, idleMinutes: number): Promise<Authenticated | null> {
  const [row] = await sessionByHash.execute(db, dialect, hashToken(token));
  if (!row || row.revoked_at || row.deleted_at || new Date(row.expires_at) <= now) return null;
  if (sessionIdle(row.last_seen_at, now, idleMinutes)) return null;
  // Writing on every request would make each page view a write; once per few minutes is enough.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
    await touchSession.execute(db, dialect, row.session_id, now.toISOString());
  }
  return authenticated(row, 'session', row.session_id, row.mfa_pending === 1, sessionLevel(row.sign_in_methods, row, row.asserted_acr));
}

export async function authenticateBearer(db: AccountsDb, dialect: Dialect, token: string, now: Date): Promise<Authenticated | null> {
  const [row] = await tokenByHash.execute(db, dialect, hashToken(token));
  if (!row || row.revoked_at || row.deleted_at || !row.expires_at || new Date(row.expires_at) <= now) return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
    await touchToken.execute(db, dialect, row.token_id, now.toISOString());
  }
  return authenticated(row, 'token', undefined, false, tokenLevel(row.acr_level));
}

/** What resolving a caller needs: the authentication plugin passes the services, never the database. */
export type CallerServices = Pick<Services, 'db' | 'dialect' | 'clock' | 'config'>;

/** The caller behind a session cookie's token, now. */
export function callerOfSession(services: CallerServices, token: string): Promise<Authenticated | null> {
  return authenticateSession(accountsDb(services.db), services.dialect, token, services.clock.now(), services.config.sessionIdleMinutes);
}

/** The caller behind an API token, now. */
export function callerOfToken(services: CallerServices, token: string): Promise<Authenticated | null> {
  return authenticateBearer(accountsDb(services.db), services.dialect, token, services.clock.now());
}
