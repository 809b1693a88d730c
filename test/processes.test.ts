// The process harness itself, with tiny `node -e` programs instead of the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startProcesses } from './processes.js';

const httpServer = `require('node:http').createServer((q, s) => s.end(process.env.NAME)).listen(Number(process.env.PORT), process.env.HOST)`;

test('starts every process on its own port, waits until each answers, and stops them all', async () => {
  const group = await startProcesses(['one', 'two', 'three'].map((name) => ({ name, command: [process.execPath, '-e', httpServer], env: { NAME: name }, readyPath: '/' })));
  try {
    assert.equal(new Set(group.processes.map((p) => p.port)).size, 3);
    assert.deepEqual(await Promise.all(group.processes.map(async (p) => (await fetch(p.base)).text())), ['one', 'two', 'three']);
  } finally {
    await group.stop();
  }
  assert.ok(group.processes.every((p) => p.child.exitCode !== null || p.child.signalCode !== null));
});

test('a process that exits before it is ready fails the start with every process output, and the others are stopped', async () => {
  const start = startProcesses([
    { name: 'healthy', command: [process.execPath, '-e', httpServer], env: { NAME: 'healthy' }, readyPath: '/' },
    { name: 'broken', command: [process.execPath, '-e', `console.error('missing SECRET'); process.exit(3)`], env: {} },
  ]);
  let message = '';
  await assert.rejects(start, (error: Error) => ((message = error.message), true));
  assert.match(message, /process broken exited \(exited with 3\)/);
  assert.match(message, /--- broken .*---\nmissing SECRET/);
  const healthyPort = /--- healthy \(port (\d+),/.exec(message)?.[1];
  assert.ok(healthyPort, message);
  await assert.rejects(fetch(`http://127.0.0.1:${healthyPort}/`), 'the healthy one was stopped');
});

test('a process without HTTP is ready once started', async () => {
  const group = await startProcesses([{ command: [process.execPath, '-e', 'setInterval(() => {}, 1000)'], env: {}, readyPath: null }]);
  assert.equal(group.processes[0]!.name, 'A');
  await group.stop();
  assert.equal(group.processes[0]!.child.signalCode, 'SIGTERM');
});
