import { sql } from 'kysely';
import type { z } from 'zod';
import { databaseTrouble, DatabaseUnavailableError } from '../../../db/unavailable';
import { ErrorBody } from '../../../schemas/common';
import { HealthResponse, type DatabaseHealth } from '../../../schemas/health';
import { access } from '../../http/access';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../http/errors';
import type { App, Deps } from '../../http/types';

/** The longest the health check waits for the database: load balancers give up on a check after a few seconds. */
export const HEALTH_PROBE_MS = 2_000;

type Probe = Omit<z.infer<typeof DatabaseHealth>, 'kind' | 'restarts'>;

/** Asks the database one trivial question, waiting at most `ms`. */
async function probe(db: Deps['db'], ms: number): Promise<Probe> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError('timeout', `no answer within ${ms} ms`)), ms);
  });
  try {
    // A query still running when the check gives up ends by its own time limit (db/database.ts).
    await Promise.race([sql`SELECT 1`.execute(db), late]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: databaseTrouble(error) ?? 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness and readiness for load balancers and monitoring: 200 when the database answers, otherwise 503 with
 * Retry-After and what is wrong (`database.error`). Answers within HEALTH_PROBE_MS even when the database does not.
 */
export async function healthRoutes(app: App, { db, databaseKind, version, config, embedded }: Deps): Promise<void> {
  app.get('/api/health', {
    config: { access: access.publicService, session: false },
    schema: { tags: ['operations'], summary: 'Health of the app and its database', response: { 200: HealthResponse, 503: HealthResponse, 500: ErrorBody } },
    handler: async (_request, reply) => {
      // Shorter than the wait for a pooled connection, so a frozen server reads as a timeout rather than as busy.
      const result = await probe(db, Math.min(HEALTH_PROBE_MS, config.statementTimeoutMs.read, Math.max(100, config.dbConnectTimeoutMs - 100)));
      const database = { kind: databaseKind, ...result, ...(embedded ? { restarts: embedded.status().restarts } : {}) };
      const body = { status: result.ok ? ('ok' as const) : ('degraded' as const), database, version, demo: config.demo };
      if (result.ok) return body;
      return reply.code(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send(body);
    },
  });
}
