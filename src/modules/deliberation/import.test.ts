// Importing a real Polis export (vTaiwan UberX) as a read-only conversation shows the groups Polis
// found; malformed rows are reported with line numbers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { POLIS_DATA_DIR } from '../../../test/fixtures.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { systemActor } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { deliberationImport } from './actions/import.js';
import { deliberationVote } from './actions/participation.js';
import { mathRunnerFor } from './math-runner.js';
import { parseVotesCsv, readPolisExport, type PolisProblem } from './math/polis-csv.js';
import type { Report } from './schemas.js';
import { createAgencies, person } from './test-support.js';

const VTAIWAN = join(POLIS_DATA_DIR, 'vtaiwan.uberx');

describe('Polis import', () => {
  let t: TestApp;
  let id: string;
  let report: Report;

  before(async () => {
    t = await createTestApp();
    await createAgencies(t.deps);
    const data = await readPolisExport(VTAIWAN, { participantsVotes: true });
    assert.deepEqual(data.problems, []);
    const imported = await t.deps.registry.call(
      deliberationImport,
      {
        agencyCode: 'moda',
        topic: 'UberX 自用車載客 — vTaiwan.tw',
        source: 'https://pol.is/3phdex2kjf',
        comments: data.comments,
        votes: data.votes.map((v) => [v.participantId, v.commentId, v.vote, v.time]),
        sourceGroups: data.participants!.filter((p) => p.groupId !== null).map((p) => [p.participantId, p.groupId!]),
      },
      { actor: systemActor('cli') },
    );
    id = imported.conversationId;
    assert.equal(imported.votes, data.votes.length);
    await mathRunnerFor(t.deps.services).runNow(id, { full: true });
    report = (await t.app.inject({ url: `/api/v1/deliberation/${id}/report` })).json() as Report;
  });
  after(async () => {
    await t.close();
  });

  it('shows the opinion groups Polis found (adjusted Rand index against the export’s group ids ≥ 0.85)', (tc) => {
    tc.diagnostic(`groups=${report.groups.length} ARI=${report.sourceAgreement?.ari.toFixed(3)} over ${report.sourceAgreement?.compared}`);
    assert.ok(report.groups.length >= 2);
    assert.ok(report.sourceAgreement);
    assert.ok(report.sourceAgreement.ari >= 0.85, `ARI ${report.sourceAgreement.ari}`);
    assert.ok(report.counts.participants > 1500);
    assert.ok(report.groups.every((g) => g.representative.length > 0));
    assert.notEqual(report.participation.bucket, 'day');
  });

  it('the report page renders and the conversation is read-only', async () => {
    const page = await t.app.inject({ url: `/deliberation/${id}/report` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /調整蘭德指數/);
    const conversation = await t.app.inject({ url: `/deliberation/${id}` });
    assert.match(conversation.body, /只能閱讀/);
    await assert.rejects(
      t.deps.registry.call(deliberationVote, { conversationId: id, statement: 0, vote: 'agree' }, { actor: person('citizen') }),
      (e) => e instanceof AppError && e.message === 'deliberation.read_only',
    );
  });
});

describe('malformed Polis rows', () => {
  it('are reported with their line numbers and skipped', () => {
    const problems: PolisProblem[] = [];
    const csv = ['timestamp,datetime,comment-id,voter-id,vote', '1,x,0,1,1', '2,x,0,2,7', '3,x,9,3,1', '4,x,0', 'abc,x,0,4,1', '5,x,0,1,-1'].join('\n');
    const parsed = parseVotesCsv(csv, problems, new Set([0]));
    assert.deepEqual(
      problems.map((p) => p.line),
      [3, 4, 5, 6],
    );
    assert.deepEqual(parsed.votes.map((v) => [v.participantId, v.vote]), [[1, -1]], 'the later vote replaces the earlier one');
  });
});
