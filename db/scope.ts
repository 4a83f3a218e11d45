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

/** A request's scope, set as the request learns who is calling and which school it is about. */
export interface ScopeHolder {
  scope: DbScope;
}

const storage = new AsyncLocalStorage<ScopeHolder>();

/** The scope of the code running now. */
export const currentScope = (): DbScope => storage.getStore()?.scope ?? SERVICE;

/** Runs `fn` (and everything it starts) under `holder`, whose scope can be narrowed later. */
export function runWithScope<T>(holder: ScopeHolder, fn: () => T): T {
  return storage.run(holder, fn);
}

/** Runs `fn` with the service's own rights, bypassing row-level security: sign-in lookups and the like only. */
export function withServiceRights<T>(fn: () => Promise<T>): Promise<T> {
  return storage.run({ scope: SERVICE }, fn);
}

/** The settings a connection needs for a scope, and a key telling whether a connection already has them. */
export function scopeSettings(scope: DbScope): { key: string; role: string; districtId: string; schoolIds: string } {
  if (scope.kind === 'service') return { key: 'service', role: 'none', districtId: '', schoolIds: '' };
  const schoolIds = scope.schoolIds === 'all' ? '*' : `{${scope.schoolIds.join(',')}}`;
  const districtId = scope.districtId ?? '';
  return { key: `${districtId}|${schoolIds}`, role: 'rounds_app', districtId, schoolIds };
}
