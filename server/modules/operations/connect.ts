import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { processAlive, startEmbedded } from '../../../db/embedded';
import { migrations } from '../../../db/migrations/index';
import type { Config } from '../../config';

/** A user-facing failure of an operations command: its message says what to do; the CLI prints it and exits non-zero. */
export class OperationError extends Error {}

/** The database an operations command works on, and how it was reached. */
export interface OperationsTarget {
  url: string;
  /** `attached`: the embedded server of a running Rounds; `started`: an embedded server this process started; `external`: DATABASE_URL. */
  how: 'attached' | 'started' | 'external';
  /** One line for the person running the command. */
  description: string;
  close(): Promise<void>;
}

/** The database name the app uses inside its embedded server. */
const EMBEDDED_DATABASE = 'rounds';

/** The process holding the data directory (from `rounds.lock`) when it is alive, else undefined. */
export function dataDirOwner(dataDir: string): number | undefined {
  const lockFile = path.join(dataDir, 'rounds.lock');
  if (!existsSync(lockFile)) return undefined;
  const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
  return owner && owner !== process.pid && processAlive(owner) ? owner : undefined;
}

/** True when the data directory holds an initialised embedded cluster. */
export function hasEmbeddedCluster(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'pg', 'PG_VERSION'));
}

/**
 * The URL of the embedded server a running Rounds process started in `dataDir`. The port is read from
 * PostgreSQL's own `postmaster.pid` (line 4), the password from `db-password`.
 */
function runningServerUrl(dataDir: string, owner: number): string {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = path.join(dataDir, 'db-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) {
    throw new OperationError(
      `Rounds (pid ${owner}) holds the data directory ${dataDir} but its database is not running yet. ` +
        `Wait until Rounds has started and try again.`,
    );
  }
  const port = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[3] ?? '', 10);
  if (!Number.isInteger(port) || port <= 0) {
    throw new OperationError(`Could not read the database port from ${pidFile}. Wait until Rounds has started and try again.`);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

async function checkReachable(url: string, what: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new OperationError(`Could not connect to ${what}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Hides the password in a connection string for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export interface ConnectOptions {
  /** With the embedded database: what to do when a running Rounds holds the data directory (default `attach`). */
  whenRunning?: 'attach' | 'refuse';
  /** Refuse to start an embedded server in a data directory that holds no cluster yet (backup: nothing to back up). */
  requireExistingCluster?: boolean;
  /** Why the command refuses while Rounds runs, appended to the message (for `whenRunning: 'refuse'`). */
  refuseHint?: string;
}

/**
 * Reaches the database for an operations command: DATABASE_URL when set; otherwise the embedded server of a
 * Rounds process already running on the data directory (the embedded cluster allows one owner, so commands join
 * it instead of starting a second one); otherwise an embedded server started here and stopped on close.
 */
export async function connectForOperations(config: Config, log: Logger, options: ConnectOptions = {}): Promise<OperationsTarget> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    await checkReachable(url, `DATABASE_URL (${redactUrl(url)})`);
    return { url, how: 'external', description: `PostgreSQL at ${redactUrl(url)}`, close: async () => {} };
  }
  const dataDir = config.dataDir;
  const owner = dataDirOwner(dataDir);
  if (owner !== undefined) {
    if (options.whenRunning === 'refuse') {
      throw new OperationError(
        `Rounds (pid ${owner}) is running on the data directory ${dataDir}. Stop Rounds first${options.refuseHint ? `, ${options.refuseHint}` : '.'}`,
      );
    }
    const url = runningServerUrl(dataDir, owner);
    await checkReachable(url, `the database of the running Rounds (pid ${owner}) in ${dataDir}`);
    return { url, how: 'attached', description: `the embedded database of the running Rounds (pid ${owner}) in ${dataDir}`, close: async () => {} };
  }
  if (options.requireExistingCluster && !hasEmbeddedCluster(dataDir)) {
    throw new OperationError(
      `There is no Rounds database in ${dataDir} (no pg/PG_VERSION). Set ROUNDS_DATA_DIR to the data directory Rounds uses, ` +
        `or DATABASE_URL when Rounds runs on an external PostgreSQL.`,
    );
  }
  const embedded = await startEmbedded({ dataDir, log: (m) => log.debug({ component: 'embedded-postgres' }, m) });
  return {
    url: embedded.url,
    how: 'started',
    description: `the embedded database in ${dataDir}`,
    close: () => embedded.stop(),
  };
}

/** The migrations this code knows that the database has not applied (empty when its schema is current). */
export async function pendingMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS ok`);
    if (!exists.rows[0]?.ok) return Object.keys(migrations).sort();
    const applied = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    return Object.keys(migrations).sort().filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}
