// Append-only, hash-chained audit log: each record carries the hash of the previous one, so any
// edit or deletion of a past record breaks every later link and `opengov audit verify` finds it.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { lockForTransaction } from '../db/adapters.js';
import type { AnyDb, CoreTables, Dialect } from '../db/types.js';
import { newId } from '../ids.js';

export interface AuditLogTable {
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

declare module '../db/types.js' {
  interface CoreTables {
    audit_log: AuditLogTable;
  }
}

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

type Row = Omit<AuditLogTable, 'hash'>;

/** Stable serialisation: keys sorted at every depth, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function hashRecord(row: Row): string {
  const body = canonicalJson({
    seq: row.seq,
    id: row.id,
    at: row.at,
    actor_id: row.actor_id,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    data: row.data,
  });
  return createHash('sha256').update(`${row.prev_hash}\n${body}`).digest('hex');
}

/** Must run inside a transaction: the lock keeps two writers from linking to the same predecessor. */
export async function appendAudit(anyDb: AnyDb, dialect: Dialect, clock: Clock, entry: AuditEntry): Promise<void> {
  const db = anyDb as Kysely<CoreTables>;
  await lockForTransaction(db, dialect, 'audit_log');
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const row: Row = {
    seq: (last?.seq ?? 0) + 1,
    id: newId(),
    at: clock.now().toISOString(),
    actor_id: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId ?? null,
    data: canonicalJson(entry.data ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await db.insertInto('audit_log').values({ ...row, hash: hashRecord(row) }).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

/** Walks the whole chain in pages; reports the first record whose link or hash does not hold. */
export async function verifyAuditChain(anyDb: AnyDb, pageSize = 5000): Promise<VerifyResult> {
  const db = anyDb as Kysely<CoreTables>;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `record ${expectedSeq} is missing` } };
      if (row.prev_hash !== prevHash) return { ok: false, checked, firstBroken: { seq, reason: 'previous-hash link does not match' } };
      if (hashRecord({ ...row, seq }) !== row.hash) return { ok: false, checked, firstBroken: { seq, reason: 'record content does not match its hash' } };
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
}
