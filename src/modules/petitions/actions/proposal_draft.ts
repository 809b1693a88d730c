// Drafts: editing, a share link for comments before submission (提議協作), and supporting files.
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { anyone, defineAction, signedIn } from '../../../core/action.js';
import { AppError, notFound } from '../../../core/errors.js';
import { newId, randomToken } from '../../../core/ids.js';
import { agenciesOf, displayNames, setProposalAgencies } from '../queries.js';
import { DraftFields, ProposalId } from '../schemas.js';
import { cleanFilename, detectType } from '../uploads.js';
import { cleanDraft } from './fields.js';
import { mayEditDraft, mayReadAttachment } from '../policy.js';
import { loadProposal, nowIso, settingsOf, sharedDraft } from './shared.js';
import { petitionsDb } from '../tables.js';

export const proposalDraftUpdate = defineAction({
  name: 'proposal_draft_update',
  description: 'Changes fields of the signed-in citizen’s own draft.',
  input: Type.Object({ proposalId: ProposalId, ...DraftFields }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (ctx, _input, row) => mayEditDraft(ctx.actor, row),
  async run(ctx, input, row) {
    const clean = await cleanDraft(ctx, input);
    const set: Record<string, unknown> = { updated_at: nowIso(ctx) };
    for (const key of ['title', 'content', 'benefits', 'links', 'topic'] as const) if (clean[key] !== undefined) set[key] = clean[key];
    await petitionsDb(ctx.db).updateTable('proposals').set(set).where('id', '=', row.id).execute();
    if (clean.agencies) await setProposalAgencies(petitionsDb(ctx.db), row.id, clean.agencies);
    return { id: row.id };
  },
});

/** Creates (or replaces) the secret link that lets others read the draft and comment on it. */
export const proposalShare = defineAction({
  name: 'proposal_share',
  input: Type.Object({ proposalId: ProposalId, revoke: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (ctx, _input, row) => mayEditDraft(ctx.actor, row),
  async run(ctx, input, row) {
    const token = input.revoke ? null : randomToken(18);
    await petitionsDb(ctx.db).updateTable('proposals').set({ share_token: token, updated_at: nowIso(ctx) }).where('id', '=', row.id).execute();
    return { shareToken: token };
  },
});

/** A shared draft, by its secret link: what the collaborators see. */
export const proposalDraftView = defineAction({
  name: 'proposal_draft_view',
  input: Type.Object({ shareToken: Type.String({ minLength: 10, maxLength: 100 }) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => sharedDraft(ctx, input.shareToken),
  async run(ctx, _input, row) {
    const agencies = (await agenciesOf(petitionsDb(ctx.db), [row.id])).get(row.id) ?? [];
    const comments = await petitionsDb(ctx.db)
      .selectFrom('proposal_comments')
      .select(['id', 'user_id', 'body', 'created_at'])
      .where('proposal_id', '=', row.id)
      .where('kind', '=', 'draft')
      .orderBy('created_at')
      .limit(500)
      .execute();
    const names = await displayNames(ctx.db, [row.proposer_id, ...comments.map((c) => c.user_id)]);
    return {
      id: row.id,
      title: row.title,
      content: row.content,
      benefits: row.benefits,
      links: JSON.parse(row.links) as Array<{ url: string; label: string | null }>,
      agencies,
      proposer: names.get(row.proposer_id) ?? '',
      isProposer: ctx.actor?.userId === row.proposer_id,
      comments: comments.map((c) => ({ id: c.id, author: names.get(c.user_id) ?? '', body: c.body, createdAt: c.created_at })),
    };
  },
});

export const proposalAttachmentAdd = defineAction({
  name: 'proposal_attachment_add',
  description: 'Adds a supporting file to the signed-in citizen’s draft; the type is checked from its content.',
  input: Type.Object(
    { proposalId: ProposalId, filename: Type.String({ minLength: 1, maxLength: 300 }), data: Type.Uint8Array({ maxByteLength: 20 * 1024 * 1024 }) },
    { additionalProperties: false },
  ),
  caller: signedIn,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (ctx, _input, row) => mayEditDraft(ctx.actor, row),
  async run(ctx, input, row) {
    const { settings } = await settingsOf(ctx);
    if (input.data.byteLength > settings.uploadMaxBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', 'petitions.upload.too_large', [{ field: 'file', message: 'petitions.upload.too_large', params: { max: Math.floor(settings.uploadMaxBytes / 1024 / 1024) } }], {
        max: Math.floor(settings.uploadMaxBytes / 1024 / 1024),
      });
    }
    const count = await petitionsDb(ctx.db).selectFrom('proposal_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('proposal_id', '=', row.id).executeTakeFirst();
    if (Number(count?.n ?? 0) >= settings.uploadMaxFiles) {
      throw new AppError('CONFLICT', 'petitions.upload.too_many', [{ field: 'file', message: 'petitions.upload.too_many', params: { max: settings.uploadMaxFiles } }], { max: settings.uploadMaxFiles });
    }
    const filename = cleanFilename(input.filename);
    const type = detectType(filename, input.data);
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'petitions.upload.bad_type', [{ field: 'file', message: 'petitions.upload.bad_type' }]);
    const id = newId();
    const content = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength);
    await petitionsDb(ctx.db)
      .insertInto('proposal_attachments')
      .values({ id, proposal_id: row.id, filename, media_type: type.mediaType, size: content.byteLength, sha256: createHash('sha256').update(content).digest('hex'), content, created_at: nowIso(ctx) })
      .execute();
    return { id, filename, mediaType: type.mediaType, size: content.byteLength };
  },
});

export const proposalAttachmentRemove = defineAction({
  name: 'proposal_attachment_remove',
  input: Type.Object({ proposalId: ProposalId, attachmentId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
  caller: signedIn,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (ctx, _input, row) => mayEditDraft(ctx.actor, row),
  async run(ctx, input, row) {
    const result = await petitionsDb(ctx.db).deleteFrom('proposal_attachments').where('id', '=', input.attachmentId).where('proposal_id', '=', row.id).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw notFound();
    return { ok: true };
  },
});

export const proposalAttachmentGet = defineAction({
  name: 'proposal_attachment_get',
  input: Type.Object({ proposalId: ProposalId, attachmentId: Type.String({ maxLength: 64 }), shareToken: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (ctx, input, proposal) => mayReadAttachment(ctx.actor, proposal, input.shareToken),
  async run(ctx, input, proposal) {
    const file = await petitionsDb(ctx.db)
      .selectFrom('proposal_attachments')
      .select(['filename', 'media_type', 'size', 'content'])
      .where('id', '=', input.attachmentId)
      .where('proposal_id', '=', proposal.id)
      .executeTakeFirst();
    if (!file) throw notFound();
    return { filename: file.filename, mediaType: file.media_type, size: Number(file.size), content: Buffer.from(file.content) };
  },
});
