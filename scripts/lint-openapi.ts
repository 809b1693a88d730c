// `npm run lint:openapi`: builds the app on an in-memory database, writes the served /openapi.json
// to a temporary file and lints it with Redocly's `recommended` rules (redocly.yaml). With a path
// argument it only writes the document there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp } from '../test/helpers.js';

async function servedDocument(): Promise<unknown> {
  // A public-looking address: the document lists BASE_URL as its server, and localhost draws a warning.
  const t = await createTestApp({ config: { BASE_URL: 'https://opengov.test' } });
  try {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
    return res.json();
  } finally {
    await t.close();
  }
}

const target = process.argv[2];
const document = JSON.stringify(await servedDocument(), null, 2);
if (target) {
  fs.writeFileSync(target, document);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-openapi-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, document);
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const redocly = path.join(root, 'node_modules', '.bin', 'redocly');
  const result = spawnSync(redocly, ['lint', '--config', path.join(root, 'redocly.yaml'), file], {
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = result.status ?? 1;
}
