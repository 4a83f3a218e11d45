import { z } from 'zod';

/** How the app's database is doing, as `GET /api/health` reports it. */
export const DatabaseHealth = z.object({
  /** `embedded` when Rounds runs its own PostgreSQL server, `postgres` with DATABASE_URL. */
  kind: z.enum(['embedded', 'postgres']),
  /** Whether the database answered a query just now. */
  ok: z.boolean(),
  /**
   * Why not: `unreachable` (stopped, restarting, refusing connections), `timeout` (no answer in time), `busy` (no free
   * connection), `failed` (it answered with an error).
   */
  error: z.enum(['unreachable', 'timeout', 'busy', 'failed']).optional(),
  /** How long the check query took, when it answered. */
  latencyMs: z.number().int().nonnegative().optional(),
  /** The embedded server only: how many times Rounds restarted it after it stopped unexpectedly. */
  restarts: z.number().int().nonnegative().optional(),
});

/** Response of `GET /api/health`: 200 when the database answers, 503 (with Retry-After) when it does not. */
export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: DatabaseHealth,
  version: z.string(),
  /** The demo setting (ROUNDS_DEMO): the sign-in page may show the demo accounts. */
  demo: z.boolean(),
});
