// Every e-mail and SMS is first written to the outbox table inside the action's transaction, then
// delivered after commit (and retried by a job). Operators can read the outbox in the admin pages.
import type { Kysely } from 'kysely';
import type { AnyDb, CoreTables } from '../db/types.js';
import { newId } from '../ids.js';

export interface OutboxTable {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  transport: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

declare module '../db/types.js' {
  interface CoreTables {
    outbox_messages: OutboxTable;
  }
}

export interface OutgoingMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
}

export const MAX_DELIVERY_ATTEMPTS = 5;

export async function enqueueMessage(anyDb: AnyDb, now: string, message: OutgoingMessage): Promise<string> {
  const db = anyDb as Kysely<CoreTables>;
  const id = newId();
  await db
    .insertInto('outbox_messages')
    .values({ id, ...message, status: 'pending', transport: null, attempts: 0, last_error: null, created_at: now, sent_at: null })
    .execute();
  return id;
}

export type Transport = (message: OutboxTable) => Promise<string>;

/**
 * Delivers pending messages of one channel. A message is claimed by bumping its attempt count with a
 * guarded update, so two processes never send the same message twice in one round.
 */
export async function deliverPending(anyDb: AnyDb, channel: 'email' | 'sms', transport: Transport, now: () => string, limit = 50): Promise<number> {
  const db = anyDb as Kysely<CoreTables>;
  const pending = await db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('channel', '=', channel)
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .limit(limit)
    .execute();
  let delivered = 0;
  for (const message of pending) {
    const claim = await db
      .updateTable('outbox_messages')
      .set({ attempts: message.attempts + 1 })
      .where('id', '=', message.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', message.attempts)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    try {
      const transportName = await transport(message);
      await db.updateTable('outbox_messages').set({ status: 'sent', transport: transportName, sent_at: now(), last_error: null }).where('id', '=', message.id).execute();
      delivered += 1;
    } catch (error) {
      const failedForGood = message.attempts + 1 >= MAX_DELIVERY_ATTEMPTS;
      await db
        .updateTable('outbox_messages')
        .set({ status: failedForGood ? 'failed' : 'pending', last_error: String((error as Error).message ?? error).slice(0, 500) })
        .where('id', '=', message.id)
        .execute();
    }
  }
  return delivered;
}
