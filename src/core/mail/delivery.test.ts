// Delivery through real network transports: SMTP (nodemailer, when SMTP_URL is set) to a small
// SMTP server in the test, and the SMS webhook provider to a local HTTP endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestPlatform } from '../../../test/helpers.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** Just enough SMTP (RFC 5321) to accept mail: no TLS, no auth; `refuseRecipients` answers 550. */
async function smtpServer() {
  const received: Received[] = [];
  const state = { refuseRecipients: false };
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current: Received = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 test.local ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') {
          reply('250 test.local');
        } else if (verb === 'MAIL') {
          current.from = line;
          reply('250 ok');
        } else if (verb === 'RCPT') {
          if (state.refuseRecipients) reply('550 no such mailbox');
          else {
            current.to.push(line);
            reply('250 ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'RSET') {
          current = { from: '', to: [], data: '' };
          reply('250 ok');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else {
          reply('250 ok');
        }
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, received, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('with SMTP_URL set, queued mail goes out through SMTP; a refused message stays pending and is retried', async () => {
  const smtp = await smtpServer();
  const t = await createTestPlatform({ config: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'opengov <no-reply@opengov.test>' } });
  try {
    const { db, mail } = t.deps.services;
    smtp.state.refuseRecipients = true;
    const id = await mail.queue(db, { to: 'citizen@example.tw', subject: '您的提議已成案', text: '感謝您的附議。\nThank you.' });
    assert.equal(await mail.flush(), 0);
    const pending = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(pending.status, 'pending');
    assert.equal(pending.attempts, 1);
    assert.match(pending.last_error ?? '', /550/);

    smtp.state.refuseRecipients = false;
    assert.equal(await mail.flush(), 1);
    const sent = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(sent.status, 'sent');
    assert.equal(sent.transport, 'smtp');
    assert.equal(smtp.received.length, 1);
    const [message] = smtp.received;
    assert.match(message!.from, /no-reply@opengov\.test/);
    assert.deepEqual(message!.to.map((l) => /<(.+)>/.exec(l)?.[1]), ['citizen@example.tw']);
    assert.match(message!.data, /^Subject: =\?UTF-8\?/m, 'the Chinese subject is encoded');
    assert.equal(await mail.flush(), 0, 'nothing is sent twice');
  } finally {
    await t.close();
    await smtp.close();
  }
});

test('the SMS webhook provider posts each message once; a provider error is retried', async () => {
  const posts: Array<{ to: string; text: string; id: string }> = [];
  let failNext = true;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (c) => (body += c));
    request.on('end', () => {
      if (failNext) {
        failNext = false;
        return response.writeHead(503).end();
      }
      posts.push(JSON.parse(body));
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  const t = await createTestPlatform({ config: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: url } });
  try {
    const { db, sms } = t.deps.services;
    const id = await sms.queue(db, '+886912345678', '驗證碼 123456');
    assert.equal(await sms.flush(), 0);
    const pending = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(pending.status, 'pending');
    assert.match(pending.last_error ?? '', /503/);
    assert.equal(await sms.flush(), 1);
    assert.deepEqual(posts, [{ to: '+886912345678', text: '驗證碼 123456', id }]);
    assert.equal(await sms.flush(), 0);
    assert.equal(posts.length, 1);
  } finally {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
