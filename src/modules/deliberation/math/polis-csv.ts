/**
 * Polis open-data exports (spec §15): reading comments.csv, votes.csv and participants-votes.csv,
 * writing the same files plus summary.csv. The only module of the engine that does I/O.
 *
 * Malformed rows are never dropped silently: each is reported as {file, line, message} (line =
 * the 1-based line where the record starts, header = line 1) and skipped.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvText } from '../../../core/csv.js';
import { analyzeOneShot, oneShotOrder } from './pipeline.js';
import type { MathOptions, MathResult, ModerationStatus, VoteInput, VoteValue } from './types.js';

export interface PolisProblem {
  file: string;
  line: number;
  message: string;
}

export interface PolisComment {
  id: number;
  /** Milliseconds (or seconds in some newer exports); null when blank. */
  timestamp: number | null;
  authorId: number | null;
  moderated: ModerationStatus;
  isMeta: boolean;
  body: string;
}

export interface PolisVote extends VoteInput {
  time: number;
}

export interface PolisParticipantRow {
  participantId: number;
  xid: string | null;
  /** Polis's group for this participant; null = not clustered. */
  groupId: number | null;
  nComments: number;
  nVotes: number;
  nAgree: number;
  nDisagree: number;
  votes: { commentId: number; vote: VoteValue }[];
}

/** One data row: `get(column)` reads a field by header name ('' when the column is absent). */
interface CsvRecord {
  line: number;
  get: (column: string) => string;
}

interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

/**
 * Parses CSV text into records keyed by header name. Rows with the wrong number of columns and
 * rows csv-parse cannot read are reported and skipped.
 */
function readCsv(text: string, file: string, problems: PolisProblem[]): CsvTable {
  const rows: { record: string[]; info: { lines: number } }[] = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: { lines?: number; message: string } | undefined) => {
      if (error) problems.push({ file, line: error.lines ?? 0, message: error.message });
    },
  } as Parameters<typeof parse>[1]);
  if (rows.length === 0) {
    problems.push({ file, line: 1, message: 'missing header row' });
    return { header: [], records: [] };
  }
  const header = rows[0].record.map((h) => h.trim());
  const columnIndex = new Map(header.map((h, i) => [h, i]));
  const records: CsvRecord[] = [];
  for (const { record, info } of rows.slice(1)) {
    // info.lines is where the record ends; quoted fields may span lines.
    const line = info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== header.length) {
      problems.push({ file, line, message: `expected ${header.length} columns, found ${record.length}` });
      continue;
    }
    records.push({ line, get: (column) => record[columnIndex.get(column) ?? -1] ?? '' });
  }
  return { header, records };
}

class RowError extends Error {}

function requireColumns(table: CsvTable, file: string, columns: string[], problems: PolisProblem[]): boolean {
  const missing = columns.filter((c) => !table.header.includes(c));
  if (missing.length > 0 && table.header.length > 0) {
    problems.push({ file, line: 1, message: `missing column(s): ${missing.join(', ')}` });
  }
  return missing.length === 0;
}

function integer(row: CsvRecord, column: string): number {
  const text = row.get(column).trim();
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new RowError(`${column}: not an integer: ${JSON.stringify(row.get(column))}`);
  }
  return Number(text);
}

function optionalInteger(row: CsvRecord, column: string): number | null {
  return row.get(column).trim() === '' ? null : integer(row, column);
}

function voteValue(text: string, what: string): VoteValue {
  const t = text.trim();
  if (t !== '1' && t !== '0' && t !== '-1') throw new RowError(`${what}: vote must be 1, 0 or -1, found ${JSON.stringify(text)}`);
  return Number(t) as VoteValue;
}

function flag(row: CsvRecord, column: string): boolean {
  const t = row.get(column).trim().toLowerCase();
  if (t === '' || t === 'false' || t === '0') return false;
  if (t === 'true' || t === '1') return true;
  throw new RowError(`${column}: expected true/false, found ${JSON.stringify(row.get(column))}`);
}

/** Runs `read` on every record; a RowError becomes a problem for that line and the row is skipped. */
function eachRow<T>(table: CsvTable, file: string, problems: PolisProblem[], read: (r: CsvRecord) => T): T[] {
  const out: T[] = [];
  for (const record of table.records) {
    try {
      out.push(read(record));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      problems.push({ file, line: record.line, message: error.message });
    }
  }
  return out;
}

