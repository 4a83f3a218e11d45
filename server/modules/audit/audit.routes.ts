import { z } from 'zod';
import { AuditPage, AuditPeopleQuery, AuditPerson, AuditQuery } from '../../../schemas/audit';
import { ErrorBody } from '../../../schemas/common';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { auditPage, findPeople } from './audit.repo';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** The audit viewer: district administrators read their district's append-only audit log. */
export async function auditRoutes(app: App, { db }: Deps): Promise<void> {
  const admins = access.district('district_admin');
  app.get('/api/admin/audit', {
    config: { access: admins },
    schema: {
      tags: ['audit'],
      summary: "The district's audit log, newest first: filter by student (who looked at their results?), actor, action, school or dates",
      querystring: AuditQuery,
      response: { 200: AuditPage, ...errors },
    },
    handler: async (request) => {
      const { rows, more } = await auditPage(db, request.user!.districtId, request.query);
      return {
        entries: rows.map((r) => ({
          id: String(r.id),
          at: new Date(r.at).toISOString(),
          action: r.action,
          actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
          school: r.school_id ? { id: r.school_id, name: r.school_name ?? '' } : null,
          entity: r.entity,
          entityId: r.entity_id,
          subject: r.subject,
          ip: r.ip,
          details: (r.details ?? {}) as Record<string, unknown>,
        })),
        nextBefore: more && rows.length > 0 ? String(rows[rows.length - 1]!.id) : null,
      };
    },
  });
  app.get('/api/admin/audit/people', {
    config: { access: admins },
    schema: { tags: ['audit'], summary: 'Students and staff of the district matching a name, email or roster id', querystring: AuditPeopleQuery, response: { 200: z.array(AuditPerson), ...errors } },
    handler: async (request) =>
      (await findPeople(db, request.user!.districtId, request.query.q)).map((p) => ({ id: p.id, name: p.name, kind: p.kind, sourcedId: p.sourced_id, email: p.email })),
  });
}
