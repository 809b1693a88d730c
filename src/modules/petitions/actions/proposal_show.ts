import { Type } from '@sinclair/typebox';
import { anyone, defineAction } from '../../../core/action.js';
import { isAgencyMember, isModerator } from '../../../core/actor.js';
import { notFound } from '../../../core/errors.js';
import { discussionState, endorsementState, isPublicStatus, responseState, reviewDueOn, type EndorsementState, type ResponseState } from '../model.js';
import { toSummary } from '../present.js';
import { agenciesOf, agencyById, displayNames, endorsementOf, endorserFacts, factsOf, isFollowing, participantFacts, proposalFactsRow, type ProposalAgency } from '../queries.js';
import { ProposalId, type HideReason, type ProposalSummary } from '../schemas.js';
import type { EventKind, FollowupStatus, Outcome } from '../tables.js';
import { endorserGaps, mayView, mustBePublished, proposerGaps, type VerificationGap } from '../policy.js';
import { loadProposal, settingsOf } from './shared.js';
import { signedIn } from '../../../core/access.js';
import { petitionsDb } from '../tables.js';

/** Steps the public timeline shows; the rest only the proposer and moderators see. */
const publicKinds: EventKind[] = ['submitted', 'approved', 'agencies_changed', 'stage_reached', 'established', 'not_established', 'extended', 'meeting_added', 'responded', 'followup_updated'];

export interface ProposalView extends ProposalSummary {
  content: string;
  benefits: string;
  links: Array<{ url: string; label: string | null }>;
  attachments: Array<{ id: string; filename: string; mediaType: string; size: number; url: string }>;
  proposer: string;
  proposerId: string;
  submittedAt: string | null;
  reviewDueOn: string | null;
  endorsementOpensOn: string | null;
  endorsementPhase: EndorsementState['phase'];
  endorsement: EndorsementState;
  responseState: ResponseState | null;
  stage: number;
  stageTarget: number;
  stages: Array<{ threshold: number; days: number }>;
  duplicateOf: string | null;
  duplicateTitle: string | null;
  hiddenReasons: HideReason[];
  hiddenNote: string | null;
  extensionCount: number;
  maxExtensions: number;
  extensionMonths: number;
  discussionOpen: boolean;
  discussionClosesOn: string | null;
  agencyList: ProposalAgency[];
  response: null | {
    agency: { code: string; nameZh: string; nameEn: string };
    outcome: Outcome;
    reasons: string;
    publishedAt: string;
    onTime: boolean;
    followUps: Array<{ id: string; description: string; dueOn: string | null; status: FollowupStatus; statusNote: string | null; updatedAt: string }>;
  };
  extensions: Array<{ reasons: string; previousDueOn: string; newDueOn: string; createdAt: string }>;
  meetings: Array<{ heldOn: string; participants: string; minutesUrl: string | null; videoUrl: string | null }>;
  timeline: Array<{ kind: EventKind; at: string; data: Record<string, unknown> }>;
  endorsementComments: Array<{ author: string; comment: string; createdAt: string }>;
  comments: Array<{ id: string; author: string; body: string; createdAt: string }>;
  /** Only for the proposer's own draft: the share link and the collaborators' comments. */
  shareToken: string | null;
  draftComments: Array<{ id: string; author: string; body: string; createdAt: string }>;
  viewer: {
    endorsedAt: string | null;
    following: boolean;
    /** What the viewer still needs before endorsing (empty when ready). */
    endorseGaps: VerificationGap[];
    isProposer: boolean;
    isModerator: boolean;
    isLeadAgency: boolean;
    isAgency: boolean;
  };
}

