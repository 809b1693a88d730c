// The deliberation commands as an operator runs them: real processes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { POLIS_DATA_DIR } from '../../../test/fixtures.js';
import { testConfig } from '../../../test/helpers.js';
import { migrate, openPlatform } from '../../platform.js';
import { systemActor } from '../../core/actor.js';
import { agencyCreate } from '../agencies/manifest.js';

const SEATTLE = join(POLIS_DATA_DIR, '15-per-hour-seattle');

function opengov(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/opengov.mjs', ...args], { env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: '', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('opengov deliberation', () => {
  it('analyze DIR --json prints one JSON object with participants, groups and consensus', async () => {
    const { code, out, err } = await opengov(['deliberation', 'analyze', SEATTLE, '--json']);
    assert.equal(code, 0, err);
    const result = JSON.parse(out) as {
      participants: { id: number; group: number | null; x: number; y: number; inConv: boolean }[];
      groups: { id: number; members: number[]; representative: { commentId: number; direction: string }[] }[];
      consensus: { agree: unknown[]; disagree: unknown[] };
      groupAwareConsensus: unknown[];
    };
    assert.ok(result.participants.length > 100);
    const p = result.participants[0]!;
    assert.equal(typeof p.id, 'number');
    assert.equal(typeof p.x, 'number');
    assert.equal(typeof p.y, 'number');
    assert.equal(typeof p.inConv, 'boolean');
    assert.ok(result.participants.some((q) => Number.isInteger(q.group)));
    assert.ok(result.groups.length >= 2);
    assert.ok(result.groups.every((g) => g.members.length > 0 && g.representative.every((r) => r.direction === 'agree' || r.direction === 'disagree')));
    assert.ok(Array.isArray(result.consensus.agree) && Array.isArray(result.groupAwareConsensus));
  });

  it('analyze reports malformed rows with line numbers and skips them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opengov-polis-'));
    try {
      writeFileSync(join(dir, 'comments.csv'), 'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,1,0,0,1,one\n2,x,1,1,0,0,1,two\n3,x,one,1,0,0,1,bad\n');
      writeFileSync(join(dir, 'votes.csv'), 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,1,1\n2,x,1,1,-1\n3,x,0,2,5\n4,x,7,2,1\n5,x,1,2,1\n');
      const { code, out, err } = await opengov(['deliberation', 'analyze', dir, '--json']);
      assert.equal(code, 0, err);
      assert.match(err, /comments\.csv:4: comment-id: not an integer/);
      assert.match(err, /votes\.csv:4: vote/);
      assert.match(err, /votes\.csv:5: unknown comment-id 7/);
      assert.equal((JSON.parse(out) as { participants: unknown[] }).participants.length, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('import DIR loads a read-only conversation and computes its groups', async () => {
    const config = testConfig();
    const platform = openPlatform(config);
    await migrate(platform.services);
    await platform.deps.registry.call(agencyCreate, { code: 'moda', nameZh: '數位發展部', nameEn: 'Ministry of Digital Affairs', kind: 'central' }, { actor: systemActor('cli') });
    await platform.dbHandle.close();
    try {
      const { code, out, err } = await opengov(['deliberation', 'import', SEATTLE], { DATA_DIR: config.dataDir });
      assert.equal(code, 0, err);
      assert.match(out, /imported conversation \S+: 54 statements, 339 participants, \d+ votes, [2-5] groups/);
    } finally {
      rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});