/** Runs a parser with its own problem list, then appends its problems in line order. */
function inLineOrder<T>(problems: PolisProblem[], parse: (local: PolisProblem[]) => T): T {
  const local: PolisProblem[] = [];
  try {
    return parse(local);
  } finally {
    problems.push(...local.sort((a, b) => a.line - b.line));
  }
}

export function parseCommentsCsv(text: string, problems: PolisProblem[], file = 'comments.csv'): PolisComment[] {
  return inLineOrder(problems, (local) => readComments(text, local, file));
}

function readComments(text: string, problems: PolisProblem[], file: string): PolisComment[] {
  const table = readCsv(text, file, problems);
  if (!requireColumns(table, file, ['comment-id'], problems)) return [];
  const seen = new Set<number>();
  return eachRow(table, file, problems, (row) => {
    const id = integer(row, 'comment-id');
    if (id < 0) throw new RowError(`comment-id: negative: ${id}`);
    if (seen.has(id)) throw new RowError(`comment-id ${id} appears twice`);
    const moderated = optionalInteger(row, 'moderated') ?? 0;
    if (moderated !== -1 && moderated !== 0 && moderated !== 1) throw new RowError(`moderated must be -1, 0 or 1, found ${moderated}`);
    const comment: PolisComment = {
      id,
      timestamp: optionalInteger(row, 'timestamp'),
      authorId: optionalInteger(row, 'author-id'),
      moderated,
      isMeta: flag(row, 'is-meta'),
      body: row.get('comment-body'),
    };
    seen.add(id);
    return comment;
  });
}

export interface ParsedVotes {
  /** One vote per (participant, comment): the latest by timestamp (the later line on ties). */
  votes: PolisVote[];
  /** Well-formed votes replaced by a later vote of the same participant on the same comment. */
  superseded: number;
}

/** Parses votes.csv; votes on comment ids not in `commentIds` (when given) are problems. */
export function parseVotesCsv(
  text: string,
  problems: PolisProblem[],
  commentIds: ReadonlySet<number> | null,
  file = 'votes.csv',
): ParsedVotes {
  return inLineOrder(problems, (local) => readVotes(text, local, commentIds, file));
}

function readVotes(
  text: string,
  problems: PolisProblem[],
  commentIds: ReadonlySet<number> | null,
  file: string,
): ParsedVotes {
  const table = readCsv(text, file, problems);
  const required = ['timestamp', 'comment-id', 'voter-id', 'vote'];
  if (!requireColumns(table, file, required, problems)) return { votes: [], superseded: 0 };
  const rows = eachRow(table, file, problems, (row) => {
    const timestamp = row.get('timestamp').trim();
    const time = Number(timestamp);
    if (timestamp === '' || !Number.isFinite(time)) throw new RowError(`timestamp: not a number: ${JSON.stringify(timestamp)}`);
    const commentId = integer(row, 'comment-id');
    const participantId = integer(row, 'voter-id');
    if (commentId < 0 || participantId < 0) throw new RowError('comment-id and voter-id must not be negative');
    if (commentIds && !commentIds.has(commentId)) throw new RowError(`unknown comment-id ${commentId}`);
    return { participantId, commentId, vote: voteValue(row.get('vote'), 'vote'), time } satisfies PolisVote;
  });
  const latest = new Map<string, number>();
  const votes: PolisVote[] = [];
  for (const v of rows) {
    const key = `${v.participantId}:${v.commentId}`;
    const at = latest.get(key);
    if (at === undefined) {
      latest.set(key, votes.length);
      votes.push(v);
    } else if (v.time >= votes[at].time) {
      votes[at] = v;
    }
  }
  return { votes, superseded: rows.length - votes.length };
}

