// SMS through a provider interface. "outbox" keeps messages in the outbox table only (operators read
// them in the admin pages during development); "webhook" POSTs each message to SMS_WEBHOOK_URL.
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import type { AnyDb } from '../db/types.js';
import { deliverPending, enqueueMessage, type OutboxTable, type Transport } from '../mail/outbox.js';

export interface SmsSender {
  queue(db: AnyDb, to: string, text: string): Promise<string>;
  flush(): Promise<number>;
}

function webhookTransport(url: string): Transport {
  return async (message: OutboxTable) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: message.recipient, text: message.body, id: message.id }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS provider answered ${response.status}`);
    return 'webhook';
  };
}

const outboxOnly: Transport = async () => 'outbox';

export function createSmsSender(db: AnyDb, config: Config, clock: Clock): SmsSender {
  const transport = config.smsProvider === 'webhook' && config.smsWebhookUrl ? webhookTransport(config.smsWebhookUrl) : outboxOnly;
  return {
    queue: (trx, to, text) => enqueueMessage(trx, clock.now().toISOString(), { channel: 'sms', recipient: to, subject: '', body: text }),
    flush: () => deliverPending(db, 'sms', transport, () => clock.now().toISOString()),
  };
}
