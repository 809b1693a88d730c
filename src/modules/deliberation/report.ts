// Builds the report (every figure of the report page, JSON and CSV) from a stored math result.
// Pure: no I/O, and nothing undefined leaves as NaN.
import { csvText } from '../../core/csv.js';
import { adjustedRandIndex } from './math/ari.js';
import type { MathResult, VoteCounts } from './math/types.js';
import { groupLabels } from './model.js';
import type { ActivityRow } from './queries.js';
import type { Report } from './schemas.js';

export interface ReportInput {
  conversation: { id: string; topic: string };
  /** Statement number → text, for the statements the public may see. */
  statements: ReadonlyMap<number, string>;
  result: MathResult | null;
  computedAt: string | null;
  activity: readonly ActivityRow[];
  /** Imported conversations: the source export's group of each participant. */
  sourceGroups: ReadonlyMap<number, number> | null;
}

const TOP = 10;
const finite = (v: number | null | undefined, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const pct = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 10) / 10 : null);

function counts(c: VoteCounts | undefined): Report['groups'][number]['representative'][number]['inGroup'] {
  if (!c) return { agree: 0, disagree: 0, pass: 0, seen: 0, agreePct: null, disagreePct: null, passPct: null };
  return { agree: c.agree, disagree: c.disagree, pass: c.pass, seen: c.seen, agreePct: pct(c.agreePct), disagreePct: pct(c.disagreePct), passPct: pct(c.passPct) };
}

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

function weekStart(day: string): string {
  const n = dayNumber(day);
  const weekday = (n + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
  return new Date((n - weekday) * 86_400_000).toISOString().slice(0, 10);
}

export function participationSeries(activity: readonly ActivityRow[]): Report['participation'] {
  if (activity.length === 0) return { bucket: 'day', series: [] };
  const span = dayNumber(activity[activity.length - 1]!.day) - dayNumber(activity[0]!.day);
  const bucket: Report['participation']['bucket'] = span <= 92 ? 'day' : span <= 730 ? 'week' : 'month';
  const period = (day: string) => (bucket === 'day' ? day : bucket === 'week' ? weekStart(day) : day.slice(0, 7));
  const buckets = new Map<string, { votes: number; newParticipants: number }>();
  for (const a of activity) {
    const key = period(a.day);
    const b = buckets.get(key) ?? { votes: 0, newParticipants: 0 };
    b.votes += a.votes;
    b.newParticipants += a.participants;
    buckets.set(key, b);
  }
  let totalVotes = 0;
  let totalParticipants = 0;
  const series = [...buckets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, b]) => {
      totalVotes += b.votes;
      totalParticipants += b.newParticipants;
      return { period: p, votes: b.votes, newParticipants: b.newParticipants, totalVotes, totalParticipants };
    });
  return { bucket, series };
}

