import { z } from 'zod';
import { ALL_ROLES, ErrorBody, SchoolParams } from '../../../schemas/common';
import { GoalCreate, GoalDetail, GoalParams, GoalQuery, GoalSummary, GoalUpdate, Vision, VisionUpdate } from '../../../schemas/goals';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { createGoal, deleteGoal, getVision, goalDetail, listGoals, setVision, updateGoal } from './goals.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
/** Who writes the vision and goals. */
export const GOAL_EDITORS = ['principal', 'assistant_principal'] as const;

/** A school's vision, action statements per role, and goals with their progress next to visit evidence. */
export async function goalRoutes(app: App, { db }: Deps): Promise<void> {
  const readers = access.school(...ALL_ROLES);
  const editors = access.school(...GOAL_EDITORS);
  app.get('/api/schools/:schoolId/vision', {
    config: { access: readers },
    schema: { tags: ['goals'], summary: "The school's vision and action statements per role", params: SchoolParams, response: { 200: Vision, ...errors } },
    handler: async (request) => getVision(db, request.school!),
  });
  app.put('/api/schools/:schoolId/vision', {
    config: { access: editors },
    schema: { tags: ['goals'], summary: 'Replace the vision and action statements', params: SchoolParams, body: VisionUpdate, response: { 200: Vision, ...errors } },
    handler: async (request) => setVision(db, request.user!, request.school!, request.body),
  });
  app.get('/api/schools/:schoolId/goals', {
    config: { access: readers },
    schema: { tags: ['goals'], summary: "The school's goals with their latest progress (small groups suppressed)", params: SchoolParams, response: { 200: z.array(GoalSummary), ...errors } },
    handler: async (request) => listGoals(db, request.school!, new Date()),
  });
  app.post('/api/schools/:schoolId/goals', {
    config: { access: editors },
    schema: { tags: ['goals'], summary: 'Add a goal with its measure, baseline, target and linked look-fors', params: SchoolParams, body: GoalCreate, response: { 201: GoalDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await createGoal(db, request.user!, request.school!, request.body, new Date())),
  });
  app.get('/api/schools/:schoolId/goals/:goalId', {
    config: { access: readers },
    schema: { tags: ['goals'], summary: "A goal's progress per assessment date, and its look-fors' visits per week", params: GoalParams, querystring: GoalQuery, response: { 200: GoalDetail, ...errors } },
    handler: async (request) => goalDetail(db, request.school!, request.params.goalId, request.query, new Date()),
  });
  app.patch('/api/schools/:schoolId/goals/:goalId', {
    config: { access: editors },
    schema: { tags: ['goals'], summary: 'Change a goal', params: GoalParams, body: GoalUpdate, response: { 200: GoalDetail, ...errors } },
    handler: async (request) => updateGoal(db, request.school!, request.params.goalId, request.body, new Date()),
  });
  app.delete('/api/schools/:schoolId/goals/:goalId', {
    config: { access: editors },
    schema: { tags: ['goals'], summary: 'Delete a goal', params: GoalParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await deleteGoal(db, request.school!, request.params.goalId);
      return reply.code(204).send(null);
    },
  });
}
