import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, processAlive } from '../../db/embedded';
import { databaseFactory } from '../test/test-database';
import { TEST_SECRET_KEY } from '../test/secret-key';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The repository root (child processes run from here). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** An empty (not migrated) database on the run's server (embedded or TEST_DATABASE_URL), dropped by `drop`. */
export function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return databaseFactory(inject('databaseServerUrl'))();
}

/** The environment for a child Rounds process: no inherited database or data settings. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'ROUNDS_DATA_DIR', 'PORT', 'ROUNDS_DEMO', 'PUBLIC_URL', 'ROUNDS_ADMIN_PASSWORD', 'TEST_DATABASE_URL', 'ROUNDS_SECRET_KEY_PREVIOUS']) delete env[key];
  // The tests' key: children share the run's database with test processes, which encrypt stored secrets with it.
  return { ...env, LOG_LEVEL: 'warn', ROUNDS_SECRET_KEY: TEST_SECRET_KEY.toString('base64'), ...extra };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the operations commands (server/cli/NAME.ts) to completion. */
export function runCliCommand(name: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('server/cli', `${name}.ts`), ...args], {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether a process is alive. */
export const alive = processAlive;

/** The postmaster pid recorded in a data directory's cluster, if its process is still alive. */
export function livePostmaster(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return pid && alive(pid) ? pid : undefined;
}

/** Waits until a process has exited (polling), up to `ms`. */
export async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Stops a leftover PostgreSQL server of a data directory (fast shutdown, then immediate). */
export async function stopPostmaster(dataDir: string): Promise<void> {
  const pid = livePostmaster(dataDir);
  if (!pid) return;
  process.kill(pid, 'SIGINT');
  if (await waitGone(pid, 15_000)) return;
  process.kill(pid, 'SIGQUIT');
  await waitGone(pid, 5_000);
}

/** Ends a child process: SIGTERM, then SIGKILL after `graceMs`. */
export async function endChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A Rounds app running as a child process. */
export interface RunningApp {
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `server/main.ts` as one node process (signals reach the app itself, not a wrapper) on a free port. */
export async function startAppProcess(env: Record<string, string>, children: ChildProcess[]): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1', ROUNDS_DEMO: '0', ROUNDS_WEB_DIR: '/nonexistent', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, base: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Waits until the app answers /api/health, failing early (with its output) if it exits. */
export async function waitReady(app: RunningApp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void app.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the app exited before it was ready:\n${app.output()}`);
    try {
      const res = await fetch(`${app.base}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app was not ready after ${timeoutMs} ms:\n${app.output()}`);
}
