import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrations } from './migrations/index';
import type { Database } from './types';
import { currentScope, currentStatementTimeout, scopeSettings } from './scope';
import { databaseTrouble, DatabaseUnavailableError, type DatabaseTrouble } from './unavailable';

// DATE columns stay ISO strings (YYYY-MM-DD): a school day is not an instant.
pg.types.setTypeParser(1082, (value: string) => value);
// BIGINT counts fit comfortably in a JS number for this application.
pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));

export type Db = Kysely<Database>;

export interface DbOptions {
  /** Connections for requests (default 20); the service's own pool gets a quarter as many. */
  max?: number;
  /**
   * How long to wait for a connection, from the pool when every one is in use or a new one from the server, before
   * giving up with a DatabaseUnavailableError. Without it a request could wait for ever on a stopped server.
   */
  connectTimeoutMs?: number;
}

/**
 * Opens pooled connections to the PostgreSQL database at `url`: up to `max` for requests, which run under
 * row-level security, and a quarter as many for the service's own queries (the session lookup that starts every
 * request, background jobs, start-up). Keeping the two apart means a request's connection rarely has to be set up
 * again for another scope.
 */
export function createDb(url: string, options: DbOptions = {}): Db {
  const max = options.max ?? 20;
  // JIT compilation costs tens of milliseconds per query and pays off only on long analytical scans.
  const open = (size: number): SizedPool => {
    const pool = new pg.Pool({
      connectionString: url,
      max: size,
      options: '-c jit=off',
      // TCP keepalives find a connection whose server vanished without closing it (a network partition).
      keepAlive: true,
      ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    });
    pool.on('error', () => {
      // An idle client lost its connection (server restart); the pool drops it and opens a new one on next use.
    });
    return { pool, size, connectTimeoutMs: options.connectTimeoutMs, running: new Map(), answeredAt: 0 };
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: scopedPool(open(max), open(Math.max(1, Math.ceil(max / 4)))) }) });
}

interface SizedPool {
  pool: pg.Pool;
  size: number;
  connectTimeoutMs: number | undefined;
  /** The pool's clients with a statement under way, and when its statement_timeout passes (Infinity: none). */
  running: Map<pg.PoolClient, number>;
  /** When the server last answered a statement of this pool (a result or an error of its own). */
  answeredAt: number;
}

/**
 * How much longer than its statement_timeout the app waits for a statement's answer before giving up on the
 * connection. The server cancels a statement at its limit; this bound is for a server that cannot even do that
 * (stopped, frozen, or cut off by the network).
 */
export const CLIENT_TIMEOUT_MARGIN_MS = 1000;

type ScopedClient = pg.PoolClient & {
  roundsScope?: string;
  roundsPrepared?: Set<string>;
  /** Set once the client's query is bounded (see `bounded`). */
  roundsBounded?: boolean;
  /** How long a statement may wait for its answer on this client now (its statement_timeout and a margin). */
  roundsWaitMs?: number;
  /** Why the client's connection is no longer usable: lost, or abandoned after a statement got no answer. */
  roundsBroken?: DatabaseTrouble;
  /** Its pool, which keeps a record of statements under way and answered. */
  roundsPool?: SizedPool;
};

/**
 * A statement whose text starts with this comment runs as a named prepared statement on every connection: each
 * connection parses and plans it once rather than on every call (after five runs PostgreSQL keeps a generic plan
 * when it costs no more). For the hottest statements, whose planning cost more than their execution: the session
 * lookup, saving a visit. Each distinct text is its own statement, named from its hash.
 *
 * On a request's connection every statement with parameters is prepared the same way, up to
 * PREPARED_PER_CONNECTION distinct texts (a list of ids of varying length gives a new text for each length; past
 * the cap they are planned each time as before). Under row-level security planning is most of a read's database
 * time: each protected table brings its policy into the plan. The plans read the request's scope when they run
 * (rounds_request_schools() is a stable function), never when they are made, so one plan serves every scope.
 * Statements with optional filters (`$1 IS NULL OR …`) are left out: a plan made for the parameters at hand drops
 * the filters not given, which a generic plan cannot (the grade-filtered assessment analysis took twice as long).
 */
export const PREPARED = '/* prepared */';
export const PREPARED_PER_CONNECTION = 300;
const CATCH_ALL = /IS NULL OR/i;

/** Whether a statement runs as a named prepared statement on a connection (see PREPARED). */
function preparable(text: string, values: unknown[], request: boolean): boolean {
  return text.startsWith(PREPARED) || (request && values.length > 0 && !CATCH_ALL.test(text));
}

/** Makes the client run preparable statements as named prepared statements; `request` for the requests' pool. */
function preparesMarked(client: ScopedClient, request: boolean): void {
  if (client.roundsPrepared) return;
  const prepared = new Set<string>();
  const stale = new Set<string>();
  client.roundsPrepared = prepared;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config !== 'string' || !Array.isArray(values) || !preparable(config, values, request)) return query(config, values, callback);
    const name = `r_${createHash('sha1').update(config).digest('hex').slice(0, 24)}`;
    const fits = prepared.has(name) || prepared.size < PREPARED_PER_CONNECTION || config.startsWith(PREPARED);
    if (stale.has(name) || !fits) return query(config, values, callback);
    prepared.add(name);
    const result = query({ name, text: config, values }, callback);
    if (callback !== undefined || !(result instanceof Promise)) return result;
    // A migration that changed a table under a `SELECT *` makes the kept statement unusable on this connection
    // ("cached plan must not change result type"): it is planned each time from then on.
    return result.catch((error: { code?: string }) => {
      if (error?.code !== '0A000') throw error;
      stale.add(name);
      return query(config, values);
    });
  };
}