export const proposalShow = defineAction({
  name: 'proposal_show',
  description: 'One proposal with its timeline, live count, response and discussion.',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  load: (ctx, input) => loadProposal(ctx, input.proposalId),
  policy: (ctx, _input, row) => mayView(ctx.actor, row),
  async run(ctx, _input, row): Promise<ProposalView> {
    const { settings, cal } = await settingsOf(ctx);
    const now = ctx.clock.now();
    const facts = factsOf(row);
    const agencies = (await agenciesOf(petitionsDb(ctx.db), [row.id])).get(row.id) ?? [];
    const summary = toSummary(row, agencies, now, cal);
    const endorsement = endorsementState(facts, now, cal);
    const discussion = discussionState(facts, now, cal);
    const actor = ctx.actor;
    const privileged = !!actor && (actor.userId === row.proposer_id || isModerator(actor));

    const [attachments, events, extensions, meetings, responseRow, followups, endorsementComments, comments] = await Promise.all([
      petitionsDb(ctx.db).selectFrom('proposal_attachments').select(['id', 'filename', 'media_type', 'size']).where('proposal_id', '=', row.id).orderBy('created_at').execute(),
      petitionsDb(ctx.db).selectFrom('proposal_events').select(['kind', 'at', 'data']).where('proposal_id', '=', row.id).orderBy('at').orderBy('id').execute(),
      petitionsDb(ctx.db).selectFrom('proposal_extensions').select(['reasons', 'previous_due_on', 'new_due_on', 'created_at']).where('proposal_id', '=', row.id).orderBy('created_at').execute(),
      petitionsDb(ctx.db).selectFrom('proposal_meetings').select(['held_on', 'participants', 'minutes_url', 'video_url']).where('proposal_id', '=', row.id).orderBy('held_on').execute(),
      petitionsDb(ctx.db).selectFrom('proposal_responses').selectAll().where('proposal_id', '=', row.id).where('status', '=', 'published').executeTakeFirst(),
      petitionsDb(ctx.db).selectFrom('proposal_followups').selectAll().where('proposal_id', '=', row.id).orderBy('position').execute(),
      petitionsDb(ctx.db)
        .selectFrom('proposal_endorsements')
        .select(['user_id', 'comment', 'created_at'])
        .where('proposal_id', '=', row.id)
        .where('comment', 'is not', null)
        .orderBy('created_at', 'desc')
        .limit(20)
        .execute(),
      petitionsDb(ctx.db).selectFrom('proposal_comments').select(['id', 'user_id', 'body', 'created_at']).where('proposal_id', '=', row.id).where('kind', '=', 'discussion').orderBy('created_at').limit(500).execute(),
    ]);
    const ownDraft = row.status === 'draft' && actor?.userId === row.proposer_id;
    const draftComments = ownDraft
      ? await petitionsDb(ctx.db).selectFrom('proposal_comments').select(['id', 'user_id', 'body', 'created_at']).where('proposal_id', '=', row.id).where('kind', '=', 'draft').orderBy('created_at').limit(500).execute()
      : [];
    const names = await displayNames(ctx.db, [row.proposer_id, ...endorsementComments.map((e) => e.user_id), ...comments.map((c) => c.user_id), ...draftComments.map((c) => c.user_id)]);
    const duplicate = row.duplicate_of ? await petitionsDb(ctx.db).selectFrom('proposals').select(['id', 'title', 'status']).where('id', '=', row.duplicate_of).executeTakeFirst() : undefined;

    let response: ProposalView['response'] = null;
    if (responseRow) {
      const agency = await agencyById(ctx.db, responseRow.agency_id);
      const state = responseState(facts, now);
      response = {
        agency: { code: agency?.code ?? '', nameZh: agency?.nameZh ?? '', nameEn: agency?.nameEn ?? '' },
        outcome: responseRow.outcome!,
        reasons: responseRow.reasons,
        publishedAt: responseRow.published_at!,
        onTime: state?.onTime ?? true,
        followUps: followups.map((f) => ({ id: f.id, description: f.description, dueOn: f.due_on, status: f.status, statusNote: f.status_note, updatedAt: f.updated_at })),
      };
    }

    let endorseGaps: VerificationGap[] = [];
    let endorsedAt: string | null = null;
    let following = false;
    if (actor) {
      const user = await endorserFacts(ctx.db, ctx.dialect, actor.userId);
      endorseGaps = user ? endorserGaps(user, settings.endorserNeedsMobile) : ['email_verified'];
      endorsedAt = (await endorsementOf(petitionsDb(ctx.db), row.id, actor.userId))?.created_at ?? null;
      following = await isFollowing(petitionsDb(ctx.db), row.id, actor.userId);
    }
    const lead = agencies.find((a) => a.role === 'lead');

    return {
      ...summary,
      content: row.content,
      benefits: row.benefits,
      links: JSON.parse(row.links) as Array<{ url: string; label: string | null }>,
      attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, mediaType: a.media_type, size: Number(a.size), url: `/proposals/${row.id}/files/${a.id}` })),
      proposer: names.get(row.proposer_id) ?? '',
      proposerId: row.proposer_id,
      submittedAt: row.submitted_at,
      reviewDueOn: row.review_due_on ?? (row.submitted_at ? reviewDueOn(row.submitted_at, facts.rules, cal) : null),
      endorsementOpensOn: endorsement.startOn,
      endorsementPhase: endorsement.phase,
      endorsement,
      responseState: responseState(facts, now),
      stage: facts.stage,
      stageTarget: endorsement.target,
      stages: facts.rules.stages,
      duplicateOf: duplicate && isPublicStatus(duplicate.status) ? duplicate.id : null,
      duplicateTitle: duplicate && isPublicStatus(duplicate.status) ? duplicate.title : null,
      hiddenReasons: privileged && row.hidden_reasons ? (JSON.parse(row.hidden_reasons) as HideReason[]) : [],
      hiddenNote: privileged ? row.hidden_note : null,
      extensionCount: facts.extensionCount,
      maxExtensions: facts.rules.maxExtensions,
      extensionMonths: facts.rules.extensionMaxMonths,
      discussionOpen: discussion.open,
      discussionClosesOn: discussion.closesOn,
      agencyList: agencies,
      response,
      extensions: extensions.map((e) => ({ reasons: e.reasons, previousDueOn: e.previous_due_on, newDueOn: e.new_due_on, createdAt: e.created_at })),
      meetings: meetings.map((m) => ({ heldOn: m.held_on, participants: m.participants, minutesUrl: m.minutes_url, videoUrl: m.video_url })),
      timeline: events
        .filter((e) => privileged || publicKinds.includes(e.kind))
        .map((e) => ({ kind: e.kind, at: e.at, data: publicEventData(e.kind, JSON.parse(e.data) as Record<string, unknown>) })),
      endorsementComments: endorsementComments.map((e) => ({ author: names.get(e.user_id) ?? '', comment: e.comment!, createdAt: e.created_at })),
      comments: comments.map((c) => ({ id: c.id, author: names.get(c.user_id) ?? '', body: c.body, createdAt: c.created_at })),
      shareToken: ownDraft ? row.share_token : null,
      draftComments: draftComments.map((c) => ({ id: c.id, author: names.get(c.user_id) ?? '', body: c.body, createdAt: c.created_at })),
      viewer: {
        endorsedAt,
        following,
        endorseGaps,
        isProposer: actor?.userId === row.proposer_id,
        isModerator: isModerator(actor),
        isLeadAgency: !!lead && isAgencyMember(actor, lead.id),
        isAgency: agencies.some((a) => isAgencyMember(actor, a.id)),
      },
    };
  },
});

