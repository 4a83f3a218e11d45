import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose rights a query runs with. Outside a request (start-up, background jobs, the command line) queries run
 * with the service's own rights. A request's queries run as the `rounds_app` role with its district and schools,
 * so the row-level security policies (db/row-security.ts) apply: until the request is signed in, it sees no
 * school data at all. The few places a request needs more (finding the account that is signing in, a calendar
 * feed found by its secret address) say so with `withServiceRights`.
 */
export type DbScope =
  | { kind: 'service' }
  | { kind: 'request'; districtId: string | null; schoolIds: readonly string[] | 'all' };

const SERVICE: DbScope = { kind: 'service' };
/** A request that is not signed in: no district, no schools. */
export const NO_ACCESS: DbScope = { kind: 'request', districtId: null, schoolIds: [] };

/**
 * A request's scope, set as the request learns who is calling and which school it is about, and how long any one
 * of its statements may run (PostgreSQL's `statement_timeout`; without it, the server's own setting applies).
 */
export interface ScopeHolder {
  scope: DbScope;
  statementTimeoutMs?: number;
}

const storage = new AsyncLocalStorage<ScopeHolder>();

/** The scope of the code running now. */
export const currentScope = (): DbScope => storage.getStore()?.scope ?? SERVICE;

/** Runs `fn` (and everything it starts) under `holder`, whose scope can be narrowed later. */
export function runWithScope<T>(holder: ScopeHolder, fn: () => T): T {
  return storage.run(holder, fn);
}

/** The statement time limit of the code running now, if it runs for a request. */
export const currentStatementTimeout = (): number | undefined => storage.getStore()?.statementTimeoutMs;

/**
 * Runs `fn` with the service's own rights, bypassing row-level security: sign-in lookups and the like only. Within a
 * request its statements keep the request's time limit.
 */
export function withServiceRights<T>(fn: () => Promise<T>): Promise<T> {
  return storage.run({ scope: SERVICE, statementTimeoutMs: currentStatementTimeout() }, fn);
}

/** What a connection must be set to: the role, the scope and the statement time limit (empty: the server's default). */
export interface ConnectionSettings {
  /** Tells whether a connection already has these settings. */
  key: string;
  role: string;
  districtId: string;
  schoolIds: string;
  statementTimeout: string;
}

/** The settings a connection needs for a scope and a statement time limit. */
export function scopeSettings(scope: DbScope, statementTimeoutMs?: number): ConnectionSettings {
  const statementTimeout = statementTimeoutMs === undefined ? '' : String(Math.max(1, Math.round(statementTimeoutMs)));
  if (scope.kind === 'service') return { key: `service|${statementTimeout}`, role: 'none', districtId: '', schoolIds: '', statementTimeout };
  const schoolIds = scope.schoolIds === 'all' ? '*' : `{${scope.schoolIds.join(',')}}`;
  const districtId = scope.districtId ?? '';
  return { key: `${districtId}|${schoolIds}|${statementTimeout}`, role: 'rounds_app', districtId, schoolIds, statementTimeout };
}
