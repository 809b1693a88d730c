// Review (檢核) by platform moderators: approve, hide with reasons, mark as a duplicate, change the
// responsible agencies, and the queue ordered by deadline.
import { Type } from '@sinclair/typebox';
import { defineAction, type ActionContext } from '../../../core/action.js';
import { taipeiDateOf } from '../../../core/calendar.js';
import { indexDocument, removeDocument } from '../../../core/db/search-adapter.js';
import { AppError } from '../../../core/errors.js';
import { userText } from '../../../core/text.js';
import { endorsementStartOn, isPublicStatus, isReviewOverdue } from '../model.js';
import { addEvent, agenciesOf, displayNames, findProposal, setProposalAgencies, type ProposalRow } from '../queries.js';
import { AgencyCode, HideReasonSchema, LIMITS, ProposalId, type HideReason } from '../schemas.js';
import { SEARCH_DOC_TYPE } from './proposal_similar.js';
import { resolveAgencies } from './fields.js';
import { mayReview } from '../policy.js';
import { loadProposal, notifyAfterCommit, nowIso } from './shared.js';
import { moderator } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';

/** Every review action loads the proposal and lets moderators see all but drafts (policy.ts). */
const reviewed = {
  caller: moderator,
  load: (ctx: ActionContext, input: { proposalId: string }) => loadProposal(ctx, input.proposalId),
  policy: (_ctx: ActionContext, _input: unknown, row: ProposalRow) => mayReview(row),
};

function requireStatus(row: ProposalRow, allowed: ProposalRow['status'][]): void {
  if (!allowed.includes(row.status)) throw new AppError('CONFLICT', 'petitions.review.wrong_status');
}

export async function indexProposal(ctx: Pick<ActionContext, 'db' | 'dialect'>, row: Pick<ProposalRow, 'id' | 'title' | 'content' | 'benefits'>): Promise<void> {
  await indexDocument(petitionsDb(ctx.db), ctx.dialect, SEARCH_DOC_TYPE, row.id, `${row.title}\n${row.content}\n${row.benefits}`);
}

export const proposalApprove = defineAction({
  name: 'proposal_approve',
  description: 'Approves a proposal in review; endorsement opens the next day.',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  ...reviewed,
  async run(ctx, _input, row) {
    requireStatus(row, ['in_review']);
    const now = nowIso(ctx);
    const startOn = endorsementStartOn(now);
    const updated = await petitionsDb(ctx.db)
      .updateTable('proposals')
      .set({ status: 'endorsing', approved_at: now, endorse_start_on: startOn, reviewed_at: now, reviewed_by: ctx.actor!.userId, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'in_review')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'petitions.review.wrong_status');
    await indexProposal(ctx, row);
    await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'approved', at: now, actorId: ctx.actor!.userId, data: { endorsementOpensOn: startOn } });
    await ctx.audit({ action: 'proposal_approve', subjectType: 'proposal', subjectId: row.id, data: { endorsementOpensOn: startOn } });
    notifyAfterCommit(ctx, row.id);
    return { id: row.id, status: 'endorsing' as const, endorsementOpensOn: startOn };
  },
});

/** Accepts a proposal id or a link to it (what a moderator pastes). */
function proposalIdFrom(value: string): string {
  const match = /\/proposals\/([^/?#\s]+)/.exec(value);
  return (match ? match[1] : value).trim();
}

async function hide(ctx: ActionContext, row: ProposalRow, input: { reasons: HideReason[]; note?: string; duplicateOf?: string }) {
  requireStatus(row, ['in_review', 'endorsing']);
  const reasons = [...new Set(input.reasons)];
  let duplicateOf: string | null = null;
  if (reasons.includes('duplicate')) {
    if (!input.duplicateOf?.trim()) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'duplicateOf', message: 'petitions.review.duplicate_needs_link' }]);
    duplicateOf = proposalIdFrom(input.duplicateOf);
    const original = await findProposal(petitionsDb(ctx.db), duplicateOf);
    if (!original || original.id === row.id || !isPublicStatus(original.status)) {
      throw new AppError('INVALID', 'error.invalid_input', [{ field: 'duplicateOf', message: 'petitions.review.duplicate_unknown' }]);
    }
  }
  const note = input.note ? userText(input.note, 'note') : null;
  const now = nowIso(ctx);
  const updated = await petitionsDb(ctx.db)
    .updateTable('proposals')
    .set({ status: 'hidden', hidden_reasons: JSON.stringify(reasons), hidden_note: note, duplicate_of: duplicateOf, reviewed_at: now, reviewed_by: ctx.actor!.userId, closed_at: now, updated_at: now })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'petitions.review.wrong_status');
  await removeDocument(petitionsDb(ctx.db), ctx.dialect, SEARCH_DOC_TYPE, row.id);
  await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'hidden', at: now, actorId: ctx.actor!.userId, data: { reasons, note: note ?? '', ...(duplicateOf && { duplicateOf }) } });
  await ctx.audit({ action: 'proposal_hide', subjectType: 'proposal', subjectId: row.id, data: { reasons, note, duplicateOf, from: row.status } });
  notifyAfterCommit(ctx, row.id);
  return { id: row.id, status: 'hidden' as const, reasons, duplicateOf };
}

