import { z } from 'zod';
import { CommentCreate, CycleCreate, CycleDetail, CycleListQuery, CycleParams, CycleSummary, CycleTransition, CycleUpdate, DebriefCreate, ObservationLink } from '../../../schemas/coaching';
import { ErrorBody, SchoolParams } from '../../../schemas/common';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { COACHING_ROLES } from './coaching.policy';
import { addComment, addDebrief, cycleDetail, linkObservation, listCycles, moveCycle, proposeCycle, updateCycle } from './coaching.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const withConflict = { ...errors, 409: ErrorBody };

/** Coaching cycles: goal, baseline, observations (visits), debriefs, comments and the outcome. */
export async function coachingRoutes(app: App, { db }: Deps): Promise<void> {
  app.get('/api/schools/:schoolId/coaching/cycles', {
    config: { access: access.school(...COACHING_ROLES, 'teacher') },
    schema: {
      tags: ['coaching'],
      summary: "The school's coaching cycles the caller may see (a teacher: their own)",
      params: SchoolParams,
      querystring: CycleListQuery,
      response: { 200: z.array(CycleSummary), ...errors },
    },
    handler: async (request) => listCycles(db, request.user!, request.school!, request.query.status),
  });

  app.post('/api/schools/:schoolId/coaching/cycles', {
    config: { access: access.school(...COACHING_ROLES) },
    schema: { tags: ['coaching'], summary: 'Propose a coaching cycle to a teacher (the caller coaches it)', params: SchoolParams, body: CycleCreate, response: { 201: CycleDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await proposeCycle(db, request.user!, request.school!, request.body)),
  });

  app.get('/api/coaching/cycles/:coachingCycleId', {
    config: { access: access.signedIn },
    schema: { tags: ['coaching'], summary: 'A coaching cycle with its baseline, observations, debriefs, comments and outcome', params: CycleParams, response: { 200: CycleDetail, ...errors } },
    handler: async (request) => cycleDetail(db, request.user!, request.params.coachingCycleId),
  });

  app.patch('/api/coaching/cycles/:coachingCycleId', {
    config: { access: access.signedIn },
    schema: { tags: ['coaching'], summary: 'Change the goal (while proposed) or the baseline (while open); the coach only', params: CycleParams, body: CycleUpdate, response: { 200: CycleDetail, ...withConflict } },
    handler: async (request) => updateCycle(db, request.user!, request.params.coachingCycleId, request.body),
  });

  app.post('/api/coaching/cycles/:coachingCycleId/status', {
    config: { access: access.signedIn },
    schema: {
      tags: ['coaching'],
      summary: 'Agree (active), complete with an outcome (the coach), or cancel a cycle; a move the cycle cannot make answers 409',
      params: CycleParams,
      body: CycleTransition,
      response: { 200: CycleDetail, ...withConflict },
    },
    handler: async (request) => moveCycle(db, request.user!, request.params.coachingCycleId, request.body),
  });

  app.post('/api/coaching/cycles/:coachingCycleId/debriefs', {
    config: { access: access.signedIn },
    schema: { tags: ['coaching'], summary: 'Record a debrief (date, notes, the next step agreed); the coach, while the cycle is active', params: CycleParams, body: DebriefCreate, response: { 201: CycleDetail, ...withConflict } },
    handler: async (request, reply) => reply.code(201).send(await addDebrief(db, request.user!, request.params.coachingCycleId, request.body)),
  });

  app.post('/api/coaching/cycles/:coachingCycleId/observations', {
    config: { access: access.signedIn },
    schema: {
      tags: ['coaching'],
      summary: "Add one of the coach's own visits of the cycle's teacher (not a peer visit) as an observation; the coach, while the cycle is active",
      params: CycleParams,
      body: ObservationLink,
      response: { 201: CycleDetail, ...withConflict },
    },
    handler: async (request, reply) => reply.code(201).send(await linkObservation(db, request.user!, request.params.coachingCycleId, request.body.visitId)),
  });

  app.post('/api/coaching/cycles/:coachingCycleId/comments', {
    config: { access: access.signedIn },
    schema: { tags: ['coaching'], summary: 'Comment on a cycle (its teacher or its coach)', params: CycleParams, body: CommentCreate, response: { 201: CycleDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await addComment(db, request.user!, request.params.coachingCycleId, request.body.body)),
  });
}
