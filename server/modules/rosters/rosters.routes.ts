import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ErrorBody } from '../../../schemas/common';
import { RosterConfirmationRequired, RosterImportList, RosterImportQuery, RosterImportResult, RosterImportsQuery, RosterRejection } from '../../../schemas/rosters';
import { access } from '../../http/access';
import { AppError } from '../../http/errors';
import type { App, Deps } from '../../http/types';
import { rosterPolicy } from './rosters.policy';
import { importRoster, listRosterImports } from './rosters.service';

/** The largest roster upload accepted (a zip, or the CSV files together). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
const errors = { 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody };

/**
 * Reads the request into named files: a raw zip body, or the .zip/.csv files of a multipart form (whose
 * `confirmDeactivations` field, if any, is returned too).
 */
async function uploadedFiles(request: FastifyRequest): Promise<{ entries: { name: string; bytes: Uint8Array; label?: string }[]; confirm?: boolean }> {
  if (!request.isMultipart()) {
    const body = request.body;
    if (Buffer.isBuffer(body)) return { entries: [{ name: 'upload', bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), label: 'The upload' }] };
    throw new AppError(
      'validation_failed',
      'Send the OneRoster bundle as a zip (Content-Type: application/zip) or as multipart/form-data with the .zip or .csv files.',
    );
  }
  const entries: { name: string; bytes: Uint8Array; label?: string }[] = [];
  let confirm: boolean | undefined;
  for await (const part of request.parts()) {
    if (part.type !== 'file') {
      if (part.fieldname === 'confirmDeactivations') {
        if (part.value !== 'true' && part.value !== 'false') {
          throw new AppError('validation_failed', 'confirmDeactivations must be true or false.', [{ path: 'body.confirmDeactivations', message: 'Use true or false.' }]);
        }
        confirm = part.value === 'true';
      }
      continue;
    }
    const name = part.filename || part.fieldname;
    if (!/\.(csv|zip)$/i.test(name)) {
      await part.toBuffer();
      throw new AppError('validation_failed', `"${name}" is neither a .csv nor a .zip file. Attach the OneRoster zip, or its CSV files.`);
    }
    entries.push({ name, bytes: new Uint8Array(await part.toBuffer()) });
  }
  if (entries.length === 0) throw new AppError('validation_failed', 'The form has no file. Attach the OneRoster zip, or its CSV files.');
  return { entries, confirm };
}

/** OneRoster CSV import (district administrators) and the import history. */
export async function rosterRoutes(app: App, { db }: Deps): Promise<void> {
  // Multipart parsing and the large body limit live in this scope only: other routes keep the app's defaults.
  await app.register(async (scope: App) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 30, fields: 20, parts: 60 },
    });
    scope.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));
    // Anything else is read as bytes too, so a wrong upload gets a clear 400 rather than a bare 415.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));

    scope.post('/api/rosters/oneroster', {
      config: { access: access.district('district_admin') },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['rosters'],
        summary: 'Import a OneRoster 1.1/1.2 bulk CSV bundle into your district',
        description:
          'Send the bundle as a zip (`Content-Type: application/zip`), or as `multipart/form-data` with one zip or the CSV files ' +
          '(manifest, orgs, academicSessions, courses, classes, users, roles, enrollments, demographics). All of it is applied, or ' +
          'nothing: a bundle with any wrong row answers 400 with every problem as `file:line:column` (header = line 1). ' +
          'Files the manifest declares as `delta` change only the records they list (status tobedeleted makes a record inactive). ' +
          'An import that would make more than a set share of the active people (10% by default), every active person of a school, ' +
          'or a school itself inactive answers 409 with a report and changes nothing; send it again with `confirmDeactivations=true` ' +
          '(query or form field) to apply it. One CSV file may hold 128 MB uncompressed, a bundle 192 MB (413 beyond).',
        consumes: ['application/zip', 'multipart/form-data'],
        querystring: RosterImportQuery,
        response: { 200: RosterImportResult, 400: RosterRejection, 409: RosterConfirmationRequired, ...errors },
      },
      handler: async (request) => {
        const districtId = rosterPolicy.importDistrict(request.user!);
        const { entries, confirm } = await uploadedFiles(request);
        const confirmDeactivations = confirm ?? request.query.confirmDeactivations === 'true';
        return importRoster(db, { target: { districtId }, actorId: request.user!.id, entries, via: 'api', ip: request.ip, confirmDeactivations });
      },
    });

    scope.get('/api/rosters/imports', {
      config: { access: access.district('district_admin') },
      schema: {
        tags: ['rosters'],
        summary: "Your district's roster imports, newest first",
        querystring: RosterImportsQuery,
        response: { 200: RosterImportList, 400: ErrorBody, ...errors },
      },
      handler: async (request) => listRosterImports(db, rosterPolicy.importDistrict(request.user!), request.query.limit),
    });
  });
}
