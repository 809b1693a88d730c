// `opengov opendata import-csv FILE --agency CODE` as an operator runs it: a real process, a SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvColumns } from '../catalog/export.js';

test('CLI import-csv: creates, then updates on re-run; bad rows are listed with line numbers and exit code 2', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-odimport-'));
  const env = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
  const opengov = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/opengov.mjs', ...args], { env, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  try {
    const seeded = opengov('seed', '--demo');
    assert.equal(seeded.code, 0, seeded.err);
    const file = path.join(dataDir, 'catalog.csv');
    const row = (id: string, category: string) => `${id},CLI 匯入,開放資料,${category},,CSV,https://example.gov.tw/${id}.csv,UTF-8,,說明,,,王,,,每月`;
    fs.writeFileSync(file, `\uFEFF${csvColumns.join(',')}\n${row('920001', '交通及通訊')}\n`);
    const first = opengov('opendata', 'import-csv', file, '--agency', 'moda');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /created=1 updated=0 failed=0/);
    const again = opengov('opendata', 'import-csv', file, '--agency', 'moda');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /created=0 updated=1 failed=0/);
    fs.writeFileSync(file, `${csvColumns.join(',')}\n${row('920001', '交通及通訊')}\n${row('920002', '沒有')}\n`);
    const bad = opengov('opendata', 'import-csv', file, '--agency', 'moda', '--locale', 'en');
    assert.equal(bad.code, 2);
    assert.match(bad.out, /created=0 updated=1 failed=1/);
    assert.match(bad.err, /Line 3/);
    const unknown = opengov('opendata', 'import-csv', file, '--agency', 'nope');
    assert.equal(unknown.code, 1);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
