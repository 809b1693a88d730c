// Kysely queries over this module's tables, and the two small reads of other modules' tables it
// needs: the users it checks and notifies (read only) and the agencies it names.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { newId } from '../../core/ids.js';
import type { Nationality } from '../accounts/tables.js';
import '../accounts/tables.js';
import '../agencies/tables.js';
import type { Dialect } from '../../core/db/types.js';
import type { ProposalFacts } from './model.js';
import { prepare } from '../../core/db/prepared.js';
import { parseRules } from './settings.js';
import type { AgencyRole, EventKind, ProposalsTable } from './tables.js';
import './tables.js';

type Db = Kysely<Database>;
export type ProposalRow = Selectable<ProposalsTable>;

export async function findProposal(db: Db, id: string): Promise<ProposalRow | undefined> {
  return db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function factsOf(row: ProposalRow): ProposalFacts {
  return {
    status: row.status,
    rules: parseRules(row.rules),
    submittedAt: row.submitted_at,
    approvedAt: row.approved_at,
    endorsementCount: Number(row.endorsement_count),
    stage: Number(row.stage),
    establishedAt: row.established_at,
    responseDueOn: row.response_due_on,
    extensionCount: Number(row.extension_count),
    respondedAt: row.responded_at,
    closedAt: row.closed_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Users (read only)

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
}

/** What the verification rules look at, straight from the users table. */
export async function participantFacts(db: Db, userId: string): Promise<ParticipantFacts | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'nickname', 'phone', 'mobile', 'address', 'email_verified_at', 'mobile_verified_at', 'nationality'])
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
  };
}

const endorserQuery = prepare(1, (db, userId: string) =>
  db.selectFrom('users').select(['email_verified_at', 'mobile_verified_at', 'nationality']).where('id', '=', userId).where('deleted_at', 'is', null),
);

/** Only the fields the endorsement check needs: one indexed read on the hot path. */
export async function endorserFacts(db: Db, dialect: Dialect, userId: string) {
  return (await endorserQuery.execute(db, dialect, userId))[0];
}

/** The columns the state machine needs, without the texts. */
export const factColumns = ['id', 'status', 'rules', 'submitted_at', 'approved_at', 'endorsement_count', 'stage', 'established_at', 'response_due_on', 'extension_count', 'responded_at', 'closed_at', 'proposer_id'] as const;
export type FactRow = Pick<ProposalRow, (typeof factColumns)[number]>;

const factsQuery = prepare(1, (db, id: string) => db.selectFrom('proposals').select(factColumns).where('id', '=', id));

export async function proposalFactsRow(db: Db, dialect: Dialect, id: string): Promise<FactRow | undefined> {
  return (await factsQuery.execute(db, dialect, id))[0];
}

const endorseContextQuery = prepare(2, (db, proposalId: string, userId: string) =>
  db
    .selectFrom('proposals')
    .leftJoin('users', (join) => join.on('users.id', '=', userId).on('users.deleted_at', 'is', null))
    .select([
      ...factColumns.map((c) => `proposals.${c}` as const),
      'users.id as user_id',
      'users.email_verified_at',
      'users.mobile_verified_at',
      'users.nationality',
    ])
    .where('proposals.id', '=', proposalId),
);

/** The proposal's facts and the endorser's verification in one round trip (the hot path). */
export async function endorseContext(db: Db, dialect: Dialect, proposalId: string, userId: string) {
  return (await endorseContextQuery.execute(db, dialect, proposalId, userId))[0];
}

const insertEndorsementQuery = prepare(5, (db, id: string, proposalId: string, userId: string, comment: string | null, createdAt: string) =>
  db
    .insertInto('proposal_endorsements')
    .values({ id, proposal_id: proposalId, user_id: userId, comment, created_at: createdAt })
    .onConflict((oc) => oc.columns(['proposal_id', 'user_id']).doNothing())
    .returning('id'),
);

/** Inserts the endorsement unless this person already endorsed; true when inserted. */
export async function insertEndorsement(db: Db, dialect: Dialect, row: { id: string; proposalId: string; userId: string; comment: string | null; createdAt: string }): Promise<boolean> {
  return (await insertEndorsementQuery.execute(db, dialect, row.id, row.proposalId, row.userId, row.comment, row.createdAt)).length === 1;
}

const countUpQuery = prepare(1, (db, id: string) =>
  db
    .updateTable('proposals')
    .set((eb) => ({ endorsement_count: eb('endorsement_count', '+', 1) }))
    .where('id', '=', id)
    .returning(['endorsement_count', 'status', 'stage']),
);

/** Adds one to the counter in the same transaction as the row; on PostgreSQL this locks the row. */
export async function countUp(db: Db, dialect: Dialect, id: string) {
  return (await countUpQuery.execute(db, dialect, id))[0];
}

export interface Recipient {
  userId: string;
  email: string;
  locale: string | null;
}

export async function usersByIds(db: Db, ids: string[]): Promise<Recipient[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').select(['id', 'email', 'preferred_locale']).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, locale: r.preferred_locale }));
}

export async function agencyStaff(db: Db, agencyIds: string[]): Promise<Recipient[]> {
  if (agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'preferred_locale'])
    .where('agency_id', 'in', agencyIds)
    .where('role', 'in', ['agency_staff', 'agency_admin'])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, locale: r.preferred_locale }));
}

