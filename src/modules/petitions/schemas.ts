// TypeBox schemas for action inputs and the JSON API; the API's response schemas are the allow-list
// of fields that leave the server.
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';
import { eventKinds, followupStatuses, outcomes, proposalStatuses } from './tables.js';

export const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiteral<T[number]>[]>;

export const topics = ['digital', 'environment', 'transport', 'health', 'education', 'economy', 'labour', 'welfare', 'culture', 'safety', 'government', 'other'] as const;
export type Topic = (typeof topics)[number];

export const hideReasons = [
  'unlawful',
  'infringes_rights',
  'discriminatory',
  'before_courts',
  'unclear_or_personal',
  'fictional',
  'commercial',
  'outside_remit',
  'duplicate',
] as const;
export type HideReason = (typeof hideReasons)[number];

export const LIMITS = {
  title: 100,
  content: 10_000,
  benefits: 5_000,
  links: 10,
  linkLabel: 200,
  agencies: 3,
  endorseComment: 500,
  comment: 2_000,
  reasons: 10_000,
  followups: 20,
  followupText: 500,
  participants: 1_000,
  note: 1_000,
} as const;

export const ProposalId = Type.String({ minLength: 1, maxLength: 64 });
export const StatusSchema = literals(proposalStatuses);
export const TopicSchema = literals(topics);
export const HideReasonSchema = literals(hideReasons);
export const OutcomeSchema = literals(outcomes);
export const FollowupStatusSchema = literals(followupStatuses);
export const LocalDateString = Type.String({ format: 'date', maxLength: 10 });
export const Url = Type.String({ format: 'uri', maxLength: 2000 });
export const AgencyCode = Type.String({ minLength: 1, maxLength: 40 });

export const LinkSchema = Type.Object({ url: Url, label: Type.Optional(Type.String({ maxLength: LIMITS.linkLabel })) }, { additionalProperties: false });

/** Fields of a proposal the proposer writes; all optional on a draft, checked at submission. */
export const DraftFields = {
  title: Type.Optional(Type.String({ maxLength: LIMITS.title })),
  content: Type.Optional(Type.String({ maxLength: LIMITS.content })),
  benefits: Type.Optional(Type.String({ maxLength: LIMITS.benefits })),
  links: Type.Optional(Type.Array(LinkSchema, { maxItems: LIMITS.links })),
  topic: Type.Optional(TopicSchema),
  /** Responsible agencies by code; the first is the lead (主辦). */
  agencyCodes: Type.Optional(Type.Array(AgencyCode, { maxItems: 10 })),
};

export const ProposalCreateInput = Type.Object(
  { ...DraftFields, title: Type.String({ minLength: 1, maxLength: LIMITS.title }), submit: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type ProposalCreateInput = Static<typeof ProposalCreateInput>;

export const FollowupInput = Type.Object(
  { description: Type.String({ minLength: 1, maxLength: LIMITS.followupText }), dueOn: Type.Optional(LocalDateString) },
  { additionalProperties: false },
);

export const RespondFields = {
  outcome: Type.Optional(OutcomeSchema),
  reasons: Type.Optional(Type.String({ maxLength: LIMITS.reasons })),
  followUps: Type.Optional(Type.Array(FollowupInput, { maxItems: LIMITS.followups })),
};

// ---------------------------------------------------------------------------------------------
// What the API returns

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const AgencyRef = Type.Object({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  role: Type.Union([Type.Literal('lead'), Type.Literal('co')]),
});

export const ProposalSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: StatusSchema,
  topic: Nullable(TopicSchema),
  agencies: Type.Array(AgencyRef),
  endorsementCount: Type.Integer(),
  threshold: Type.Integer(),
  approvedAt: Nullable(Type.String()),
  establishedAt: Nullable(Type.String()),
  endorsementClosesOn: Nullable(Type.String()),
  daysLeft: Type.Integer(),
  responseDueOn: Nullable(Type.String()),
  respondedAt: Nullable(Type.String()),
  overdue: Type.Boolean(),
  url: Type.String(),
});
export type ProposalSummary = Static<typeof ProposalSummary>;

export const ProposalList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(ProposalSummary),
});

export const TimelineEntry = Type.Object({ kind: literals(eventKinds), at: Type.String(), data: Type.Record(Type.String(), Type.Unknown()) });

export const FollowupOut = Type.Object({
  id: Type.String(),
  description: Type.String(),
  dueOn: Nullable(Type.String()),
  status: FollowupStatusSchema,
  statusNote: Nullable(Type.String()),
  updatedAt: Type.String(),
});

export const ResponseOut = Type.Object({
  agency: Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() }),
  outcome: OutcomeSchema,
  reasons: Type.String(),
  publishedAt: Type.String(),
  onTime: Type.Boolean(),
  followUps: Type.Array(FollowupOut),
});

export const ExtensionOut = Type.Object({ reasons: Type.String(), previousDueOn: Type.String(), newDueOn: Type.String(), createdAt: Type.String() });
export const MeetingOut = Type.Object({ heldOn: Type.String(), participants: Type.String(), minutesUrl: Nullable(Type.String()), videoUrl: Nullable(Type.String()) });

export const ProposalDetail = Type.Object({
  ...ProposalSummary.properties,
  content: Type.String(),
  benefits: Type.String(),
  links: Type.Array(Type.Object({ url: Type.String(), label: Nullable(Type.String()) })),
  attachments: Type.Array(Type.Object({ id: Type.String(), filename: Type.String(), mediaType: Type.String(), size: Type.Integer(), url: Type.String() })),
  proposer: Type.String(),
  submittedAt: Nullable(Type.String()),
  endorsementOpensOn: Nullable(Type.String()),
  endorsementPhase: Type.String(),
  stage: Type.Integer(),
  stageTarget: Type.Integer(),
  duplicateOf: Nullable(Type.String()),
  hiddenReasons: Type.Array(HideReasonSchema),
  extensionCount: Type.Integer(),
  discussionOpen: Type.Boolean(),
  response: Nullable(ResponseOut),
  extensions: Type.Array(ExtensionOut),
  meetings: Type.Array(MeetingOut),
  timeline: Type.Array(TimelineEntry),
});

export const CountOut = Type.Object({
  id: Type.String(),
  status: StatusSchema,
  count: Type.Integer(),
  threshold: Type.Integer(),
  daysLeft: Type.Integer(),
  phase: Type.String(),
});

export const EndorseOut = Type.Object({ count: Type.Integer(), established: Type.Boolean(), status: StatusSchema });