const FIXED_PARTICIPANT_COLUMNS = ['participant', 'xid', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree'];

export function parseParticipantsVotesCsv(
  text: string,
  problems: PolisProblem[],
  file = 'participants-votes.csv',
): PolisParticipantRow[] {
  return inLineOrder(problems, (local) => readParticipantsVotes(text, local, file));
}

function readParticipantsVotes(text: string, problems: PolisProblem[], file: string): PolisParticipantRow[] {
  const table = readCsv(text, file, problems);
  if (!requireColumns(table, file, ['participant', 'group-id'], problems)) return [];
  const voteColumns = table.header.filter((h) => !FIXED_PARTICIPANT_COLUMNS.includes(h));
  const bad = voteColumns.find((h) => !/^\d+$/.test(h));
  if (bad !== undefined) {
    problems.push({ file, line: 1, message: `unexpected column ${JSON.stringify(bad)}` });
    return [];
  }
  return eachRow(table, file, problems, (row) => {
    const votes: { commentId: number; vote: VoteValue }[] = [];
    for (const h of voteColumns) {
      if (row.get(h).trim() !== '') votes.push({ commentId: Number(h), vote: voteValue(row.get(h), `column ${h}`) });
    }
    return {
      participantId: integer(row, 'participant'),
      xid: table.header.includes('xid') ? row.get('xid') : null,
      groupId: optionalInteger(row, 'group-id'),
      nComments: optionalInteger(row, 'n-comments') ?? 0,
      nVotes: optionalInteger(row, 'n-votes') ?? votes.length,
      nAgree: optionalInteger(row, 'n-agree') ?? 0,
      nDisagree: optionalInteger(row, 'n-disagree') ?? 0,
      votes,
    };
  });
}

export interface PolisExport {
  comments: PolisComment[];
  votes: PolisVote[];
  supersededVotes: number;
  /** Present when asked for and the file exists. */
  participants: PolisParticipantRow[] | null;
  problems: PolisProblem[];
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads comments.csv and votes.csv (required) and, if asked, participants-votes.csv (optional). */
export async function readPolisExport(dir: string, options: { participantsVotes?: boolean } = {}): Promise<PolisExport> {
  const problems: PolisProblem[] = [];
  const commentsText = await readText(join(dir, 'comments.csv'));
  const votesText = await readText(join(dir, 'votes.csv'));
  if (commentsText === null) problems.push({ file: 'comments.csv', line: 0, message: 'file not found' });
  if (votesText === null) problems.push({ file: 'votes.csv', line: 0, message: 'file not found' });
  const comments = commentsText === null ? [] : parseCommentsCsv(commentsText, problems);
  const { votes, superseded } =
    votesText === null ? { votes: [], superseded: 0 } : parseVotesCsv(votesText, problems, new Set(comments.map((c) => c.id)));
  let participants: PolisParticipantRow[] | null = null;
  if (options.participantsVotes) {
    const text = await readText(join(dir, 'participants-votes.csv'));
    if (text !== null) participants = parseParticipantsVotesCsv(text, problems);
  }
  return { comments, votes, supersededVotes: superseded, participants, problems };
}

/**
 * One-shot analysis of an export folder: reads only `dir/comments.csv` and `dir/votes.csv`.
 * The malformed rows that were skipped are listed in `problems`.
 */
export async function analyzeDirectory(
  dir: string,
  options: MathOptions = {},
): Promise<MathResult & { problems: PolisProblem[] }> {
  const data = await readPolisExport(dir);
  const comments = data.comments.map((c) => ({ id: c.id, moderated: c.moderated, isMeta: c.isMeta }));
  return { ...analyzeOneShot(comments, data.votes, options), problems: data.problems };
}

// ------------------------------------------------------------------------------------------------
// Writers

export interface PolisSummary {
  topic: string;
  url: string;
  views: number;
  description: string;
}

export interface PolisCsvInput {
  comments: readonly PolisComment[];
  /** Every vote to publish (superseded ones included if wanted); tallies use the latest per cell. */
  votes: readonly PolisVote[];
  /** Analysis whose group ids and counts are exported. */
  result: MathResult;
  summary: PolisSummary;
}

export interface PolisCsvFiles {
  'summary.csv': string;
  'comments.csv': string;
  'votes.csv': string;
  'participants-votes.csv': string;
}

// Polis's layout: fields quoted only when they must be, \n line ends, one after the last row.
const csvLines = (rows: (string | number | null)[][]): string => csvText(rows);

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The exports' `datetime` column (Java's Date.toString layout), written in UTC. */
export function polisDatetime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

function latestVotes(votes: readonly PolisVote[]): PolisVote[] {
  const latest = new Map<string, PolisVote>();
  for (const v of votes) {
    const key = `${v.participantId}:${v.commentId}`;
    const old = latest.get(key);
    if (!old || v.time >= old.time) latest.set(key, v);
  }
  return [...latest.values()];
}

/** Writes summary.csv, comments.csv, votes.csv and participants-votes.csv (spec §15 layouts). */
export function toPolisCsv(input: PolisCsvInput): PolisCsvFiles {
  const current = latestVotes(input.votes);
  const commentIds = [...new Set([...input.comments.map((c) => c.id), ...current.map((v) => v.commentId)])];
  commentIds.sort((a, b) => a - b);
  const authored = new Map<number, number>();
  for (const c of input.comments) if (c.authorId !== null) authored.set(c.authorId, (authored.get(c.authorId) ?? 0) + 1);

  return {
    'summary.csv': summaryCsv(input, authored.size),
    'comments.csv': commentsCsv(input.comments, current),
    'votes.csv': votesCsv(input.votes),
    'participants-votes.csv': participantsVotesCsv(current, commentIds, authored, input.result),
  };
}

function summaryCsv(input: PolisCsvInput, commenters: number): string {
  const r = input.result;
  return csvLines([
    ['topic', input.summary.topic],
    ['url', input.summary.url],
    ['views', input.summary.views],
    ['voters', r.counts.participants],
    ['voters-in-conv', r.counts.inConv],
    ['commenters', commenters],
    ['comments', input.comments.length],
    ['groups', r.counts.groups],
    ['conversation-description', input.summary.description],
  ]);
}

function commentsCsv(comments: readonly PolisComment[], current: readonly PolisVote[]): string {
  const agrees = new Map<number, number>();
  const disagrees = new Map<number, number>();
  for (const v of current) {
    if (v.vote === 1) agrees.set(v.commentId, (agrees.get(v.commentId) ?? 0) + 1);
    if (v.vote === -1) disagrees.set(v.commentId, (disagrees.get(v.commentId) ?? 0) + 1);
  }
  const header = ['timestamp', 'datetime', 'comment-id', 'author-id', 'agrees', 'disagrees', 'moderated', 'comment-body'];
  const rows = [...comments]
    .sort((a, b) => a.id - b.id)
    .map((c) => [
      c.timestamp,
      c.timestamp === null ? null : polisDatetime(c.timestamp),
      c.id,
      c.authorId,
      agrees.get(c.id) ?? 0,
      disagrees.get(c.id) ?? 0,
      c.moderated,
      c.body,
    ]);
  return csvLines([header, ...rows]);
}

function votesCsv(votes: readonly PolisVote[]): string {
  const sorted = [...votes].sort((a, b) => a.commentId - b.commentId || a.participantId - b.participantId || a.time - b.time);
  const rows = sorted.map((v) => [v.time, polisDatetime(v.time), v.commentId, v.participantId, v.vote]);
  return csvLines([['timestamp', 'datetime', 'comment-id', 'voter-id', 'vote'], ...rows]);
}

function participantsVotesCsv(
  current: readonly PolisVote[],
  commentIds: readonly number[],
  authored: ReadonlyMap<number, number>,
  result: MathResult,
): string {
  const column = new Map(commentIds.map((id, i) => [id, i]));
  const cells = new Map<number, (number | null)[]>();
  for (const v of current) {
    let row = cells.get(v.participantId);
    if (!row) cells.set(v.participantId, (row = new Array<number | null>(commentIds.length).fill(null)));
    row[column.get(v.commentId)!] = v.vote;
  }
  const groupOf = new Map(result.participants.map((p) => [p.id, p.group]));
  // Rows in order of first appearance when votes are scanned by (comment id, participant id).
  const order = oneShotOrder(current).participantIds;
  const rows = order.map((pid) => {
    const votes = cells.get(pid)!;
    const count = (value: number): number => votes.filter((v) => v === value).length;
    return [
      pid,
      groupOf.get(pid) ?? null,
      authored.get(pid) ?? 0,
      votes.filter((v) => v !== null).length,
      count(1),
      count(-1),
      ...votes,
    ];
  });
  const header = ['participant', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree', ...commentIds.map(String)];
  return csvLines([header, ...rows]);
}
