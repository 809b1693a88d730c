// E-mail: through SMTP when SMTP_URL is set, otherwise into .eml files under DATA_DIR/outbox.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import type { AnyDb } from '../db/types.js';
import { deliverPending, enqueueMessage, type OutboxTable, type Transport } from './outbox.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Writes the message to the outbox in the given transaction; delivery happens after commit. */
  queue(db: AnyDb, message: MailMessage): Promise<string>;
  /** Sends what is pending; safe to call from several processes. */
  flush(): Promise<number>;
}

function smtpTransport(config: Config): Transport {
  const transporter = nodemailer.createTransport(config.smtpUrl!);
  return async (message: OutboxTable) => {
    await transporter.sendMail({ from: config.mailFrom, to: message.recipient, subject: message.subject, text: message.body });
    return 'smtp';
  };
}

function fileTransport(config: Config): Transport {
  const dir = path.join(config.dataDir, 'outbox');
  return async (message: OutboxTable) => {
    await fs.mkdir(dir, { recursive: true });
    const eml = [
      `From: ${config.mailFrom}`,
      `To: ${message.recipient}`,
      `Subject: =?UTF-8?B?${Buffer.from(message.subject).toString('base64')}?=`,
      `Date: ${new Date(message.created_at).toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      message.body,
    ].join('\r\n');
    await fs.writeFile(path.join(dir, `${message.id}.eml`), eml);
    return 'file';
  };
}

export function createMailer(db: AnyDb, config: Config, clock: Clock): Mailer {
  const transport = config.smtpUrl ? smtpTransport(config) : fileTransport(config);
  return {
    queue: (trx, message) =>
      enqueueMessage(trx, clock.now().toISOString(), { channel: 'email', recipient: message.to, subject: message.subject, body: message.text }),
    flush: () => deliverPending(db, 'email', transport, () => clock.now().toISOString()),
  };
}
