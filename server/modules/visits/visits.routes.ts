import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, ErrorBody, SchoolParams } from '../../../schemas/common';
import { Coverage, CoverageQuery, DistrictCoverage, DistrictCoverageQuery, Plan, PlannerQuery } from '../../../schemas/planner';
import {
  LookFor,
  LookForCreate,
  MAX_PHOTO_BYTES,
  PhotoParams,
  LookForParams,
  LookForUpdate,
  Visit,
  VisitCreate,
  VisitPage,
  VisitParams,
  VisitQuery,
  VisitSettings,
  VisitSettingsUpdate,
  VisitUpdate,
} from '../../../schemas/visits';
import { access } from '../../http/access';
import { ownOrigin } from '../../http/csrf';
import type { App, Deps } from '../../http/types';
import { districtCoverage, schoolCoverage } from './coverage';
import { addLookFor, getVisitSettings, listLookFors, setDailyGoal, updateLookFor, updateVisitSettings } from './look-fors';
import { dailyGoal, planVisits } from './planner';
import { LOOK_FOR_EDITORS, VISITING_ROLES } from './visits.policy';
import { attachPhoto, readPhoto } from './photos';
import { captureVisit, editVisit, listVisits, readVisit } from './visits.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const Photo = z.object({ id: z.string(), width: z.number().int(), height: z.number().int() });
const atOrNow = (at: string | undefined) => (at ? new Date(at) : new Date());
const DailyGoal = z.object({ daily: z.number().int('Use a whole number').min(1, 'At least 1 visit a day').max(20, 'At most 20 visits a day') });