export const proposalHide = defineAction({
  name: 'proposal_hide',
  description: 'Hides a proposal with one or more reasons; the proposer is told why. It is kept for statistics.',
  input: Type.Object(
    {
      proposalId: ProposalId,
      reasons: Type.Array(HideReasonSchema, { minItems: 1, maxItems: 9 }),
      note: Type.Optional(Type.String({ maxLength: LIMITS.note })),
      duplicateOf: Type.Optional(Type.String({ maxLength: 300 })),
    },
    { additionalProperties: false },
  ),
  ...reviewed,
  run: (ctx, input, row) => hide(ctx, row, input),
});

export const proposalMarkDuplicate = defineAction({
  name: 'proposal_mark_duplicate',
  description: 'Hides a proposal as a duplicate of a published one, with a link to it.',
  input: Type.Object({ proposalId: ProposalId, duplicateOf: Type.String({ minLength: 1, maxLength: 300 }), note: Type.Optional(Type.String({ maxLength: LIMITS.note })) }, { additionalProperties: false }),
  ...reviewed,
  run: (ctx, input, row) => hide(ctx, row, { ...input, reasons: ['duplicate'] }),
});

export const proposalAgenciesChange = defineAction({
  name: 'proposal_agencies_change',
  description: 'Changes the responsible agencies (first = lead) before the response.',
  input: Type.Object({ proposalId: ProposalId, agencyCodes: Type.Array(AgencyCode, { minItems: 1, maxItems: 10 }), note: Type.Optional(Type.String({ maxLength: LIMITS.note })) }, { additionalProperties: false }),
  ...reviewed,
  async run(ctx, input, row) {
    requireStatus(row, ['in_review', 'endorsing', 'established']);
    const agencies = await resolveAgencies(ctx, input.agencyCodes);
    if (agencies.length === 0) throw new AppError('INVALID', 'error.invalid_input', [{ field: 'agencyCodes', message: 'petitions.agencies.required' }]);
    const before = ((await agenciesOf(petitionsDb(ctx.db), [row.id])).get(row.id) ?? []).map((a) => a.code);
    const after = agencies.map((a) => a.code);
    if (before.join(',') === after.join(',')) return { id: row.id, agencyCodes: after };
    const response = await petitionsDb(ctx.db).selectFrom('proposal_responses').select('agency_id').where('proposal_id', '=', row.id).executeTakeFirst();
    if (response && response.agency_id !== agencies[0].id) {
      // A draft answer belongs to the agency that wrote it; a new lead starts afresh.
      await petitionsDb(ctx.db).deleteFrom('proposal_followups').where('proposal_id', '=', row.id).execute();
      await petitionsDb(ctx.db).deleteFrom('proposal_responses').where('proposal_id', '=', row.id).where('status', '=', 'draft').execute();
    }
    await setProposalAgencies(petitionsDb(ctx.db), row.id, agencies);
    const now = nowIso(ctx);
    await petitionsDb(ctx.db).updateTable('proposals').set({ updated_at: now }).where('id', '=', row.id).execute();
    const note = input.note ? userText(input.note, 'note') : '';
    await addEvent(petitionsDb(ctx.db), {
      proposalId: row.id,
      kind: 'agencies_changed',
      at: now,
      actorId: ctx.actor!.userId,
      data: { from: before, to: after, toZh: agencies.map((a) => a.nameZh), toEn: agencies.map((a) => a.nameEn), note },
    });
    await ctx.audit({ action: 'proposal_agencies_change', subjectType: 'proposal', subjectId: row.id, data: { from: before, to: after } });
    notifyAfterCommit(ctx, row.id);
    return { id: row.id, agencyCodes: after };
  },
});

export const proposalReviewQueue = defineAction({
  name: 'proposal_review_queue',
  description: 'Proposals waiting for review, the nearest deadline first, overdue ones marked.',
  input: Type.Object({}, { additionalProperties: false }),
  sideEffectFree: true,
  caller: moderator,
  async run(ctx) {
    const rows = await petitionsDb(ctx.db)
      .selectFrom('proposals')
      .select(['id', 'title', 'proposer_id', 'submitted_at', 'review_due_on'])
      .where('status', '=', 'in_review')
      .orderBy('review_due_on')
      .orderBy('submitted_at')
      .limit(500)
      .execute();
    const agencies = await agenciesOf(petitionsDb(ctx.db), rows.map((r) => r.id));
    const names = await displayNames(ctx.db, rows.map((r) => r.proposer_id));
    const now = ctx.clock.now();
    const today = taipeiDateOf(now);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      proposer: names.get(r.proposer_id) ?? '',
      submittedAt: r.submitted_at!,
      reviewDueOn: r.review_due_on!,
      overdue: isReviewOverdue(r.review_due_on!, now),
      dueToday: r.review_due_on === today,
      agencies: agencies.get(r.id) ?? [],
    }));
  },
});
