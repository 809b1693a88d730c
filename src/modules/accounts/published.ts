// What other modules may know about accounts, published through the manifest: participant facts
// by user id (names, verification, contact), batched so a list never costs a query per row.
import type { AnyDb, Dialect } from '../../core/db/types.js';
import { prepare } from '../../core/db/prepared.js';
import { hashToken, newId, randomToken } from '../../core/ids.js';
import type { Role } from '../../core/actor.js';
import { sessionMethods } from './model.js';
import { accountsDb, type AccountsDb, type Nationality } from './tables.js';

export type { Nationality };
export { PRIVACY_NOTICE_VERSION } from './model.js';

export interface ParticipantFacts {
  id: string;
  email: string;
  name: string | null;
  nickname: string | null;
  phone: string | null;
  mobile: string | null;
  address: string | null;
  emailVerified: boolean;
  mobileVerified: boolean;
  nationality: Nationality | null;
  /** Nationality proven by a certificate or the federated provider rather than declared. */
  nationalityVerified: boolean;
}

/** What verification rules look at, for one live account. */
export async function participantFacts(db: AnyDb, userId: string): Promise<ParticipantFacts | undefined> {
  const row = await accountsDb(db)
    .selectFrom('users')
    .select(['id', 'email', 'name', 'nickname', 'phone', 'mobile', 'address', 'email_verified_at', 'mobile_verified_at', 'nationality', 'nationality_verified_at'])
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    nickname: row.nickname,
    phone: row.phone,
    mobile: row.mobile,
    address: row.address,
    emailVerified: !!row.email_verified_at,
    mobileVerified: !!row.mobile_verified_at,
    nationality: row.nationality,
    nationalityVerified: !!row.nationality_verified_at,
  };
}

export interface VerificationFacts {
  email_verified_at: string | null;
  mobile_verified_at: string | null;
  nationality: Nationality | null;
  nationality_verified_at: string | null;
}

const verificationQuery = prepare(1, (db: AccountsDb, userId: string) =>
  db.selectFrom('users').select(['email_verified_at', 'mobile_verified_at', 'nationality', 'nationality_verified_at']).where('id', '=', userId).where('deleted_at', 'is', null),
);

/** Only what an endorsement or a vote checks: one prepared, indexed read (a hot path). */
export async function verificationFacts(db: AnyDb, dialect: Dialect, userId: string): Promise<VerificationFacts | undefined> {
  return (await verificationQuery.execute(db, dialect, userId))[0];
}

export interface Recipient {
  userId: string;
  email: string;
  locale: string | null;
}

/** Live accounts among `ids`, with where and in which language to write to them. */
export async function recipientsByIds(db: AnyDb, ids: readonly string[]): Promise<Recipient[]> {
  if (ids.length === 0) return [];
  const rows = await accountsDb(db).selectFrom('users').select(['id', 'email', 'preferred_locale']).where('id', 'in', [...new Set(ids)]).where('deleted_at', 'is', null).execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, locale: r.preferred_locale }));
}

/** Staff and admins of the given agencies. */
export async function agencyStaffRecipients(db: AnyDb, agencyIds: readonly string[]): Promise<Recipient[]> {
  if (agencyIds.length === 0) return [];
  const rows = await accountsDb(db)
    .selectFrom('users')
    .select(['id', 'email', 'preferred_locale'])
    .where('agency_id', 'in', [...agencyIds])
    .where('role', 'in', ['agency_staff', 'agency_admin'])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, locale: r.preferred_locale }));
}

export async function recipientsWithRole(db: AnyDb, role: Role): Promise<Recipient[]> {
  const rows = await accountsDb(db).selectFrom('users').select(['id', 'email', 'preferred_locale']).where('role', '=', role).where('deleted_at', 'is', null).execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, locale: r.preferred_locale }));
}

/** The name shown for each user id: nickname, else name; '' for a deleted account. */
export async function displayNames(db: AnyDb, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await accountsDb(db).selectFrom('users').select(['id', 'nickname', 'name', 'deleted_at']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.deleted_at ? '' : r.nickname || r.name || '']));
}

/** Nickname and name of each user id, deleted accounts included (a change history names who acted). */
export async function accountNamesByIds(db: AnyDb, ids: readonly string[]): Promise<Map<string, { nickname: string | null; name: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await accountsDb(db).selectFrom('users').select(['id', 'nickname', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { nickname: r.nickname, name: r.name }]));
}

