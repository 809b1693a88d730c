// TypeBox schemas of the deliberation module: action inputs and the JSON the API returns.
import { Type, type Static } from '@sinclair/typebox';

export const STATEMENT_LENGTH_MIN = 20;
export const STATEMENT_LENGTH_MAX = 1000;
export const STATEMENT_LENGTH_DEFAULT = 140;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ConversationId = Type.String({ minLength: 1, maxLength: 100 });

export const Link = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    url: Type.String({ format: 'uri', maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type Link = Static<typeof Link>;

export const ParticipationRule = Type.Union([Type.Literal('signed_in'), Type.Literal('verified')]);
export const ModerationMode = Type.Union([Type.Literal('strict'), Type.Literal('permissive')]);
export const Language = Type.Union([Type.Literal('zh-TW'), Type.Literal('en')]);

const conversationFields = {
  topic: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  language: Type.Optional(Language),
  links: Type.Optional(Type.Array(Link, { maxItems: 20 })),
  opensAt: Type.Optional(Nullable(Type.String({ format: 'date-time', maxLength: 40 }))),
  closesAt: Type.Optional(Nullable(Type.String({ format: 'date-time', maxLength: 40 }))),
  participation: Type.Optional(ParticipationRule),
  moderation: Type.Optional(ModerationMode),
  participantStatements: Type.Optional(Type.Boolean()),
  statementMaxLength: Type.Optional(Type.Integer({ minimum: STATEMENT_LENGTH_MIN, maximum: STATEMENT_LENGTH_MAX })),
};

export const ConversationCreateInput = Type.Object(
  {
    ...conversationFields,
    /** Required for moderators and admins; agency staff create for their own agency. */
    agencyCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    seedStatements: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: STATEMENT_LENGTH_MAX }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type ConversationCreateInput = Static<typeof ConversationCreateInput>;

export const ConversationChanges = Type.Object(
  {
    ...conversationFields,
    topic: Type.Optional(conversationFields.topic),
    /** More seed statements to add. */
    seedStatements: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: STATEMENT_LENGTH_MAX }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type ConversationChanges = Static<typeof ConversationChanges>;

export const ConversationStatus = Type.Union([Type.Literal('scheduled'), Type.Literal('open'), Type.Literal('closed')]);
export type ConversationStatus = Static<typeof ConversationStatus>;

export const Conversation = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  agencyCode: Type.String(),
  topic: Type.String(),
  description: Type.String(),
  language: Type.String(),
  links: Type.Array(Link),
  opensAt: Type.Union([Type.String(), Type.Null()]),
  closesAt: Type.Union([Type.String(), Type.Null()]),
  status: ConversationStatus,
  participation: ParticipationRule,
  moderation: ModerationMode,
  participantStatements: Type.Boolean(),
  statementMaxLength: Type.Integer(),
  readOnly: Type.Boolean(),
  source: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
}, { $id: 'Conversation', title: 'Conversation' });
export type Conversation = Static<typeof Conversation>;

export const ConversationSummary = Type.Object({
  id: Type.String(),
  agencyCode: Type.String(),
  topic: Type.String(),
  language: Type.String(),
  status: ConversationStatus,
  readOnly: Type.Boolean(),
  opensAt: Type.Union([Type.String(), Type.Null()]),
  closesAt: Type.Union([Type.String(), Type.Null()]),
  participants: Type.Integer(),
  statements: Type.Integer(),
  createdAt: Type.String(),
});
export type ConversationSummary = Static<typeof ConversationSummary>;

export const StatementStatus = Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected')]);

export const Statement = Type.Object({
  number: Type.Integer({ description: 'Per-conversation statement id (the Polis comment-id)' }),
  body: Type.String(),
  status: StatementStatus,
  isMeta: Type.Boolean(),
  isSeed: Type.Boolean(),
  createdAt: Type.String(),
});
export type Statement = Static<typeof Statement>;

export const VoteChoice = Type.Union([Type.Literal('agree'), Type.Literal('disagree'), Type.Literal('pass')]);
export type VoteChoice = Static<typeof VoteChoice>;

export const VoteInput = Type.Object(
  {
    conversationId: ConversationId,
    statement: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
    vote: VoteChoice,
  },
  { additionalProperties: false },
);

export const VoteResult = Type.Object({
  conversationId: Type.String(),
  statement: Type.Integer(),
  vote: VoteChoice,
  participant: Type.Integer(),
  replaced: Type.Boolean({ description: 'True when this vote replaced an earlier one on the same statement' }),
});

export const StatementSubmitBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: STATEMENT_LENGTH_MAX }) }, { additionalProperties: false });

