import { z } from 'zod';
import { ErrorBody } from '../../../schemas/common';
import {
  DataInventory,
  ErasurePreview,
  ErasureRequest,
  ErasureResult,
  ExportQuery,
  KeepPrivateNote,
  KeepPrivateNoteResult,
  PersonParams,
  RetentionResult,
  SchoolExportParams,
} from '../../../schemas/privacy';
import { access } from '../../http/access';
import { notFound } from '../../http/errors';
import type { App, Deps } from '../../http/types';
import { erasePerson, erasurePreview } from './erase';
import { exportBytes, exportPerson, exportSchool, type DataExport } from './export';
import { classOf, INVENTORY, SECRET_COLUMNS } from './inventory';
import { lastRetentionRun, RETENTION_RULES, runRetention } from './retention';
import { tableColumns } from './schema-graph';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const VisitParams = z.object({ visitId: z.uuid({ message: 'must be a valid id (UUID)' }) });

/** Privacy operations for district administrators: inventory, retention, export and deletion; and keeping a private note. */
export async function privacyRoutes(app: App, { db }: Deps): Promise<void> {
  const admins = access.district('district_admin');
  // Serialised and zipped in a worker thread: a school's export is tens of MB (docs/PERFORMANCE.md).
  const send = async (data: DataExport, format: 'json' | 'zip', reply: { header: (k: string, v: string) => unknown; send: (b: unknown) => unknown }) => {
    const base = `rounds-${data.about.kind}-${data.about.id}`;
    const bytes = await exportBytes(data, format);
    reply.header('content-type', format === 'zip' ? 'application/zip' : 'application/json; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${base}.${format}"`);
    return reply.send(bytes);
  };

  app.get('/api/admin/privacy/inventory', {
    config: { access: admins },
    schema: { tags: ['privacy'], summary: "Every table and column Rounds keeps, classified, with the retention rules and the district's last retention run", response: { 200: DataInventory, ...errors } },
    handler: async (request) => {
      const present = await tableColumns(db);
      const last = await lastRetentionRun(db, request.user!.districtId);
      return {
        tables: [...present]
          .filter(([table]) => INVENTORY[table])
          .map(([table, columns]) => ({
            table,
            purpose: INVENTORY[table]!.purpose,
            columns: columns.map((name) => ({ name, class: classOf(table, name)!, exported: !SECRET_COLUMNS.has(`${table}.${name}`) })),
          })),
        retention: RETENTION_RULES,
        lastRun: last
          ? { startedAt: new Date(last.started_at).toISOString(), finishedAt: last.finished_at ? new Date(last.finished_at).toISOString() : null, trigger: last.trigger, removed: last.removed as Record<string, number> }
          : null,
      };
    },
  });
  app.post('/api/admin/privacy/retention/run', {
    config: { access: admins },
    schema: { tags: ['privacy'], summary: "Run the nightly retention rules now, for the caller's district", response: { 200: RetentionResult, ...errors } },
    handler: async (request) => ({ removed: await runRetention(db, new Date().toISOString().slice(0, 10), 'admin', request.user!.districtId) }),
  });
  app.get('/api/admin/privacy/people/:personId', {
    config: { access: admins },
    schema: { tags: ['privacy'], summary: 'What deleting this person would delete, and what would be kept under "Former staff member"', params: PersonParams, response: { 200: ErasurePreview, ...errors } },
    handler: async (request) => erasurePreview(db, request.user!.districtId, request.params.personId),
  });
  app.get('/api/admin/privacy/people/:personId/export', {
    config: { access: admins },
    schema: { tags: ['privacy'], summary: 'Everything about one person, as JSON or a zip of CSV files', params: PersonParams, querystring: ExportQuery, response: { 200: z.any(), ...errors } },
    handler: async (request, reply) => send(await exportPerson(db, request.user!, request.params.personId, request.ip), request.query.format, reply),
  });
  app.delete('/api/admin/privacy/people/:personId', {
    config: { access: admins },
    schema: { tags: ['privacy'], summary: 'Delete a student or staff member, leaving no trace outside the audit log', params: PersonParams, body: ErasureRequest, response: { 200: ErasureResult, ...errors } },
    handler: async (request) => erasePerson(db, request.user!, request.params.personId, request.body.confirmName, request.ip),
  });
  app.get('/api/admin/privacy/schools/:schoolId/export', {
    config: { access: admins },
    schema: { tags: ['privacy'], summary: 'Everything about one school, as JSON or a zip of CSV files', params: SchoolExportParams, querystring: ExportQuery, response: { 200: z.any(), ...errors } },
    handler: async (request, reply) => send(await exportSchool(db, request.user!, request.params.schoolId, request.ip), request.query.format, reply),
  });
  app.put('/api/visits/:visitId/private-note-keep', {
    config: { access: access.signedIn },
    schema: { tags: ['privacy'], summary: "Keep a visit's private note past the end of the school year (its author only)", params: VisitParams, body: KeepPrivateNote, response: { 200: KeepPrivateNoteResult, ...errors } },
    handler: async (request) => {
      const row = await db
        .updateTable('visits')
        .set({ private_note_kept: request.body.keep })
        .where('id', '=', request.params.visitId)
        .where('observer_id', '=', request.user!.id)
        .returning(['id', 'private_note_kept'])
        .executeTakeFirst();
      if (!row) throw notFound('That visit');
      return { visitId: row.id, privateNoteKept: row.private_note_kept };
    },
  });
}
