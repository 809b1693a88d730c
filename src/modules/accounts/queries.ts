import { hashToken, newId, randomToken } from '../../core/ids.js';
import type { TokenPurpose, UsersTable } from './tables.js';
import { type AccountsDb } from './tables.js';

export async function findUserByEmail(db: AccountsDb, email: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function findUserById(db: AccountsDb, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** Issues a single-use secret for a link or code; earlier unused ones of the same purpose stop working. */
export async function issueUserToken(
  db: AccountsDb,
  userId: string,
  purpose: TokenPurpose,
  now: Date,
  lifetimeMs: number,
  secret: string = randomToken(),
  target: string | null = null,
): Promise<string> {
  await db.updateTable('user_tokens').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  await db
    .insertInto('user_tokens')
    .values({
      id: newId(),
      user_id: userId,
      purpose,
      token_hash: hashToken(secret),
      target,
      attempts: 0,
      expires_at: new Date(now.getTime() + lifetimeMs).toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return secret;
}

/**
 * Marks a link token used and returns its user id, or null when it is unknown, used or expired.
 * The guarded update makes two racing uses of one link succeed at most once.
 */
export async function consumeLinkToken(db: AccountsDb, purpose: TokenPurpose, secret: string, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('user_tokens')
    .select(['id', 'user_id', 'expires_at'])
    .where('purpose', '=', purpose)
    .where('token_hash', '=', hashToken(secret))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (!row || new Date(row.expires_at) <= now) return null;
  const result = await db.updateTable('user_tokens').set({ used_at: now.toISOString() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? row.user_id : null;
}

export async function revokeAllSessions(db: AccountsDb, userId: string, now: string, exceptSessionId?: string): Promise<void> {
  let query = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}