/** Visits: capture (idempotent), edit, list; look-fors and settings; the planner and coverage. */
export async function visitsRoutes(app: App, { db, config }: Deps): Promise<void> {
  app.post('/api/visits', {
    config: { access: access.schoolInBody(...VISITING_ROLES) },
    schema: {
      tags: ['visits'],
      summary: 'Record a visit. The id is made on the device: the same visit sent again creates nothing (200)',
      body: VisitCreate,
      response: { 200: Visit, 201: Visit, 409: ErrorBody, ...errors },
    },
    handler: async (request, reply) => {
      const { created, visit } = await captureVisit(db, request.user!, request.school!, request.body, {
        origin: ownOrigin(request, config.publicUrl),
        smtpConfigured: Boolean(config.smtpUrl),
      });
      return reply.code(created ? 201 : 200).send(visit);
    },
  });

  app.get('/api/visits', {
    config: { access: access.schoolInQuery(...VISITING_ROLES) },
    schema: { tags: ['visits'], summary: "A page of a school's visits, newest first", querystring: VisitQuery, response: { 200: VisitPage, ...errors } },
    handler: async (request) => listVisits(db, request.user!, request.school!, request.query),
  });

  app.get('/api/visits/:visitId', {
    config: { access: access.signedIn },
    schema: { tags: ['visits'], summary: 'One visit (its private note only for its author)', params: VisitParams, response: { 200: Visit, ...errors } },
    handler: async (request) => readVisit(db, request.user!, request.params.visitId),
  });

  app.put('/api/visits/:visitId', {
    config: { access: access.signedIn },
    schema: {
      tags: ['visits'],
      summary: 'Edit a visit (its author only); an edit from an older version answers 409 with the current visit',
      params: VisitParams,
      body: VisitUpdate,
      response: { 200: Visit, 409: ErrorBody, ...errors },
    },
    handler: async (request) => editVisit(db, request.user!, request.params.visitId, request.body),
  });

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Photos arrive as the raw image body; the format is checked from the bytes, not this header.
    scope.addContentTypeParser(['image/jpeg', 'image/png', 'image/webp'], { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_req, body, done) => done(null, body));
    scope.put('/api/visits/:visitId/photos/:photoId', {
      config: { access: access.signedIn },
      bodyLimit: MAX_PHOTO_BYTES,
      schema: {
        tags: ['visits'],
        summary: 'Attach a photo (JPEG, PNG or WebP body, at most 10 MB); resized and stripped of metadata. The photo id is made on the device',
        params: PhotoParams,
        response: { 200: Photo, 201: Photo, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, ...errors },
      },
      handler: async (request, reply) => {
        const { created, ...photo } = await attachPhoto(db, request.user!, request.params.visitId, request.params.photoId, request.body);
        return reply.code(created ? 201 : 200).send(photo);
      },
    });
    scope.get('/api/visits/:visitId/photos/:photoId', {
      config: { access: access.signedIn },
      schema: { tags: ['visits'], summary: "A visit's photo", params: PhotoParams, response: { 200: z.any(), ...errors } },
      handler: async (request, reply) => {
        const photo = await readPhoto(db, request.user!, request.params.visitId, request.params.photoId);
        return reply.type(photo.content_type).header('cache-control', 'private, max-age=86400').header('content-disposition', 'inline').send(photo.bytes);
      },
    });
  });

  app.get('/api/planner', {
    config: { access: access.schoolInQuery(...VISITING_ROLES) },
    schema: { tags: ['visits'], summary: 'Who to visit now and later today, ranked for fairness', querystring: PlannerQuery, response: { 200: Plan, ...errors } },
    handler: async (request) => planVisits(db, request.user!, request.school!, atOrNow(request.query.at)),
  });

  app.get('/api/coverage', {
    config: { access: access.schoolInQuery(...VISITING_ROLES) },
    schema: { tags: ['visits'], summary: "Every teacher's visits this term, week by week, and the observers' own numbers", querystring: CoverageQuery, response: { 200: Coverage, ...errors } },
    handler: async (request) => schoolCoverage(db, request.user!, request.school!, atOrNow(request.query.at), request.query.days),
  });

  app.get('/api/district/coverage', {
    config: { access: access.district('district_admin', 'district_leader') },
    schema: { tags: ['visits'], summary: 'Visit coverage counts per school of the district (numbers only)', querystring: DistrictCoverageQuery, response: { 200: DistrictCoverage, ...errors } },
    handler: async (request) => districtCoverage(db, request.user!, atOrNow(request.query.at)),
  });

  app.get('/api/schools/:schoolId/look-fors', {
    config: { access: access.school(...ALL_ROLES) },
    schema: { tags: ['visits'], summary: "The school's look-fors (focus areas visits are tagged with)", params: SchoolParams, response: { 200: z.array(LookFor), ...errors } },
    handler: async (request) => listLookFors(db, request.school!),
  });

  app.post('/api/schools/:schoolId/look-fors', {
    config: { access: access.school(...LOOK_FOR_EDITORS) },
    schema: { tags: ['visits'], summary: 'Add a look-for', params: SchoolParams, body: LookForCreate, response: { 201: LookFor, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await addLookFor(db, request.school!, request.body)),
  });

  app.patch('/api/schools/:schoolId/look-fors/:lookForId', {
    config: { access: access.school(...LOOK_FOR_EDITORS) },
    schema: { tags: ['visits'], summary: 'Rename, describe, retire or reorder a look-for', params: LookForParams, body: LookForUpdate, response: { 200: LookFor, ...errors } },
    handler: async (request) => updateLookFor(db, request.school!, request.params.lookForId, request.body),
  });

  app.get('/api/schools/:schoolId/visit-settings', {
    config: { access: access.school(...ALL_ROLES) },
    schema: { tags: ['visits'], summary: "The school's visit settings (evaluative word list, days before a teacher is flagged)", params: SchoolParams, response: { 200: VisitSettings, ...errors } },
    handler: async (request) => getVisitSettings(db, request.school!.id),
  });

  app.put('/api/schools/:schoolId/visit-settings', {
    config: { access: access.school('principal') },
    schema: { tags: ['visits'], summary: "Change the school's visit settings", params: SchoolParams, body: VisitSettingsUpdate, response: { 200: VisitSettings, ...errors } },
    handler: async (request) => updateVisitSettings(db, request.school!.id, request.body),
  });

  app.get('/api/me/visit-goal', {
    config: { access: access.signedIn },
    schema: { tags: ['visits'], summary: 'My daily visit goal', response: { 200: DailyGoal, 401: ErrorBody } },
    handler: async (request) => ({ daily: await dailyGoal(db, request.user!.id) }),
  });

  app.put('/api/me/visit-goal', {
    config: { access: access.signedIn },
    schema: { tags: ['visits'], summary: 'Set my daily visit goal', body: DailyGoal, response: { 200: DailyGoal, ...errors } },
    handler: async (request) => {
      await setDailyGoal(db, request.user!.id, request.body.daily);
      return { daily: request.body.daily };
    },
  });
}
