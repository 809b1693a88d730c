// Operator views: the outbox (where development mails and SMS codes can be read), the audit log and
// its chain check, and the counts on the admin dashboard.
import { Type } from '@sinclair/typebox';
import { defineAction } from '../../core/action.js';
import { verifyAuditChain } from '../../core/audit/index.js';
import { latestCheckpoint, readCheckpoints } from '../../core/audit/checkpoints.js';
import { auditKeys } from '../../core/audit/keys.js';
import { anyone, platformAdmin } from '../../core/access.js';
import { emailsByIds } from '../accounts/published.js';

const Page = Type.Integer({ minimum: 1, maximum: 100000, default: 1 });
const PageSize = Type.Integer({ minimum: 1, maximum: 200, default: 25 });

/** Characters of the record hash shown in lists: enough to compare by eye, short enough to read. */
export const HASH_PREFIX_LENGTH = 12;

export const adminOverview = defineAction({
  name: 'admin_overview',
  description: 'Outbox and audit counts for the admin dashboard (platform admins).',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: platformAdmin,
  async run(ctx) {
    const byStatus = await ctx.db
      .selectFrom('outbox_messages')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const count = (status: string) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
    const audit = await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { outbox: { pending: count('pending'), sent: count('sent'), failed: count('failed') }, auditRecords: Number(audit?.n ?? 0) };
  },
});

export const outboxList = defineAction({
  name: 'outbox_list',
  description: 'Queued and sent e-mail and SMS, newest first (platform admins).',
  input: Type.Object({
    channel: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('sms')])),
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')])),
    page: Page,
    pageSize: PageSize,
  }),
  sideEffectFree: true,
  caller: platformAdmin,
  async run(ctx, input) {
    let query = ctx.db.selectFrom('outbox_messages');
    if (input.channel) query = query.where('channel', '=', input.channel);
    if (input.status) query = query.where('status', '=', input.status);
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute();
    return {
      total: Number(total?.n ?? 0),
      page: input.page,
      pageSize: input.pageSize,
      messages: rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        recipient: r.recipient,
        subject: r.subject,
        body: r.body,
        status: r.status,
        transport: r.transport,
        attempts: Number(r.attempts),
        lastError: r.last_error,
        createdAt: r.created_at,
        sentAt: r.sent_at,
      })),
    };
  },
});

export const auditList = defineAction({
  name: 'audit_list',
  description: 'Audit records, newest first, filtered by action or subject type (platform admins).',
  input: Type.Object({
    action: Type.Optional(Type.String({ maxLength: 100 })),
    subjectType: Type.Optional(Type.String({ maxLength: 100 })),
    /** Only records up to this sequence number: lets a page open at a given record. */
    upTo: Type.Optional(Type.Integer({ minimum: 1 })),
    page: Page,
    pageSize: PageSize,
  }),
  sideEffectFree: true,
  caller: platformAdmin,
  async run(ctx, input) {
    let query = ctx.db.selectFrom('audit_log');
    if (input.action) query = query.where('audit_log.action', '=', input.action);
    if (input.subjectType) query = query.where('audit_log.subject_type', '=', input.subjectType);
    if (input.upTo) query = query.where('audit_log.seq', '<=', input.upTo);
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await query
      .select([
        'audit_log.seq',
        'audit_log.at',
        'audit_log.actor_id',
        'audit_log.action',
        'audit_log.subject_type',
        'audit_log.subject_id',
        'audit_log.data',
        'audit_log.hash',
      ])
      .orderBy('audit_log.seq', 'desc')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute();
    const actions = await ctx.db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
    const subjectTypes = await ctx.db.selectFrom('audit_log').select('subject_type').distinct().orderBy('subject_type').execute();
    const emails = await emailsByIds(ctx.db, rows.flatMap((r) => r.actor_id ?? []));
    return {
      total: Number(total?.n ?? 0),
      page: input.page,
      pageSize: input.pageSize,
      records: rows.map((r) => ({
        seq: Number(r.seq),
        at: r.at,
        actorId: r.actor_id,
        actorEmail: (r.actor_id && emails.get(r.actor_id)) || null,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        data: r.data,
        hashPrefix: r.hash.slice(0, HASH_PREFIX_LENGTH),
      })),
      actions: actions.map((r) => r.action),
      subjectTypes: subjectTypes.map((r) => r.subject_type),
    };
  },
});

export const auditVerify = defineAction({
  name: 'audit_verify',
  description: 'Walks the audit hash chain and reports the first record whose link or hash does not hold.',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: platformAdmin,
  run: async (ctx) => verifyAuditChain(ctx.db, auditKeys(ctx.config.secret), await readCheckpoints(ctx.config.dataDir)),
});

export const auditCheckpointShow = defineAction({
  name: 'audit_checkpoint_show',
  description: 'The latest signed checkpoint of the audit log (record count, head hash, Ed25519 signature) and the public key that checks it.',
  input: Type.Object({}),
  sideEffectFree: true,
  caller: anyone,
  run: async (ctx) => ({ checkpoint: await latestCheckpoint(ctx.config.dataDir), publicKey: auditKeys(ctx.config.secret).publicKeyPem }),
});
