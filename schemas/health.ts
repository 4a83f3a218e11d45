import { z } from 'zod';

/** Response of `GET /api/health`. */
export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  /** `embedded` when Rounds runs its own PostgreSQL server, `postgres` with DATABASE_URL. */
  database: z.enum(['embedded', 'postgres']),
  version: z.string(),
  /** True when this install holds the demo district, so the sign-in page may show the demo accounts. */
  demo: z.boolean(),
});