/**
 * Bounds every statement on the client in time: when a request's statement has had no answer by its
 * statement_timeout and a margin, the server is not answering (stopped with SIGSTOP, or cut off), so the connection is
 * abandoned and the statement fails with a DatabaseUnavailableError('timeout'). A connection lost for any reason
 * makes its statements fail with DatabaseUnavailableError('unreachable'), and is never handed out again.
 */
function bounded(client: ScopedClient): void {
  if (client.roundsBounded) return;
  client.roundsBounded = true;
  // Without a listener, a connection lost while the client is checked out would be an uncaught 'error' event.
  client.on('error', () => {
    client.roundsBroken ??= 'unreachable';
  });
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const waitMs = client.roundsWaitMs;
    const result = query(...args);
    if (!(result instanceof Promise)) return result;
    const pool = client.roundsPool;
    pool?.running.set(client, waitMs === undefined ? Infinity : Date.now() + waitMs - CLIENT_TIMEOUT_MARGIN_MS);
    const timer =
      waitMs === undefined
        ? undefined
        : setTimeout(() => {
            client.roundsBroken ??= 'timeout';
            (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
          }, waitMs);
    return result.then(
      (value: unknown) => {
        clearTimeout(timer);
        pool?.running.delete(client);
        if (pool) pool.answeredAt = Date.now();
        return value;
      },
      (error: unknown) => {
        clearTimeout(timer);
        pool?.running.delete(client);
        // A FATAL error (the server terminating the connection: shutdown, pg_terminate_backend) ends the session; the
        // socket closes a moment later, but the client must not go back to the pool in between.
        const severity = (error as { severity?: unknown } | null)?.severity;
        if (severity === 'FATAL' || severity === 'PANIC') client.roundsBroken ??= databaseTrouble(error) ?? 'unreachable';
        const broken = client.roundsBroken;
        if (pool && !broken) pool.answeredAt = Date.now();
        if (!broken || error instanceof DatabaseUnavailableError) throw error;
        throw new DatabaseUnavailableError(
          broken,
          broken === 'timeout' ? `the database did not answer within ${waitMs} ms` : 'the connection to the database was lost',
          { cause: error },
        );
      },
    );
  };
}

/**
 * Why a connection could not be had: the pool stayed full, or the server refused, failed or did not answer. A full
 * pool is busy while the server keeps answering (something answered during the wait, or a statement holding a
 * connection is still within its limit); otherwise the server is not answering (frozen, cut off) and it is a timeout.
 */
function connectFailure(error: unknown, target: SizedPool, wasFull: boolean, waitedMs: number): DatabaseUnavailableError {
  const trouble = databaseTrouble(error);
  if (trouble) return new DatabaseUnavailableError(trouble, 'could not connect to the database', { cause: error });
  if (wasFull) {
    const now = Date.now();
    const answering = target.answeredAt > now - waitedMs || [...target.running.values()].some((limit) => now <= limit);
    if (!answering) return new DatabaseUnavailableError('timeout', 'the database answered nothing while every connection was in use', { cause: error });
    return new DatabaseUnavailableError('busy', `no database connection was free within ${target.connectTimeoutMs} ms`, { cause: error });
  }
  const timedOut = target.connectTimeoutMs !== undefined && waitedMs >= target.connectTimeoutMs * 0.9;
  return new DatabaseUnavailableError(timedOut ? 'timeout' : 'unreachable', 'could not connect to the database', { cause: error });
}

/**
 * Hands out connections set up for the running code's scope (db/scope.ts): a request's queries run as the
 * row-level-security role with its district and schools; everything else with the service's rights. A connection
 * keeps its settings between uses, so the settings are sent only when the scope or the time limit changes.
 */
function scopedPool(requests: SizedPool, service: SizedPool) {
  return {
    async connect(): Promise<ScopedClient> {
      const timeoutMs = currentStatementTimeout();
      const settings = scopeSettings(currentScope(), timeoutMs);
      const request = settings.role !== 'none';
      const target = request ? requests : service;
      const wasFull = target.pool.waitingCount > 0 || (target.pool.totalCount >= target.size && target.pool.idleCount === 0);
      const started = Date.now();
      let client: ScopedClient;
      try {
        client = await target.pool.connect();
      } catch (error) {
        throw connectFailure(error, target, wasFull, Date.now() - started);
      }
      // A client whose connection was lost goes back with an error, so the pool closes it instead of keeping it.
      const release = client.release;
      // (Kysely releases with `false` when it has nothing against the connection.)
      client.release = (error?: Error | boolean) => release(error || (client.roundsBroken ? new Error(`connection ${client.roundsBroken}`) : error));
      preparesMarked(client, request);
      client.roundsPool = target;
      bounded(client);
      client.roundsWaitMs = timeoutMs === undefined ? undefined : timeoutMs + CLIENT_TIMEOUT_MARGIN_MS;
      if (client.roundsScope !== settings.key) {
        try {
          await client.query(
            `SELECT set_config('role', $1, false), set_config('rounds.district_id', $2, false), set_config('rounds.school_ids', $3, false),
                    set_config('statement_timeout', CASE WHEN $4 = '' THEN (SELECT reset_val FROM pg_settings WHERE name = 'statement_timeout') ELSE $4 END, false)`,
            [settings.role, settings.districtId, settings.schoolIds, settings.statementTimeout],
          );
        } catch (error) {
          client.release(error as Error);
          throw error;
        }
        client.roundsScope = settings.key;
      }
      return client;
    },
    end: async () => {
      await Promise.all([requests.pool.end(), service.pool.end()]);
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