/** Event data is public on a public timeline; ids of people never are. */
function publicEventData(kind: EventKind, data: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'followup_updated') return { description: data.description, status: data.status, note: data.note };
  return data;
}

/** The live count and days left, cheap enough for many readers at once. */
export const proposalCount = defineAction({
  name: 'proposal_count',
  description: 'Endorsement count, threshold and days left of a published proposal.',
  input: Type.Object({ proposalId: ProposalId }, { additionalProperties: false }),
  sideEffectFree: true,
  caller: anyone,
  async load(ctx, input) {
    const row = await proposalFactsRow(petitionsDb(ctx.db), ctx.dialect, input.proposalId);
    if (!row) throw notFound('petitions.not_found');
    return row;
  },
  policy: (_ctx, _input, row) => mustBePublished(row),
  async run(ctx, _input, row) {
    const { cal } = await settingsOf(ctx);
    const now = ctx.clock.now();
    const facts = factsOf(row as never);
    const state = endorsementState(facts, now, cal);
    const status = facts.status === 'endorsing' && state.outcome === 'not_established' ? 'not_established' : facts.status;
    const daysLeft = state.phase === 'open' || state.phase === 'frozen' || state.phase === 'not_started' ? state.daysLeft : 0;
    return { id: row.id, status, count: facts.endorsementCount, threshold: state.finalTarget, daysLeft, phase: state.phase };
  },
});

/** What the signed-in citizen still lacks to propose (the propose page shows it as a checklist). */
export const proposerReadiness = defineAction({
  name: 'proposal_proposer_readiness',
  input: Type.Object({}, { additionalProperties: false }),
  sideEffectFree: true,
  caller: signedIn,
  async run(ctx) {
    const p = await participantFacts(ctx.db, ctx.actor!.userId);
    return { gaps: p ? proposerGaps(p) : (['email_verified'] as VerificationGap[]) };
  },
});