export async function moderators(db: Db): Promise<Recipient[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'preferred_locale']).where('role', '=', 'platform_moderator').where('deleted_at', 'is', null).execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, locale: r.preferred_locale }));
}

/** Followers in user-id order, a page at a time (a viral proposal can have very many). */
export async function followersAfter(db: Db, proposalId: string, afterUserId: string, limit: number): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('proposal_follows')
    .innerJoin('users', 'users.id', 'proposal_follows.user_id')
    .select(['users.id', 'users.email', 'users.preferred_locale'])
    .where('proposal_follows.proposal_id', '=', proposalId)
    .where('proposal_follows.user_id', '>', afterUserId)
    .where('users.deleted_at', 'is', null)
    .orderBy('proposal_follows.user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, locale: r.preferred_locale }));
}

export async function displayNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'nickname', 'name', 'deleted_at']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.deleted_at ? '' : (r.nickname || r.name || '')]));
}

// ---------------------------------------------------------------------------------------------
// Agencies

export interface AgencyRow {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export async function agenciesByCodes(db: Db, codes: string[]): Promise<AgencyRow[]> {
  if (codes.length === 0) return [];
  const rows = await db.selectFrom('agencies').select(['id', 'code', 'name_zh', 'name_en']).where('code', 'in', codes).execute();
  return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en }));
}

export async function agencyById(db: Db, id: string): Promise<AgencyRow | undefined> {
  const r = await db.selectFrom('agencies').select(['id', 'code', 'name_zh', 'name_en']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en } : undefined;
}

export interface ProposalAgency extends AgencyRow {
  role: AgencyRole;
}

/** Responsible agencies of several proposals, lead first. */
export async function agenciesOf(db: Db, proposalIds: string[]): Promise<Map<string, ProposalAgency[]>> {
  const out = new Map<string, ProposalAgency[]>();
  if (proposalIds.length === 0) return out;
  const rows = await db
    .selectFrom('proposal_agencies')
    .innerJoin('agencies', 'agencies.id', 'proposal_agencies.agency_id')
    .select(['proposal_agencies.proposal_id', 'proposal_agencies.role', 'proposal_agencies.position', 'agencies.id', 'agencies.code', 'agencies.name_zh', 'agencies.name_en'])
    .where('proposal_agencies.proposal_id', 'in', proposalIds)
    .orderBy('proposal_agencies.position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.proposal_id) ?? [];
    list.push({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, role: r.role });
    out.set(r.proposal_id, list);
  }
  return out;
}

export async function setProposalAgencies(db: Db, proposalId: string, agencies: AgencyRow[]): Promise<void> {
  await db.deleteFrom('proposal_agencies').where('proposal_id', '=', proposalId).execute();
  if (agencies.length === 0) return;
  await db
    .insertInto('proposal_agencies')
    .values(agencies.map((a, i) => ({ proposal_id: proposalId, agency_id: a.id, role: i === 0 ? ('lead' as const) : ('co' as const), position: i })))
    .execute();
}

export async function leadAgencyId(db: Db, proposalId: string): Promise<string | null> {
  const row = await db.selectFrom('proposal_agencies').select('agency_id').where('proposal_id', '=', proposalId).where('role', '=', 'lead').executeTakeFirst();
  return row?.agency_id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Events and notices

export async function addEvent(db: Db, event: { proposalId: string; kind: EventKind; at: string; actorId: string | null; data?: Record<string, unknown>; notify?: boolean }): Promise<string> {
  const id = newId();
  await db
    .insertInto('proposal_events')
    .values({
      id,
      proposal_id: event.proposalId,
      kind: event.kind,
      at: event.at,
      actor_id: event.actorId,
      data: JSON.stringify(event.data ?? {}),
      // Steps nobody needs to hear about are born notified.
      notified_at: event.notify === false ? event.at : null,
    })
    .execute();
  return id;
}

/** Records a notice key; true when it is new (so the notice must be sent), false when already sent. */
export async function claimNotice(db: Db, key: string, proposalId: string, now: string): Promise<boolean> {
  const rows = await db
    .insertInto('proposal_notices')
    .values({ key, proposal_id: proposalId, created_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .execute();
  return rows.length === 1;
}

export async function follow(db: Db, proposalId: string, userId: string, now: string): Promise<boolean> {
  const rows = await db
    .insertInto('proposal_follows')
    .values({ proposal_id: proposalId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['proposal_id', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  return rows.length === 1;
}

export async function isFollowing(db: Db, proposalId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('proposal_follows').select('user_id').where('proposal_id', '=', proposalId).where('user_id', '=', userId).executeTakeFirst();
  return !!row;
}

export async function endorsementOf(db: Db, proposalId: string, userId: string) {
  return db.selectFrom('proposal_endorsements').select(['id', 'created_at', 'comment']).where('proposal_id', '=', proposalId).where('user_id', '=', userId).executeTakeFirst();
}

export async function countEndorsementRows(db: Db, proposalId: string): Promise<number> {
  const row = await db.selectFrom('proposal_endorsements').select((eb) => eb.fn.countAll<number>().as('n')).where('proposal_id', '=', proposalId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
