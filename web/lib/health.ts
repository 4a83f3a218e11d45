import type { z } from 'zod';
import type { HealthResponse as HealthSchema } from '../../schemas/health';

/** What `GET /api/health` answers. */
export type HealthResponse = z.infer<typeof HealthSchema>;
