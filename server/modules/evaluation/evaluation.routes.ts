import { z } from 'zod';
import { ALL_ROLES, ErrorBody, SchoolParams, SchoolYear } from '../../../schemas/common';
import {
  CitationCreate,
  CitationParams,
  Cycle,
  CycleCreate,
  CycleParams,
  CycleSummary,
  EligibleVisit,
  ObservationCreate,
  RatingsUpdate,
  Rubric,
  RubricDefinition,
  SignBody,
  StepParams,
  StepUpdate,
} from '../../../schemas/evaluation';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { writeAudit } from '../audit/audit';
import { citableVisits, citeVisit, removeCitation } from './citations';
import { EVALUATOR_ROLES, RUBRIC_READERS, RUBRIC_UPLOADERS } from './evaluation.policy';
import { createCycle, getCycle, listCycles, myCycles } from './evaluation.service';
import { saveRatings, signCycle } from './ratings';
import { addObservation, updateStep } from './steps';
import { listRubrics, uploadRubric } from './rubrics';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['evaluation'];
const ListQuery = z.object({ schoolYear: SchoolYear.optional() });

/**
 * Formal evaluation, kept apart from visits. Cycle routes let every role of the school through the gate so that the
 * policy can answer 404 to anyone who is not the evaluator, the teacher or the principal: to them cycles do not exist.
 */
export async function evaluationRoutes(app: App, { db }: Deps): Promise<void> {
  const cycleReaders = access.school(...ALL_ROLES);
  const base = '/api/schools/:schoolId/evaluation';

  app.get(`${base}/rubrics`, {
    config: { access: access.school(...RUBRIC_READERS) },
    schema: { tags, summary: "The built-in rubric and the district's uploaded rubrics", params: SchoolParams, response: { 200: z.array(Rubric), ...errors } },
    handler: async (request) => listRubrics(db, request.school!),
  });
  app.post(`${base}/rubrics`, {
    config: { access: access.school(...RUBRIC_UPLOADERS) },
    schema: {
      tags,
      summary: 'Upload a rubric (JSON) for the district: scale, domains, components, one descriptor per level',
      description: 'Every problem answers 400 with its place, e.g. `body.domains.1.components.0.levels`.',
      params: SchoolParams,
      body: RubricDefinition,
      response: { 201: Rubric, ...errors },
    },
    handler: async (request, reply) => {
      const made = await uploadRubric(db, request.user!, request.school!, request.body);
      await writeAudit(db, { action: 'evaluation.rubric_uploaded', actorId: request.user!.id, districtId: request.school!.districtId, schoolId: request.school!.id, entity: 'evaluation_rubric', entityId: made.key, ip: request.ip });
      return reply.code(201).send(made);
    },
  });

  app.get(`${base}/cycles`, {
    config: { access: access.school(...EVALUATOR_ROLES) },
    schema: { tags, summary: 'Cycles the caller evaluates (the principal: every cycle of the school), with overdue steps counted', params: SchoolParams, querystring: ListQuery, response: { 200: z.array(CycleSummary), ...errors } },
    handler: async (request) => listCycles(db, request.user!, request.school!, request.query, new Date()),
  });
  app.post(`${base}/cycles`, {
    config: { access: access.school(...EVALUATOR_ROLES) },
    schema: { tags, summary: 'Start an evaluation cycle for a teacher and school year, with its steps and due dates', params: SchoolParams, body: CycleCreate, response: { 201: Cycle, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await createCycle(db, request.user!, request.school!, request.body, new Date(), request.ip)),
  });
  app.get(`${base}/cycles/:cycleId`, {
    config: { access: cycleReaders },
    schema: { tags, summary: 'A cycle: steps, ratings, cited visit evidence, signatures (the evaluator, the teacher, the principal; others 404)', params: CycleParams, response: { 200: Cycle, ...errors } },
    handler: async (request) => getCycle(db, request.user!, request.school!, request.params.cycleId, new Date(), request.ip),
  });
  app.post(`${base}/cycles/:cycleId/observations`, {
    config: { access: cycleReaders },
    schema: { tags, summary: 'Schedule another formal observation (the evaluator)', params: CycleParams, body: ObservationCreate, response: { 200: Cycle, ...errors } },
    handler: async (request) => addObservation(db, request.user!, request.school!, request.params.cycleId, request.body.dueOn, new Date()),
  });
  app.patch(`${base}/cycles/:cycleId/steps/:stepId`, {
    config: { access: cycleReaders },
    schema: { tags, summary: 'Reschedule a step, record when it was held or observed, and its notes (the evaluator)', params: StepParams, body: StepUpdate, response: { 200: Cycle, ...errors } },
    handler: async (request) => updateStep(db, request.user!, request.school!, request.params.cycleId, request.params.stepId, request.body, new Date(), request.ip),
  });
  app.put(`${base}/cycles/:cycleId/ratings`, {
    config: { access: cycleReaders },
    schema: { tags, summary: 'Rate components with evidence and a rationale (the evaluator; all rows or none)', params: CycleParams, body: RatingsUpdate, response: { 200: Cycle, ...errors } },
    handler: async (request) => saveRatings(db, request.user!, request.school!, request.params.cycleId, request.body.ratings, new Date(), request.ip),
  });
  app.get(`${base}/cycles/:cycleId/eligible-visits`, {
    config: { access: cycleReaders },
    schema: { tags, summary: "Visits the evaluator may cite: shared with the teacher, to the teacher's classroom, in this school", params: CycleParams, response: { 200: z.array(EligibleVisit), ...errors } },
    handler: async (request) => citableVisits(db, request.user!, request.school!, request.params.cycleId),
  });
  app.post(`${base}/cycles/:cycleId/citations`, {
    config: { access: cycleReaders },
    schema: { tags, summary: 'Cite a shared visit as evidence (the evaluator); an unshared visit is refused at body.visitId', params: CycleParams, body: CitationCreate, response: { 201: Cycle, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await citeVisit(db, request.user!, request.school!, request.params.cycleId, request.body, new Date(), request.ip)),
  });
  app.delete(`${base}/cycles/:cycleId/citations/:citationId`, {
    config: { access: cycleReaders },
    schema: { tags, summary: 'Remove a citation (the evaluator, before signing)', params: CitationParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await removeCitation(db, request.user!, request.school!, request.params.cycleId, request.params.citationId, request.ip);
      return reply.code(204).send(null);
    },
  });
  app.post(`${base}/cycles/:cycleId/sign`, {
    config: { access: cycleReaders },
    schema: { tags, summary: 'Sign: the evaluator once every component is rated, then the teacher ("seen", with an optional response)', params: CycleParams, body: SignBody, response: { 200: Cycle, ...errors } },
    handler: async (request) => signCycle(db, request.user!, request.school!, request.params.cycleId, request.body.comment, new Date(), request.ip),
  });

  app.get('/api/my/evaluations', {
    config: { access: access.signedIn },
    schema: { tags, summary: 'The signed-in teacher’s own evaluation cycles', response: { 200: z.array(CycleSummary), ...errors } },
    handler: async (request) => myCycles(db, request.user!, new Date()),
  });
}
