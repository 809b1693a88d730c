/**
 * Public API of the deliberation math engine (Pol.is-compatible opinion mapping).
 * The algorithm is the Pol.is math description in docs/deliberation-math.md; "spec §n" in the code's
 * comments refers to its sections.
 */
export * from './types.js';
export { ConversationMath, analyzeOneShot, oneShotOrder, DEFAULT_SEED, type MathStateJSON } from './pipeline.js';
export {
  analyzeDirectory,
  readPolisExport,
  parseCommentsCsv,
  parseVotesCsv,
  parseParticipantsVotesCsv,
  toPolisCsv,
  polisDatetime,
  type PolisComment,
  type PolisVote,
  type PolisParticipantRow,
  type PolisProblem,
  type PolisExport,
  type PolisSummary,
  type PolisCsvInput,
  type PolisCsvFiles,
} from './polis-csv.js';
export { commentPriority, META_PRIORITY } from './routing.js';
export { adjustedRandIndex } from './ari.js';
export { MAX_COMMENTS, MAX_PARTICIPANTS } from './matrix.js';
export { syntheticConversation, syntheticFollowUp, type SyntheticConversation, type SyntheticOptions } from './synthetic.js';