export const StatementSubmitResult = Type.Object({ number: Type.Integer(), status: StatementStatus });

export const NextStatement = Type.Object({
  statement: Type.Union([Type.Object({ number: Type.Integer(), body: Type.String(), isMeta: Type.Boolean() }), Type.Null()]),
  remaining: Type.Integer({ description: 'Statements this participant has not voted on yet' }),
  voted: Type.Integer(),
  total: Type.Integer(),
});

const Counts = Type.Object({
  agree: Type.Integer(),
  disagree: Type.Integer(),
  pass: Type.Integer(),
  seen: Type.Integer(),
  agreePct: Type.Union([Type.Number(), Type.Null()]),
  disagreePct: Type.Union([Type.Number(), Type.Null()]),
  passPct: Type.Union([Type.Number(), Type.Null()]),
});

const StatementRef = { statement: Type.Integer(), text: Type.String() };

export const Report = Type.Object({
  conversationId: Type.String(),
  topic: Type.String(),
  computedAt: Type.Union([Type.String(), Type.Null()]),
  counts: Type.Object({
    participants: Type.Integer(),
    statements: Type.Integer(),
    votes: Type.Integer(),
    inConv: Type.Integer(),
    groups: Type.Integer(),
  }),
  participants: Type.Array(
    Type.Object({ id: Type.Integer(), group: Type.Union([Type.Integer(), Type.Null()]), x: Type.Number(), y: Type.Number(), votes: Type.Integer() }),
  ),
  groups: Type.Array(
    Type.Object({
      id: Type.Integer(),
      label: Type.String(),
      size: Type.Integer(),
      x: Type.Number(),
      y: Type.Number(),
      representative: Type.Array(
        Type.Object({
          ...StatementRef,
          direction: Type.Union([Type.Literal('agree'), Type.Literal('disagree')]),
          inGroup: Counts,
          otherGroups: Counts,
          repness: Type.Number(),
          repnessTest: Type.Number(),
          bestAgree: Type.Boolean(),
        }),
      ),
    }),
  ),
  consensus: Type.Array(
    Type.Object({
      ...StatementRef,
      direction: Type.Union([Type.Literal('agree'), Type.Literal('disagree')]),
      groups: Type.Array(Type.Object({ group: Type.Integer(), label: Type.String(), agreePct: Type.Union([Type.Number(), Type.Null()]), disagreePct: Type.Union([Type.Number(), Type.Null()]) })),
    }),
  ),
  groupAwareConsensus: Type.Array(Type.Object({ ...StatementRef, rank: Type.Integer(), value: Type.Number(), geometricMean: Type.Number() })),
  majority: Type.Array(
    Type.Object({
      ...StatementRef,
      direction: Type.Union([Type.Literal('agree'), Type.Literal('disagree')]),
      percent: Type.Number(),
      votes: Type.Integer(),
      pTest: Type.Number(),
    }),
  ),
  participation: Type.Object({
    bucket: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
    series: Type.Array(
      Type.Object({ period: Type.String(), votes: Type.Integer(), newParticipants: Type.Integer(), totalVotes: Type.Integer(), totalParticipants: Type.Integer() }),
    ),
  }),
  sourceAgreement: Type.Union([Type.Object({ ari: Type.Number(), compared: Type.Integer(), sourceGroups: Type.Integer() }), Type.Null()]),
});
export type Report = Static<typeof Report>;

/** What an import receives: an already-parsed Polis export (see math/polis-csv.ts). */
export const ImportInput = Type.Object(
  {
    agencyCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    topic: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    language: Type.Optional(Language),
    source: Type.Optional(Type.String({ maxLength: 1000 })),
    comments: Type.Array(
      Type.Object({
        id: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
        timestamp: Type.Union([Type.Number(), Type.Null()]),
        authorId: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
        moderated: Type.Union([Type.Literal(-1), Type.Literal(0), Type.Literal(1)]),
        isMeta: Type.Boolean(),
        body: Type.String({ maxLength: 20_000 }),
      }),
      { maxItems: 10_000 },
    ),
    /** [participant, comment, vote, time in ms or s] per vote. */
    votes: Type.Array(
      Type.Tuple([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), Type.Integer({ minimum: 0 }), Type.Union([Type.Literal(-1), Type.Literal(0), Type.Literal(1)]), Type.Number()]),
      { maxItems: 5_000_000 },
    ),
    /** Optional participant → group of the source export. */
    sourceGroups: Type.Optional(Type.Array(Type.Tuple([Type.Integer({ minimum: 0 }), Type.Integer()]))),
  },
  { additionalProperties: false },
);
export type ImportInput = Static<typeof ImportInput>;
