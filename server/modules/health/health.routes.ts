import { DEMO_DISTRICT_SOURCED_ID } from '../../../db/seed/demo';
import { ErrorBody } from '../../../schemas/common';
import { HealthResponse } from '../../../schemas/health';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';

/** Liveness and readiness for load balancers and monitoring. */
export async function healthRoutes(app: App, { db, databaseKind, version }: Deps): Promise<void> {
  app.get('/api/health', {
    config: { access: access.publicService },
    schema: { tags: ['operations'], summary: 'Health of the app and its database', response: { 200: HealthResponse, 503: HealthResponse, 500: ErrorBody } },
    handler: async (_request, reply) => {
      try {
        const demo = await db.selectFrom('districts').select('id').where('sourced_id', '=', DEMO_DISTRICT_SOURCED_ID).executeTakeFirst();
        return { status: 'ok' as const, database: databaseKind, version, demo: Boolean(demo) };
      } catch {
        return reply.code(503).send({ status: 'degraded' as const, database: databaseKind, version, demo: false });
      }
    },
  });
}
