/** Runs autocannon in a child process (the load generator gets its own core) and parses its --json summary. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface AutocannonRun {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
}

export interface AutocannonSummary {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

export function runAutocannon(run: AutocannonRun): Promise<AutocannonSummary> {
  const args = [autocannonCli, '--json', '-c', String(run.connections), '-d', String(run.durationSeconds)];
  if (run.method) args.push('-m', run.method);
  if (run.body !== undefined) args.push('-b', run.body);
  for (const [k, v] of Object.entries(run.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(run.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err}`));
      try {
        const json = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
        resolve({ rps: json.requests.average, p50: json.latency.p50, p99: json.latency.p99, non2xx: json.non2xx, errors: json.errors, total: json.requests.total });
      } catch {
        reject(new Error(`autocannon printed no JSON summary:\n${out}\n${err}`));
      }
    });
  });
}
