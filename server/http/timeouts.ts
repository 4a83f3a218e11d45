import type { FastifyRequest } from 'fastify';
import type { Config } from '../config';

/** The kinds of request that get their own statement time limit (Config.statementTimeoutMs). */
export type TimeoutClass = 'read' | 'write' | 'export';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Overrides the time limit class a route gets from its method and address (see `timeoutClass`). */
    timeout?: TimeoutClass;
  }
}

/**
 * Routes that produce or load a whole school's or district's worth of data at once: exports (JSON, CSV, zip), PDFs,
 * CSV imports (a district's roster is hundreds of thousands of rows) and a retention run started by hand. Matched on
 * the route's pattern.
 */
const LONG_ROUTES = [/\/export$/, /\/pdf$/, /\/import$/, /^\/api\/rosters\/oneroster$/, /^\/api\/admin\/privacy\/retention\/run$/];

/** Which time limit a request's statements get: a route's own `config.timeout`, else exports, else by method. */
export function timeoutClass(request: FastifyRequest): TimeoutClass {
  const declared = request.routeOptions.config.timeout;
  if (declared) return declared;
  const url = request.routeOptions.url ?? '';
  if (LONG_ROUTES.some((pattern) => pattern.test(url))) return 'export';
  return request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write';
}

/** The statement_timeout (ms) for a request. */
export function statementTimeoutFor(request: FastifyRequest, config: Pick<Config, 'statementTimeoutMs'>): number {
  return config.statementTimeoutMs[timeoutClass(request)];
}
