import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { POLIS_DATA_DIR } from '../../../../test/fixtures.js';
import {
  analyzeDirectory,
  parseCommentsCsv,
  parseParticipantsVotesCsv,
  parseVotesCsv,
  polisDatetime,
  readPolisExport,
  toPolisCsv,
  type PolisComment,
  type PolisProblem,
  type PolisVote,
} from './polis-csv.js';
import { analyzeOneShot } from './pipeline.js';

const COMMENTS_HEADER = 'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body';
const VOTES_HEADER = 'timestamp,datetime,comment-id,voter-id,vote';

const commentsCsv = [
  COMMENTS_HEADER,
  '1000,x,0,1,0,0,1,First comment',
  '1001,x,1,2,0,0,-1,"Multi-line',
  'body, with a comma"',
  '1002,x,2,1,0,0,0', // line 5: missing column
  '1003,x,three,1,0,0,0,bad id', // line 6
  '1004,x,3,1,0,0,7,bad moderation', // line 7
  '1005,x,4,1,0,0,0,"He said ""hi"""',
  '1006,x,0,1,0,0,0,duplicate id', // line 9
].join('\n');

const votesCsv = [
  VOTES_HEADER,
  '10,x,0,100,1',
  '30,x,0,100,-1', // later: replaces line 2
  '20,x,0,100,0', // older than line 3: ignored
  '10,x,1,101,1',
  '10,x,1,101,-1', // same time, later line: wins
  '10,x,9,100,1', // line 7: unknown comment
  '10,x,0,102,2', // line 8: vote outside -1/0/1
  '1o,x,0,103,1', // line 9: bad number
  '10,x,0,104', // line 10: missing column
  '10,x,4,105,-1,extra', // line 11: too many columns
  '11,x,4,105,0',
].join('\n');

describe('reading Polis CSV', () => {
  it('reports malformed comment rows with line numbers and skips them', () => {
    const problems: PolisProblem[] = [];
    const comments = parseCommentsCsv(commentsCsv, problems);
    assert.deepEqual(comments.map((c) => c.id), [0, 1, 4]);
    assert.equal(comments[1].body, 'Multi-line\nbody, with a comma');
    assert.equal(comments[1].moderated, -1);
    assert.equal(comments[2].body, 'He said "hi"');
    assert.deepEqual(problems.map((p) => [p.file, p.line]), [['comments.csv', 5], ['comments.csv', 6], ['comments.csv', 7], ['comments.csv', 9]]);
    assert.match(problems[0].message, /expected 8 columns, found 7/);
    assert.match(problems[1].message, /comment-id/);
    assert.match(problems[2].message, /moderated/);
    assert.match(problems[3].message, /twice/);
  });

  it('reports malformed votes with line numbers; the latest vote per participant and comment wins', () => {
    const problems: PolisProblem[] = [];
    const { votes, superseded } = parseVotesCsv(votesCsv, problems, new Set([0, 1, 4]));
    assert.deepEqual(
      votes.map((v) => [v.participantId, v.commentId, v.vote, v.time]),
      [[100, 0, -1, 30], [101, 1, -1, 10], [105, 4, 0, 11]],
    );
    assert.equal(superseded, 3);
    assert.deepEqual(problems.map((p) => p.line), [7, 8, 9, 10, 11]);
    assert.match(problems[0].message, /unknown comment-id 9/);
    assert.match(problems[1].message, /vote must be 1, 0 or -1/);
    assert.match(problems[2].message, /timestamp/);
    assert.match(problems[3].message, /expected 5 columns, found 4/);
    assert.match(problems[4].message, /found 6/);
  });

  it('reports unreadable CSV and missing columns instead of throwing', () => {
    const problems: PolisProblem[] = [];
    parseVotesCsv(`${VOTES_HEADER}\n1,x,0,1,1\n"unterminated,x,0,2,1\n`, problems, null);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 3);
    const missing: PolisProblem[] = [];
    assert.deepEqual(parseVotesCsv('timestamp,comment-id\n1,2\n', missing, null).votes, []);
    assert.match(missing[0].message, /missing column\(s\): voter-id, vote/);
    const empty: PolisProblem[] = [];
    assert.deepEqual(parseCommentsCsv('', empty), []);
    assert.equal(empty[0].message, 'missing header row');
  });

  it('reads newer exports with is-meta and without datetime', () => {
    const problems: PolisProblem[] = [];
    const comments = parseCommentsCsv('timestamp,comment-id,author-id,agrees,disagrees,moderated,comment-body,is-meta\n1,0,1,0,0,1,a,true\n2,1,1,0,0,1,b,false\n', problems);
    assert.deepEqual(problems, []);
    assert.deepEqual(comments.map((c) => c.isMeta), [true, false]);
  });

  it('reads participants-votes.csv by header name, xid column optional', () => {
    const problems: PolisProblem[] = [];
    const text = 'participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n5,abc,1,0,2,1,1,1,-1\n6,,,0,1,0,0,,0\n7,,0,0,1,0,0,3,\n';
    const rows = parseParticipantsVotesCsv(text, problems);
    assert.deepEqual(rows.map((r) => [r.participantId, r.xid, r.groupId, r.votes]), [
      [5, 'abc', 1, [{ commentId: 0, vote: 1 }, { commentId: 1, vote: -1 }]],
      [6, '', null, [{ commentId: 1, vote: 0 }]],
    ]);
    assert.deepEqual(problems.map((p) => p.line), [4]);
  });
});

