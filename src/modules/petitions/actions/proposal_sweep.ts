// The background sweep: stores transitions the clock has made true (未成案 after a missed deadline)
// and sends time-based notices (review overdue; response due soon or overdue). Everything it does is
// guarded (conditional UPDATEs, notice keys), so running it late, twice or from two processes at
// once changes nothing more than running it once on time.
import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../core/action.js';
import { taipeiDateOf } from '../../../core/calendar.js';
import { dueTransition, isReviewOverdue, responseDueSoon, responseState } from '../model.js';
import { sendOnce } from '../notify.js';
import { addEvent, agencyStaff, factsOf, moderators } from '../queries.js';
import { settingsOf } from './shared.js';
import { systemOnly } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';
import { forgetProposalPages } from '../page-cache.js';

export const proposalSweep = defineAction({
  name: 'proposal_sweep',
  description: 'Stores due transitions and sends time-based notices (background job).',
  input: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 10000, default: 1000 }) }, { additionalProperties: false }),
  caller: systemOnly,
  async run(ctx, input) {
    const { settings, cal } = await settingsOf(ctx);
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const today = taipeiDateOf(now);
    let transitions = 0;
    let notices = 0;

    const endorsing = await petitionsDb(ctx.db).selectFrom('proposals').selectAll().where('status', '=', 'endorsing').orderBy('approved_at').limit(input.limit).execute();
    for (const row of endorsing) {
      const transition = dueTransition(factsOf(row), now, cal);
      if (!transition) continue;
      const updated = await petitionsDb(ctx.db)
        .updateTable('proposals')
        .set({ status: 'not_established', closed_at: transition.at, updated_at: nowIso })
        .where('id', '=', row.id)
        .where('status', '=', 'endorsing')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) continue;
      await addEvent(petitionsDb(ctx.db), { proposalId: row.id, kind: 'not_established', at: transition.at, actorId: null, data: { count: Number(row.endorsement_count) } });
      await ctx.audit({ action: 'proposal_not_established', subjectType: 'proposal', subjectId: row.id, data: { count: Number(row.endorsement_count), at: transition.at } });
      transitions += 1;
      ctx.afterCommit(() => forgetProposalPages(ctx.services.cache, row.id));
    }

    const overdueReviews = await petitionsDb(ctx.db).selectFrom('proposals').select(['id', 'title', 'review_due_on']).where('status', '=', 'in_review').where('review_due_on', '<', today).limit(input.limit).execute();
    if (overdueReviews.length > 0) {
      const mods = await moderators(petitionsDb(ctx.db));
      for (const p of overdueReviews) {
        if (!isReviewOverdue(p.review_due_on!, now)) continue;
        notices += await sendOnce(petitionsDb(ctx.db), ctx.services, p.id, `review_overdue:${p.id}:${p.review_due_on}`, mods, {
          subjectKey: 'petitions.notice.review_overdue.subject',
          bodyKey: 'petitions.notice.review_overdue.body',
          params: { title: p.title, url: `${ctx.config.baseUrl}/admin/proposals/${p.id}/review` },
          dates: { dueOn: p.review_due_on! },
        });
      }
    }

    const waiting = await petitionsDb(ctx.db)
      .selectFrom('proposals')
      .innerJoin('proposal_agencies', 'proposal_agencies.proposal_id', 'proposals.id')
      .selectAll('proposals')
      .select('proposal_agencies.agency_id')
      .where('proposals.status', '=', 'established')
      .limit(input.limit * 3)
      .execute();
    const staffCache = new Map<string, Awaited<ReturnType<typeof agencyStaff>>>();
    for (const row of waiting) {
      const state = responseState(factsOf(row), now);
      if (!state) continue;
      const kind = state.overdue ? 'response_overdue' : responseDueSoon(state, settings.responseWarningDays) ? 'response_due_soon' : null;
      if (!kind) continue;
      if (!staffCache.has(row.agency_id)) staffCache.set(row.agency_id, await agencyStaff(ctx.db, [row.agency_id]));
      notices += await sendOnce(petitionsDb(ctx.db), ctx.services, row.id, `${kind}:${row.id}:${state.dueOn}`, staffCache.get(row.agency_id)!, {
        subjectKey: `petitions.notice.${kind}.subject`,
        bodyKey: `petitions.notice.${kind}.body`,
        params: { title: row.title, url: `${ctx.config.baseUrl}/agency/proposals/${row.id}`, days: state.overdue ? state.daysOverdue : state.daysLeft },
        dates: { dueOn: state.dueOn },
      });
    }
    return { transitions, notices };
  },
});