export function buildReport(input: ReportInput): Report {
  const { result, statements } = input;
  const participation = participationSeries(input.activity);
  const base = {
    conversationId: input.conversation.id,
    topic: input.conversation.topic,
    computedAt: input.computedAt,
    participation,
  };
  if (!result) {
    return {
      ...base,
      counts: { participants: 0, statements: statements.size, votes: 0, inConv: 0, groups: 0 },
      participants: [],
      groups: [],
      consensus: [],
      groupAwareConsensus: [],
      majority: [],
      sourceAgreement: null,
    };
  }
  const labels = groupLabels(result.groups.map((g) => g.id));
  const label = (id: number) => labels.get(id) ?? String(id);
  const comments = new Map(result.comments.map((c) => [c.id, c]));
  const shown = (id: number) => statements.has(id) && comments.get(id)?.moderatedOut !== true;
  const text = (id: number) => statements.get(id) ?? '';

  const groups = result.groups.map((g) => ({
    id: g.id,
    label: label(g.id),
    size: g.members.length,
    x: finite(g.x),
    y: finite(g.y),
    representative: g.representative
      .filter((r) => shown(r.commentId))
      .map((r) => {
        const votes = comments.get(r.commentId)?.groupVotes.find((v) => v.group === g.id);
        return {
          statement: r.commentId,
          text: text(r.commentId),
          direction: r.direction,
          inGroup: counts(votes?.inGroup),
          otherGroups: counts(votes?.otherGroups),
          repness: finite(r.repness),
          repnessTest: finite(r.repnessTest),
          bestAgree: r.bestAgree,
        };
      }),
  }));

  // Statements every group leans the same way on: each group has votes and a majority agreeing
  // (or disagreeing). Ranked by the weakest group's share.
  const consensus: Report['consensus'] = [];
  if (result.groups.length > 0) {
    for (const c of result.comments) {
      if (!shown(c.id) || c.groupVotes.length === 0) continue;
      for (const direction of ['agree', 'disagree'] as const) {
        const shares = c.groupVotes.map((v) => (v.inGroup.seen > 0 ? (direction === 'agree' ? v.inGroup.agreePct : v.inGroup.disagreePct) : null));
        if (shares.every((s) => s !== null && s > 50)) {
          consensus.push({
            statement: c.id,
            text: text(c.id),
            direction,
            groups: c.groupVotes.map((v) => ({ group: v.group, label: label(v.group), agreePct: pct(v.inGroup.agreePct), disagreePct: pct(v.inGroup.disagreePct) })),
          });
        }
      }
    }
    const weakest = (e: Report['consensus'][number]) => Math.min(...e.groups.map((g) => finite(e.direction === 'agree' ? g.agreePct : g.disagreePct)));
    consensus.sort((a, b) => weakest(b) - weakest(a) || a.statement - b.statement);
  }

  const groupAwareConsensus = result.groups.length === 0 ? [] : result.groupAwareConsensus
    .filter((g) => shown(g.commentId) && Number.isFinite(g.value))
    .sort((a, b) => b.value - a.value || a.commentId - b.commentId)
    .slice(0, TOP)
    .map((g, i) => ({ statement: g.commentId, text: text(g.commentId), rank: i + 1, value: g.value, geometricMean: finite(g.geometricMean) }));

  const majority: Report['majority'] = (['agree', 'disagree'] as const).flatMap((direction) =>
    result.consensus[direction]
      .filter((c) => shown(c.commentId))
      .map((c) => ({
        statement: c.commentId,
        text: text(c.commentId),
        direction,
        percent: c.nTrials > 0 ? Math.round((1000 * c.nSuccess) / c.nTrials) / 10 : 0,
        votes: c.nTrials,
        pTest: finite(c.pTest),
      })),
  );

  let sourceAgreement: Report['sourceAgreement'] = null;
  if (input.sourceGroups && input.sourceGroups.size > 0) {
    const both = result.participants.filter((p) => p.group !== null && input.sourceGroups!.has(p.id));
    if (both.length >= 2) {
      sourceAgreement = {
        ari: finite(adjustedRandIndex(both.map((p) => p.group!), both.map((p) => input.sourceGroups!.get(p.id)!))),
        compared: both.length,
        sourceGroups: new Set(input.sourceGroups.values()).size,
      };
    }
  }

  return {
    ...base,
    counts: {
      participants: result.counts.participants,
      statements: statements.size,
      votes: result.counts.votes,
      inConv: result.counts.inConv,
      groups: result.counts.groups,
    },
    participants: result.participants.map((p) => ({ id: p.id, group: p.group, x: finite(p.x), y: finite(p.y), votes: p.nVotes })),
    groups,
    consensus: consensus.slice(0, TOP),
    groupAwareConsensus,
    majority,
    sourceAgreement,
  };
}

export const reportFigures = ['participants', 'groups', 'representative', 'consensus', 'group-aware-consensus', 'majority', 'participation'] as const;
export type ReportFigure = (typeof reportFigures)[number];

const csv = (rows: (string | number | boolean | null)[][]): string => csvText(rows);

/** One figure of the report as CSV (header row first). */
export function reportCsv(report: Report, figure: ReportFigure): string {
  const labelOf = new Map(report.groups.map((g) => [g.id, g.label]));
  switch (figure) {
    case 'participants':
      return csv([['participant', 'group', 'group-label', 'x', 'y', 'votes'], ...report.participants.map((p) => [p.id, p.group, p.group === null ? null : (labelOf.get(p.group) ?? null), p.x, p.y, p.votes])]);
    case 'groups':
      return csv([['group', 'label', 'size', 'x', 'y'], ...report.groups.map((g) => [g.id, g.label, g.size, g.x, g.y])]);
    case 'representative':
      return csv([
        ['group', 'label', 'statement', 'direction', 'agree-pct-in-group', 'disagree-pct-in-group', 'votes-in-group', 'agree-pct-other-groups', 'disagree-pct-other-groups', 'votes-other-groups', 'repness', 'repness-test', 'text'],
        ...report.groups.flatMap((g) =>
          g.representative.map((r) => [g.id, g.label, r.statement, r.direction, r.inGroup.agreePct, r.inGroup.disagreePct, r.inGroup.seen, r.otherGroups.agreePct, r.otherGroups.disagreePct, r.otherGroups.seen, r.repness, r.repnessTest, r.text]),
        ),
      ]);
    case 'consensus':
      return csv([
        ['statement', 'direction', 'group', 'label', 'agree-pct', 'disagree-pct', 'text'],
        ...report.consensus.flatMap((c) => c.groups.map((g) => [c.statement, c.direction, g.group, g.label, g.agreePct, g.disagreePct, c.text])),
      ]);
    case 'group-aware-consensus':
      return csv([['rank', 'statement', 'value', 'geometric-mean', 'text'], ...report.groupAwareConsensus.map((g) => [g.rank, g.statement, g.value, g.geometricMean, g.text])]);
    case 'majority':
      return csv([['statement', 'direction', 'percent', 'votes', 'p-test', 'text'], ...report.majority.map((m) => [m.statement, m.direction, m.percent, m.votes, m.pTest, m.text])]);
    case 'participation':
      return csv([
        [report.participation.bucket, 'votes', 'new-participants', 'total-votes', 'total-participants'],
        ...report.participation.series.map((s) => [s.period, s.votes, s.newParticipants, s.totalVotes, s.totalParticipants]),
      ]);
  }
}
