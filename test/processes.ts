// Real processes for tests that need more than one: several `opengov serve` on one database, or any
// other command (an identity provider, an exchange gateway). Each process gets a free port (PORT,
// HOST, BASE_URL in its environment), is polled until ready, has its output kept for the failure
// message, and is stopped at the end (SIGTERM, then SIGKILL; SIGKILL too if the test process dies).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './helpers.js';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** This checkout's CLI, as operators run it (the build in dist/, rebuilt when stale). */
export const opengovCli = path.join(repositoryRoot, 'bin', 'opengov.mjs');

export interface ProcessSpec {
  /** Names the process in failure messages; defaults to its position (A, B, ...). */
  name?: string;
  /** Program and arguments; defaults to `opengov serve`. Run with cwd at the repository root. */
  command?: string[];
  /** The whole environment (nothing is inherited beyond what is passed), plus PORT, HOST, BASE_URL. */
  env: NodeJS.ProcessEnv;
  /** Path polled on the process's port until it answers 2xx; null when the process serves no HTTP. */
  readyPath?: string | null;
}

export interface RunningProcess {
  name: string;
  port: number;
  /** `http://127.0.0.1:PORT` */
  base: string;
  child: ChildProcess;
  /** What the process wrote to stdout and stderr so far. */
  output(): string;
}

export interface ProcessGroup {
  processes: RunningProcess[];
  /** Every process's output under its name: what a failure message needs. */
  logs(): string;
  /** `error` with every process's output appended, to rethrow from a failed test. */
  withLogs(error: unknown): Error;
  /** Stops every process and waits for each to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** How long each process may take to be ready (a cold build of dist/ counts). */
  readyTimeoutMs?: number;
}

/** The spec of one `opengov serve` with this environment. */
export function opengovServer(env: NodeJS.ProcessEnv, name?: string): ProcessSpec {
  return { name, env, command: [process.execPath, opengovCli, 'serve'], readyPath: '/healthz' };
}

/** Starts `count` `opengov serve` processes with one environment and waits until all are healthy. */
export function startOpengovServers(count: number, env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<ProcessGroup> {
  return startProcesses(
    Array.from({ length: count }, () => opengovServer(env)),
    options,
  );
}

/**
 * Starts every spec at once and waits until all are ready. If one exits or is not ready in time,
 * all are stopped and the error carries every process's output.
 */
export async function startProcesses(specs: ProcessSpec[], options: StartOptions = {}): Promise<ProcessGroup> {
  const processes: RunningProcess[] = [];
  const killAll = () => {
    for (const p of processes) if (running(p.child)) p.child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const group: ProcessGroup = {
    processes,
    logs: () => processes.map((p) => `--- ${p.name} (port ${p.port}, ${exitState(p.child)}) ---\n${p.output() || '(no output)'}`).join('\n'),
    withLogs(error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      failure.message = `${failure.message}\n\nprocess output:\n${group.logs()}`;
      return failure;
    },
    async stop() {
      await Promise.all(processes.map((p) => stopProcess(p.child)));
      process.removeListener('exit', killAll);
    },
  };
  try {
    for (const [index, spec] of specs.entries()) processes.push(launch(spec, spec.name ?? String.fromCharCode(65 + index), await freePort()));
    await Promise.all(processes.map((p, i) => waitReady(p, specs[i]!.readyPath === undefined ? '/healthz' : specs[i]!.readyPath!, options.readyTimeoutMs ?? 150_000)));
  } catch (error) {
    const failure = group.withLogs(error);
    await group.stop();
    throw failure;
  }
  return group;
}

function launch(spec: ProcessSpec, name: string, port: number): RunningProcess {
  const [program, ...args] = spec.command ?? [process.execPath, opengovCli, 'serve'];
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(program!, args, {
    cwd: repositoryRoot,
    env: { ...spec.env, PORT: String(port), HOST: '127.0.0.1', BASE_URL: base },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  // A program that cannot be started reports it here; waitReady sees the exit.
  child.on('error', (error) => chunks.push(`spawn failed: ${error.message}\n`));
  return { name, port, base, child, output: () => chunks.join('') };
}

async function waitReady(p: RunningProcess, readyPath: string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running(p.child)) throw new Error(`process ${p.name} exited (${exitState(p.child)}) before it was ready`);
    if (readyPath === null) return;
    try {
      if ((await fetch(`${p.base}${readyPath}`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`process ${p.name} was not ready within ${timeoutMs} ms`);
}

function running(child: ChildProcess): boolean {
  // No pid: the program could not be started at all.
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

function exitState(child: ChildProcess): string {
  if (child.exitCode !== null) return `exited with ${child.exitCode}`;
  if (child.signalCode !== null) return `killed by ${child.signalCode}`;
  if (child.pid === undefined) return 'not started';
  return 'running';
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (!running(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
