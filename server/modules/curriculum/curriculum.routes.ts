import { z } from 'zod';
import { ErrorBody, SchoolParams } from '../../../schemas/common';
import { Alignment, MapCreate, MapDetail, MapImported, MapImportQuery, MapParams, MapSummary, MapUpdate, StandardParams, StandardRemoveQuery, StandardUpdate } from '../../../schemas/curriculum';
import { access } from '../../http/access';
import { acceptCsvUpload } from '../../http/csv-upload';
import { AppError } from '../../http/errors';
import type { App, Deps } from '../../http/types';
import { MAP_DELETERS, MAP_EDITORS, MAP_READERS } from './curriculum.policy';
import { createMap, deleteMap, editableMap, getMap, listMaps, mapAlignment, removeStandard, updateMap, updateStandard } from './curriculum.service';
import { importMap, MAX_MAP_LINES, renderMapCsv } from './map-csv';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** The largest map CSV accepted. */
const MAX_CSV_BYTES = 1024 * 1024;
const fileName = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Curriculum maps: units, standards, targets and their assessments; the alignment view; CSV import and export. */
export async function curriculumRoutes(app: App, { db }: Deps): Promise<void> {
  const readers = access.school(...MAP_READERS);
  const editors = access.school(...MAP_EDITORS);
  const base = '/api/schools/:schoolId/curriculum-maps';

  app.get(base, {
    config: { access: readers },
    schema: { tags: ['curriculum'], summary: "The school's curriculum maps with their gaps", params: SchoolParams, response: { 200: z.array(MapSummary), ...errors } },
    handler: async (request) => listMaps(db, request.user!, request.school!),
  });
  app.post(base, {
    config: { access: editors },
    schema: { tags: ['curriculum'], summary: 'A new, empty map for a course and grade (a teacher: a grade they teach)', params: SchoolParams, body: MapCreate, response: { 201: MapDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await createMap(db, request.user!, request.school!, request.body)),
  });
  app.get(`${base}/:mapId`, {
    config: { access: readers },
    schema: { tags: ['curriculum'], summary: 'The whole map: units, standards, targets and their assessments', params: MapParams, response: { 200: MapDetail, ...errors } },
    handler: async (request) => getMap(db, request.user!, request.school!, request.params.mapId),
  });
  app.put(`${base}/:mapId`, {
    config: { access: editors },
    schema: {
      tags: ['curriculum'],
      summary: 'Replace the whole map (a teacher: a map of a grade they teach). All or nothing; a stale version answers 409',
      params: MapParams,
      body: MapUpdate,
      response: { 200: MapDetail, ...errors },
    },
    handler: async (request) => updateMap(db, request.user!, request.school!, request.params.mapId, request.body),
  });
  app.delete(`${base}/:mapId`, {
    config: { access: access.school(...MAP_DELETERS) },
    schema: { tags: ['curriculum'], summary: 'Delete a map (its linked assessments stay)', params: MapParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await deleteMap(db, request.user!, request.school!, request.params.mapId, request.ip);
      return reply.code(204).send(null);
    },
  });
  app.patch(`${base}/:mapId/standards/:standardId`, {
    config: { access: editors },
    schema: {
      tags: ['curriculum'],
      summary: 'Rename a standard (code, description); its targets stay aligned. A code already in the map answers 400 with a field message',
      params: StandardParams,
      body: StandardUpdate,
      response: { 200: MapDetail, ...errors },
    },
    handler: async (request) => updateStandard(db, request.user!, request.school!, request.params.mapId, request.params.standardId, request.body),
  });
  app.delete(`${base}/:mapId/standards/:standardId`, {
    config: { access: editors },
    schema: {
      tags: ['curriculum'],
      summary: 'Remove a standard (its targets lose only this alignment); refused with 409 while it is the only standard of a target',
      params: StandardParams,
      querystring: StandardRemoveQuery,
      response: { 200: MapDetail, ...errors },
    },
    handler: async (request) => removeStandard(db, request.user!, request.school!, request.params.mapId, request.params.standardId, request.query.version, request.ip),
  });
  app.get(`${base}/:mapId/alignment`, {
    config: { access: readers },
    schema: { tags: ['curriculum'], summary: 'Standards with no target, targets with no assessment, and each standard’s assessment coverage', params: MapParams, response: { 200: Alignment, ...errors } },
    handler: async (request) => mapAlignment(db, request.user!, request.school!, request.params.mapId),
  });
  app.get(`${base}/:mapId/export`, {
    config: { access: readers },
    schema: { tags: ['curriculum'], summary: 'The map as CSV (unit, unit_start, unit_end, standard, standard_description, target, assessment_id, assessment)', params: MapParams, response: { 200: z.any(), ...errors } },
    handler: async (request, reply) => {
      const map = await getMap(db, request.user!, request.school!, request.params.mapId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="curriculum-map-${fileName(map.course)}-grade-${fileName(map.grade)}.csv"`)
        .send(await renderMapCsv(map));
    },
  });

  // The CSV body parser (and its 413 naming the limit) lives in this scope only.
  await app.register(async (scope: App) => {
    acceptCsvUpload(scope, MAX_CSV_BYTES);
    scope.post(`${base}/:mapId/import`, {
      config: { access: editors },
      bodyLimit: MAX_CSV_BYTES,
      schema: {
        tags: ['curriculum'],
        summary: 'Replace the map from CSV (Content-Type: text/csv; the export format)',
        description: `All or nothing. A file with any problem answers 400 with every problem as \`file:line:column\` (header = line 1). A file over ${MAX_CSV_BYTES / 1024 / 1024} MB or ${MAX_MAP_LINES.toLocaleString('en-US')} lines answers 413.`,
        consumes: ['text/csv'],
        params: MapParams,
        querystring: MapImportQuery,
        response: { 200: MapImported, 413: ErrorBody, ...errors },
      },
      handler: async (request) => {
        await editableMap(db, request.user!, request.school!, request.params.mapId);
        if (typeof request.body !== 'string') throw new AppError('validation_failed', 'Send the CSV file as the request body with Content-Type: text/csv.');
        const file = (request.query.filename ?? 'map.csv').replace(/[\r\n:]/g, '_');
        return importMap(db, request.user!, request.school!, request.params.mapId, request.body, file, request.ip);
      },
    });
  });
}
