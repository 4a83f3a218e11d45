import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTestSmtp } from './support/smtp';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the app under test listens, e.g. `http://127.0.0.1:41234`. */
    baseURL: string;
    /** A JSON file of session cookies of the accounts that sign in with a second step (see signIn). */
    sessionCache: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '..');

/** The newest modification time under a path (files only). */
function newest(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

/** Builds the web app unless dist/web is newer than every source file of it. */
function buildIfNeeded(): void {
  const built = path.join(ROOT, 'dist/web/index.html');
  const sources = Math.max(newest(path.join(ROOT, 'web')), newest(path.join(ROOT, 'vite.config.ts')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited (code ${child.exitCode}) before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not answer ${url}/api/health within ${timeoutMs / 1000} s:\n${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Builds the web app if needed, starts the real server on a fresh embedded database with demo data, stops it after. */
export default async function setup(project: TestProject) {
  buildIfNeeded();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-e2e-'));
  const port = await freePort();
  // A real SMTP server first: the app sends its emails there, and tests read them from smtp.dir.
  const smtp = await startTestSmtp();
  const env: NodeJS.ProcessEnv = { ...process.env, ROUNDS_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SMTP_URL: smtp.url };
  // Demo data on the embedded server, served over plain http on its own origin.
  for (const name of ['ROUNDS_DEMO', 'DATABASE_URL', 'PUBLIC_URL', 'ROUNDS_WEB_DIR']) delete env[name];

  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => log, 180_000);
  } catch (error) {
    await stop(child);
    await fs.rm(dataDir, { recursive: true, force: true });
    await smtp.close();
    throw error;
  }
  project.provide('baseURL', url);
  project.provide('smtpDir', smtp.dir);
  project.provide('sessionCache', path.join(dataDir, 'e2e-sessions.json'));

  return async () => {
    await stop(child);
    await fs.rm(dataDir, { recursive: true, force: true });
    await smtp.close();
  };
}
