// Kysely queries over this module's tables, and the two small reads of other modules' tables it
// needs: the users it checks and notifies (read only) and the agencies it names.
import type { Selectable } from 'kysely';
import { newId } from '../../core/ids.js';
import type { AnyDb, Dialect } from '../../core/db/types.js';
import { recipientsByIds, recipientsWithRole, verificationFacts, type Recipient } from '../accounts/published.js';
import { agencyRefsByIds, type AgencyRef } from '../agencies/published.js';
import type { ProposalFacts } from './model.js';
import { prepare } from '../../core/db/prepared.js';
import { parseRules } from './settings.js';
import type { AgencyRole, EventKind, ProposalsTable } from './tables.js';
import { type PetitionsDb } from './tables.js';

type Db = PetitionsDb;
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

export type { ParticipantFacts, Recipient, Nationality } from '../accounts/published.js';
export { participantFacts, recipientsByIds as usersByIds, agencyStaffRecipients as agencyStaff, displayNames } from '../accounts/published.js';

/** Only the fields the endorsement check needs: one indexed read on the hot path. */
export const endorserFacts = verificationFacts;

/** The columns the state machine needs, without the texts. */
export const factColumns = ['id', 'status', 'rules', 'submitted_at', 'approved_at', 'endorsement_count', 'stage', 'established_at', 'response_due_on', 'extension_count', 'responded_at', 'closed_at', 'proposer_id'] as const;
export type FactRow = Pick<ProposalRow, (typeof factColumns)[number]>;

const factsQuery = prepare(1, (db, id: string) => db.selectFrom('proposals').select(factColumns).where('id', '=', id));

export async function proposalFactsRow(db: Db, dialect: Dialect, id: string): Promise<FactRow | undefined> {
  return (await factsQuery.execute(db, dialect, id))[0];
}

/** The proposal's facts and the endorser's verification (two prepared, indexed reads: the hot path). */
export async function endorseContext(db: Db, dialect: Dialect, proposalId: string, userId: string) {
  const [facts, user] = await Promise.all([proposalFactsRow(db, dialect, proposalId), verificationFacts(db, dialect, userId)]);
  if (!facts) return undefined;
  return {
    ...facts,
    user_id: user ? userId : null,
    email_verified_at: user?.email_verified_at ?? null,
    mobile_verified_at: user?.mobile_verified_at ?? null,
    nationality: user?.nationality ?? null,
    nationality_verified_at: user?.nationality_verified_at ?? null,
  };
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

export async function moderators(db: AnyDb): Promise<Recipient[]> {
  return recipientsWithRole(db, 'platform_moderator');
}

/**
 * Followers in user-id order, a page of follows at a time (a viral proposal can have very many);
 * `lastUserId` is where the next page starts, null after the last page. Deleted accounts are skipped,
 * so a page may hold fewer recipients than follows.
 */
export async function followersAfter(db: Db, proposalId: string, afterUserId: string, limit: number): Promise<{ recipients: Recipient[]; lastUserId: string | null }> {
  const follows = await db
    .selectFrom('proposal_follows')
    .select('user_id')
    .where('proposal_id', '=', proposalId)
    .where('user_id', '>', afterUserId)
    .orderBy('user_id')
    .limit(limit)
    .execute();
  const ids = follows.map((f) => f.user_id);
  const recipients = (await recipientsByIds(db, ids)).sort((x, y) => (x.userId < y.userId ? -1 : 1));
  return { recipients, lastUserId: ids.length === limit ? ids[ids.length - 1] : null };
}

// ---------------------------------------------------------------------------------------------
// Agencies

export type AgencyRow = AgencyRef;
export { agencyRefsByCodes as agenciesByCodes, agencyRefById as agencyById } from '../agencies/published.js';

export interface ProposalAgency extends AgencyRow {
  role: AgencyRole;
}

/** Responsible agencies of several proposals, lead first. */
export async function agenciesOf(db: Db, proposalIds: string[]): Promise<Map<string, ProposalAgency[]>> {
  const out = new Map<string, ProposalAgency[]>();
  if (proposalIds.length === 0) return out;
  const rows = await db
    .selectFrom('proposal_agencies')
    .select(['proposal_id', 'role', 'position', 'agency_id'])
    .where('proposal_id', 'in', proposalIds)
    .orderBy('position')
    .execute();
  const refs = await agencyRefsByIds(db, rows.map((r) => r.agency_id));
  for (const r of rows) {
    const agency = refs.get(r.agency_id);
    if (!agency) continue;
    const list = out.get(r.proposal_id) ?? [];
    list.push({ ...agency, role: r.role });
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
