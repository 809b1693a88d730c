// The command line as an operator uses it: a real process against a SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-cli-'));
const env = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', SECRET: 'cli-test-secret-of-at-least-32-characters' };

function opengov(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/opengov.mjs', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

test('the CLI: help, migrate, seed, users, tokens and audit verify with exit codes', () => {
  const help = opengov('--help');
  assert.equal(help.code, 0);
  for (const command of ['serve', 'migrate', 'seed', 'user', 'token', 'audit']) assert.match(help.out, new RegExp(command));

  assert.equal(opengov('migrate').code, 0);
  assert.equal(opengov('seed').code, 2, 'seed without --demo says what is missing');
  const seeded = opengov('seed', '--demo');
  assert.equal(seeded.code, 0, seeded.err);

  const created = opengov('user', 'create', '--email', 'Clerk@Example.tw', '--password', 'a-long-password', '--role', 'agency_staff', '--agency', 'moda');
  assert.equal(created.code, 0, created.err);
  const duplicate = opengov('user', 'create', '--email', 'clerk@example.tw', '--password', 'a-long-password');
  assert.equal(duplicate.code, 1);
  assert.match(duplicate.err, /already registered/);
  const noAgency = opengov('user', 'create', '--email', 'x@example.tw', '--password', 'a-long-password', '--role', 'agency_admin');
  assert.equal(noAgency.code, 1);
  assert.match(noAgency.err, /agencyCode/);
  const badRole = opengov('user', 'create', '--email', 'y@example.tw', '--password', 'a-long-password', '--role', 'king');
  assert.notEqual(badRole.code, 0);

  const token = opengov('token', 'create', '--email', 'clerk@example.tw');
  assert.equal(token.code, 0, token.err);
  const lastLine = token.out.trim().split('\n').at(-1)!;
  assert.match(lastLine, /^ogt_[A-Za-z0-9_-]{20,}$/);
  assert.equal(opengov('token', 'create', '--email', 'nobody@example.tw').code, 1);

  const verified = opengov('audit', 'verify');
  assert.equal(verified.code, 0, verified.err);
  assert.match(verified.out, /intact/);

  const db = new Database(path.join(dataDir, 'opengov.db'));
  db.prepare("update audit_log set action = 'forged' where seq = 2").run();
  db.close();
  const broken = opengov('audit', 'verify');
  assert.equal(broken.code, 1);
  assert.match(broken.err, /broken at record 2/);

  const badConfig = spawnSync(process.execPath, ['bin/opengov.mjs', 'migrate'], { env: { ...env, PORT: 'x' }, encoding: 'utf8' });
  assert.notEqual(badConfig.status, 0);
  assert.match(badConfig.stderr, /PORT must be a whole number/);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