describe('export folders', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'polis-csv-'));
    await writeFile(join(dir, 'comments.csv'), commentsCsv);
    await writeFile(join(dir, 'votes.csv'), votesCsv);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('readPolisExport collects problems of every file', async () => {
    const data = await readPolisExport(dir, { participantsVotes: true });
    assert.equal(data.participants, null); // optional file absent
    assert.deepEqual(new Set(data.problems.map((p) => p.file)), new Set(['comments.csv', 'votes.csv']));
    assert.equal(data.votes.length, 3);
  });

  it('analyzeDirectory returns the one-shot analysis plus the problems', async () => {
    const result = await analyzeDirectory(dir);
    assert.equal(result.counts.participants, 3);
    assert.equal(result.problems.length, 9);
    const moderated = result.comments.find((c) => c.id === 1)!;
    assert.equal(moderated.moderatedOut, true);
  });

  it('a missing file is a problem, not an exception', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'polis-empty-'));
    try {
      const result = await analyzeDirectory(empty);
      assert.equal(result.counts.participants, 0);
      assert.deepEqual(result.problems.map((p) => p.message), ['file not found', 'file not found']);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('writing Polis CSV', () => {
  const comments: PolisComment[] = [
    { id: 0, timestamp: 1435654192085, authorId: 7, moderated: 1, isMeta: false, body: 'Plain' },
    { id: 1, timestamp: 1435654192999, authorId: 8, moderated: -1, isMeta: false, body: 'Quote "this", and\na new line' },
    { id: 2, timestamp: null, authorId: null, moderated: 0, isMeta: false, body: '中文意見' },
  ];
  const votes: PolisVote[] = [];
  for (let p = 0; p < 20; p++) {
    for (const c of [0, 1, 2]) votes.push({ participantId: p, commentId: c, vote: (((p + c) % 3) - 1) as -1 | 0 | 1, time: 1435654200000 + p * 10 + c });
  }
  votes.push({ participantId: 3, commentId: 0, vote: 1, time: 1435659999999 }); // a changed vote
  const result = analyzeOneShot(comments, votes);
  const files = toPolisCsv({ comments, votes, result, summary: { topic: 'T, t', url: 'https://example.org/c', views: 12, description: 'Line 1\nLine 2' } });

  it('uses the headers of the shipped exports', () => {
    const shipped = join(POLIS_DATA_DIR, '15-per-hour-seattle');
    const firstLine = (text: string): string => text.slice(0, text.indexOf('\n'));
    assert.equal(firstLine(files['comments.csv']), COMMENTS_HEADER);
    assert.equal(firstLine(files['votes.csv']), VOTES_HEADER);
    assert.equal(firstLine(files['participants-votes.csv']), 'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2');
    const keys = (text: string): string[] => text.split('\n').filter((l) => /^[a-z-]+,/.test(l)).map((l) => l.split(',')[0]);
    const expectedKeys = ['topic', 'url', 'views', 'voters', 'voters-in-conv', 'commenters', 'comments', 'groups', 'conversation-description'];
    assert.deepEqual(keys(files['summary.csv']), expectedKeys);
    assert.equal(firstLine(files['comments.csv']), firstLine(readFileSync(join(shipped, 'comments.csv'), 'utf8')));
    assert.equal(firstLine(files['votes.csv']), firstLine(readFileSync(join(shipped, 'votes.csv'), 'utf8')));
    const pv = firstLine(readFileSync(join(shipped, 'participants-votes.csv'), 'utf8')).split(',').slice(0, 6);
    assert.deepEqual(firstLine(files['participants-votes.csv']).split(',').slice(0, 6), pv);
    assert.deepEqual(keys(readFileSync(join(shipped, 'summary.csv'), 'utf8')), expectedKeys);
  });

  it('formats datetime like the exports, in UTC', () => {
    assert.equal(polisDatetime(1435654192085), 'Tue Jun 30 08:49:52 UTC 2015');
  });

  it('round-trips through the readers', () => {
    const problems: PolisProblem[] = [];
    const readComments = parseCommentsCsv(files['comments.csv'], problems);
    assert.deepEqual(readComments, comments);
    const readVotes = parseVotesCsv(files['votes.csv'], problems, new Set([0, 1, 2]));
    assert.equal(readVotes.superseded, 1);
    const latest = readVotes.votes.find((v) => v.participantId === 3 && v.commentId === 0)!;
    assert.equal(latest.vote, 1);
    const rows = parseParticipantsVotesCsv(files['participants-votes.csv'], problems);
    assert.deepEqual(problems, []);
    const group = new Map(result.participants.map((p) => [p.id, p.group]));
    assert.deepEqual(rows.map((r) => r.participantId), result.participants.map((p) => p.id));
    for (const r of rows) {
      assert.equal(r.groupId, group.get(r.participantId));
      assert.equal(r.nVotes, 3);
      assert.equal(r.nAgree, r.votes.filter((v) => v.vote === 1).length);
    }
    assert.equal(rows.find((r) => r.participantId === 7)!.nComments, 1);
  });

  it('comments.csv tallies the latest votes', () => {
    const line = files['comments.csv'].split('\n').find((l) => l.startsWith('1435654192085,'))!;
    const agrees = votes.filter((v) => v.commentId === 0 && v.vote === 1 && !(v.participantId === 3 && v.time < 1435659999999)).length;
    assert.equal(line.split(',')[4], String(agrees));
  });

  it('summary.csv quotes values with commas and new lines', () => {
    assert.match(files['summary.csv'], /^topic,"T, t"\n/);
    assert.match(files['summary.csv'], /conversation-description,"Line 1\nLine 2"\n$/);
    assert.match(files['summary.csv'], new RegExp(`voters,${result.counts.participants}\n`));
  });
});
