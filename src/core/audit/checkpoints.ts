// Signed checkpoints of the audit log's head (record count and hash), kept where the database cannot
// rewrite them: appended to DATA_DIR/audit/checkpoints.jsonl (one JSON object a line) and shown on
// the public audit page. `opengov audit verify` compares the log with every checkpoint, so a tail
// deleted after a checkpoint, or a rewrite of anything it covers, is found even by someone who could
// recompute every hash. Signed with Ed25519 (./keys.ts): anyone with the public key can check one.
import fs from 'node:fs/promises';
import path from 'node:path';
import { sign, verify } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { AnyDb, CoreTables } from '../db/types.js';
import type { AuditKeys } from './keys.js';

export interface AuditCheckpoint {
  /** Records in the log (the head's sequence number). */
  seq: number;
  /** The head record's hash. */
  hash: string;
  at: string;
  key: string;
  /** Ed25519 over {@link checkpointMessage}, base64url. */
  signature: string;
}

export const checkpointFile = (dataDir: string) => path.join(dataDir, 'audit', 'checkpoints.jsonl');

/** What a checkpoint signs: a fixed label, then the count, the hash and the time, one a line. */
export const checkpointMessage = (c: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>) => Buffer.from(`opengov audit checkpoint\n${c.seq}\n${c.hash}\n${c.at}`, 'utf8');

export function checkpointSignatureValid(c: AuditCheckpoint, keys: AuditKeys): boolean {
  try {
    return verify(null, checkpointMessage(c), keys.publicKey, Buffer.from(c.signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Every checkpoint in the file, oldest first; none when there is no file yet. */
export async function readCheckpoints(dataDir: string): Promise<AuditCheckpoint[]> {
  let text: string;
  try {
    text = await fs.readFile(checkpointFile(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditCheckpoint);
}

export async function latestCheckpoint(dataDir: string): Promise<AuditCheckpoint | null> {
  return (await readCheckpoints(dataDir)).at(-1) ?? null;
}

/** Signs the current head and appends it to the file, unless the last checkpoint already holds it. */
export async function writeCheckpoint(anyDb: AnyDb, keys: AuditKeys, dataDir: string, clock: Clock): Promise<AuditCheckpoint | null> {
  const db = anyDb as Kysely<CoreTables>;
  const head = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (!head) return null;
  const last = await latestCheckpoint(dataDir);
  if (last && last.seq === Number(head.seq) && last.hash === head.hash) return last;
  const unsigned = { seq: Number(head.seq), hash: head.hash, at: clock.now().toISOString() };
  const checkpoint: AuditCheckpoint = { ...unsigned, key: keys.version, signature: sign(null, checkpointMessage(unsigned), keys.signingKey).toString('base64url') };
  await fs.mkdir(path.dirname(checkpointFile(dataDir)), { recursive: true });
  await fs.appendFile(checkpointFile(dataDir), `${JSON.stringify(checkpoint)}\n`, { mode: 0o644 });
  return checkpoint;
}