/** Ids of users with an account role (any agency), for counts and audits. */
export async function countUsers(db: AnyDb): Promise<number> {
  const row = await accountsDb(db).selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Live accounts that belong to an agency (staff and admins alike). */
export async function agencyMemberCount(db: AnyDb, agencyId: string): Promise<number> {
  const row = await accountsDb(db).selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('agency_id', '=', agencyId).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Email address of each user id (deleted accounts included: audit trails name who acted). */
export async function emailsByIds(db: AnyDb, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await accountsDb(db).selectFrom('users').select(['id', 'email']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}

/** Who a live account acts as, found by its (normalised) email: for seeds and the CLI. */
export async function actorFactsByEmail(db: AnyDb, email: string): Promise<{ id: string; role: Role; agency_id: string | null } | undefined> {
  return accountsDb(db).selectFrom('users').select(['id', 'role', 'agency_id']).where('email', '=', email).where('deleted_at', 'is', null).executeTakeFirst();
}

export interface SessionSignIn {
  userId: string;
  /** RFC 8176 amr values of the sign-in ('pwd' for sessions older than this record). */
  methods: string[];
  /** When the person signed in (ISO-8601). */
  signedInAt: string;
  emailVerified: boolean;
  mobileVerified: boolean;
  /** The level an outside authority vouched for (a federated sign-in), when one did. */
  assertedAcr: string | null;
}

/** How a live, fully signed-in session was signed in: what an identity provider states about it. */
export async function sessionSignIn(db: AnyDb, sessionId: string, now: Date): Promise<SessionSignIn | undefined> {
  const row = await accountsDb(db)
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.user_id', 'sessions.sign_in_methods', 'sessions.asserted_acr', 'sessions.created_at', 'users.email_verified_at', 'users.mobile_verified_at'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.mfa_pending', '=', 0)
    .where('sessions.expires_at', '>', now.toISOString())
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    userId: row.user_id,
    methods: sessionMethods(row.sign_in_methods),
    signedInAt: row.created_at,
    emailVerified: !!row.email_verified_at,
    mobileVerified: !!row.mobile_verified_at,
    assertedAcr: row.asserted_acr,
  };
}

/**
 * Records nationality and residence as verified (the identity module calls it when it binds a person
 * proven by a certificate or the federated provider): they replace what was declared and the person
 * can no longer change them. Run it in the caller's transaction.
 */
export async function recordVerifiedNationality(db: AnyDb, userId: string, verified: { nationality: Nationality; residence: string | null; verifiedAt: Date }): Promise<void> {
  const at = verified.verifiedAt.toISOString();
  await accountsDb(db)
    .updateTable('users')
    .set({ nationality: verified.nationality, residence: verified.residence, nationality_verified_at: at, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

export interface OpenedSession {
  sessionId: string;
  token: string;
  expiresAt: string;
  mfaPending: boolean;
}

export interface SessionOpening {
  userId: string;
  /** RFC 8176 amr values, space-separated. */
  methods: string;
  /** Set when an outside authority vouched for the level (federation). */
  assertedAcr?: string | null;
  /** A second factor is still owed (the session signs no one in until it is given). */
  mfaPending?: boolean;
  now: Date;
  days: number;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Opens a session for an account whose sign-in another part of the platform has proven (the
 * password and passkey actions here, a certificate or an external provider in identity). The caller
 * owns the proof; this only records the session and returns its secret token once.
 */
export async function openSession(db: AnyDb, opening: SessionOpening): Promise<OpenedSession> {
  const at = opening.now.toISOString();
  const token = randomToken();
  const session: OpenedSession = { sessionId: newId(), token, expiresAt: new Date(opening.now.getTime() + opening.days * 86_400_000).toISOString(), mfaPending: opening.mfaPending ?? false };
  await accountsDb(db)
    .insertInto('sessions')
    .values({
      id: session.sessionId,
      user_id: opening.userId,
      token_hash: hashToken(token),
      created_at: at,
      last_seen_at: at,
      expires_at: session.expiresAt,
      ip: opening.ip,
      user_agent: opening.userAgent?.slice(0, 300) ?? null,
      revoked_at: null,
      mfa_pending: session.mfaPending ? 1 : 0,
      webauthn_challenge: null,
      sign_in_methods: opening.methods,
      asserted_acr: opening.assertedAcr ?? null,
    })
    .execute();
  return session;
}

/** Ends one session by id (a sign-in that replaces it: the old one must not linger). */
export async function endSession(db: AnyDb, sessionId: string, now: Date): Promise<void> {
  await accountsDb(db).updateTable('sessions').set({ revoked_at: now.toISOString() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}
