import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrations } from './migrations/index';
import type { Database } from './types';
import { currentScope, scopeSettings } from './scope';

// DATE columns stay ISO strings (YYYY-MM-DD): a school day is not an instant.
pg.types.setTypeParser(1082, (value: string) => value);
// BIGINT counts fit comfortably in a JS number for this application.
pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));

export type Db = Kysely<Database>;

/**
 * Opens pooled connections to the PostgreSQL database at `url`: up to `max` for requests, which run under
 * row-level security, and a quarter as many for the service's own queries (the session lookup that starts every
 * request, background jobs, start-up). Keeping the two apart means a request's connection rarely has to be set up
 * again for another scope.
 */
export function createDb(url: string, options: { max?: number } = {}): Db {
  const max = options.max ?? 20;
  // JIT compilation costs tens of milliseconds per query and pays off only on long analytical scans.
  const open = (size: number) => {
    const pool = new pg.Pool({ connectionString: url, max: size, options: '-c jit=off' });
    pool.on('error', () => {
      // An idle client lost its connection (server restart); the pool replaces it on next use.
    });
    return pool;
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: scopedPool(open(max), open(Math.max(1, Math.ceil(max / 4)))) }) });
}

type ScopedClient = pg.PoolClient & { roundsScope?: string; roundsPrepared?: Set<string> };

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
 * Hands out connections set up for the running code's scope (db/scope.ts): a request's queries run as the
 * row-level-security role with its district and schools; everything else with the service's rights. A connection
 * keeps its settings between uses, so the settings are sent only when the scope changes.
 */
function scopedPool(requests: pg.Pool, service: pg.Pool) {
  return {
    async connect(): Promise<ScopedClient> {
      const settings = scopeSettings(currentScope());
      const request = settings.role !== 'none';
      const client: ScopedClient = await (request ? requests : service).connect();
      preparesMarked(client, request);
      if (client.roundsScope !== settings.key) {
        try {
          await client.query(
            `SELECT set_config('role', $1, false), set_config('rounds.district_id', $2, false), set_config('rounds.school_ids', $3, false)`,
            [settings.role, settings.districtId, settings.schoolIds],
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
      await Promise.all([requests.end(), service.end()]);
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
