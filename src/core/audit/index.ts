// Append-only, hash-chained audit log: each record carries the hash of the previous one, so any
// edit or deletion of a past record breaks every later link and `opengov audit verify` finds it.
// The hashes are keyed (HMAC under a key derived from SECRET, outside the database), so someone who
// can write the database cannot recompute them after a rewrite or forge an appended record; signed
// checkpoints of the head, kept outside the database (./checkpoints.ts), reveal a truncated tail.
// Records written before keyed hashes (plain SHA-256, 64 hex digits) still verify; once a keyed
// record exists, every later one must be keyed.
import { createHash, createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { lockForTransaction } from '../db/adapters.js';
import type { AnyDb, CoreTables, Dialect } from '../db/types.js';
import { newId } from '../ids.js';
import type { AuditKeys } from './keys.js';
import { checkpointSignatureValid, type AuditCheckpoint } from './checkpoints.js';

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

function recordBody(row: Row): string {
  return canonicalJson({
    seq: row.seq,
    id: row.id,
    at: row.at,
    actor_id: row.actor_id,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    data: row.data,
  });
}

/** The unkeyed hash of records written before keyed hashes (kept to verify them). */
export function hashRecord(row: Row): string {
  return createHash('sha256').update(`${row.prev_hash}\n${recordBody(row)}`).digest('hex');
}

/** The keyed hash every record gets now: `<key version>:<HMAC-SHA256 hex>`. */
export function keyedHashRecord(row: Row, keys: AuditKeys): string {
  return `${keys.version}:${createHmac('sha256', keys.macKey).update(`${row.prev_hash}\n${recordBody(row)}`).digest('hex')}`;
}

const isKeyed = (hash: string) => hash.includes(':');

/** Must run inside a transaction: the lock keeps two writers from linking to the same predecessor. */
export async function appendAudit(anyDb: AnyDb, dialect: Dialect, clock: Clock, entry: AuditEntry, keys: AuditKeys): Promise<void> {
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
  await db.insertInto('audit_log').values({ ...row, hash: keyedHashRecord(row, keys) }).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Signed checkpoints the log was compared with. */
  checkpoints: number;
  firstBroken?: { seq: number; reason: string };
}

/**
 * Walks the whole chain in pages and reports the first record whose link or hash does not hold; then
 * compares the log with each signed checkpoint of its head (a checkpoint past the end: truncated; a
 * different hash at a checkpoint's record: rewritten).
 */
export async function verifyAuditChain(anyDb: AnyDb, keys: AuditKeys, checkpoints: readonly AuditCheckpoint[] = [], pageSize = 5000): Promise<VerifyResult> {
  const db = anyDb as Kysely<CoreTables>;
  const wanted = new Set(checkpoints.map((c) => c.seq));
  const hashAt = new Map<number, string>();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let keyedSeen = false;
  const broken = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, checkpoints: 0, firstBroken: { seq, reason } });
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return broken(expectedSeq, `record ${expectedSeq} is missing`);
      if (row.prev_hash !== prevHash) return broken(seq, 'previous-hash link does not match');
      const keyed = isKeyed(row.hash);
      if (keyedSeen && !keyed) return broken(seq, 'record content does not match its hash (an unkeyed record after keyed ones)');
      keyedSeen ||= keyed;
      const expected = keyed ? keyedHashRecord({ ...row, seq }, keys) : hashRecord({ ...row, seq });
      if (expected !== row.hash) return broken(seq, 'record content does not match its hash');
      if (wanted.has(seq)) hashAt.set(seq, row.hash);
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  for (const checkpoint of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
    if (!checkpointSignatureValid(checkpoint, keys)) return broken(checkpoint.seq, `checkpoint of record ${checkpoint.seq} has an invalid signature`);
    if (checkpoint.seq > checked) return broken(checked + 1, `record ${checked + 1} is missing: the log ends at record ${checked}, but a signed checkpoint (${checkpoint.at}) saw ${checkpoint.seq} records (truncated)`);
    if (hashAt.get(checkpoint.seq) !== checkpoint.hash) return broken(checkpoint.seq, `record content does not match its hash: it differs from the signed checkpoint of ${checkpoint.at} (rewritten)`);
  }
  return { ok: true, checked, checkpoints: checkpoints.length };
}
