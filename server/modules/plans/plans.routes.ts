import { z } from 'zod';
import { ALL_ROLES, ErrorBody, SchoolParams } from '../../../schemas/common';
import {
  ActionCreate,
  ActionFromConversation,
  ConversationParams,
  ActionParams,
  ActionUpdate,
  CheckinCreate,
  EvidenceCreate,
  PdAttendance,
  PdFeedbackInput,
  PdSession,
  PdSessionCreate,
  PdSessionParams,
  PlanChange,
  PlanCreate,
  PlanDetail,
  PlanGoalCreate,
  PlanGoalParams,
  PlanGoalUpdate,
  PlanParams,
  PlanSummary,
  PlanUpdate,
  StrategyCreate,
  StrategyParams,
  StrategyUpdate,
} from '../../../schemas/plans';
import { access } from '../../http/access';
import { notFound } from '../../http/errors';
import type { App, Deps } from '../../http/types';
import { localParts } from '../visits/school-time';
import { planHistory } from './history';
import { createSession, giveFeedback, listSessions, setAttendance } from './pd';
import { renderPlanPdf } from './pdf';
import { PD_PLANNERS, PLAN_EDITORS, PLAN_STAFF } from './plans.policy';
import { planOfSchool } from './plans.repo';
import * as plans from './plans.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The annual work plan, its check-ins and history, its PDF, and professional learning sessions. */
export async function planRoutes(app: App, { db }: Deps): Promise<void> {
  const readers = access.school(...ALL_ROLES);
  const editors = access.school(...PLAN_EDITORS);
  const staff = access.school(...PLAN_STAFF);
  const tags = ['plans'];

  app.get('/api/schools/:schoolId/plans', {
    config: { access: readers },
    schema: { tags, summary: "The school's work plans, newest school year first", params: SchoolParams, response: { 200: z.array(PlanSummary), ...errors } },
    handler: async (request) => plans.listPlans(db, request.school!),
  });
  app.post('/api/schools/:schoolId/plans', {
    config: { access: editors },
    schema: { tags, summary: 'Start the work plan of a school year', params: SchoolParams, body: PlanCreate, response: { 201: PlanDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await plans.createPlan(db, request.user!, request.school!, request.body)),
  });
  app.get('/api/schools/:schoolId/plans/:planId', {
    config: { access: readers },
    schema: { tags, summary: 'The whole plan: goals, strategies, actions with evidence, check-ins', params: PlanParams, response: { 200: PlanDetail, ...errors } },
    handler: async (request) => plans.planDetail(db, request.school!, request.params.planId),
  });
  app.patch('/api/schools/:schoolId/plans/:planId', {
    config: { access: editors },
    schema: { tags, summary: "Change the plan's title or check-in cadence", params: PlanParams, body: PlanUpdate, response: { 200: PlanDetail, ...errors } },
    handler: async (request) => plans.updatePlan(db, request.user!, request.school!, request.params.planId, request.body),
  });
  app.get('/api/schools/:schoolId/plans/:planId/pdf', {
    config: { access: readers },
    schema: { tags, summary: 'The plan on one page as PDF, for the school board', params: PlanParams, response: { 200: z.any(), ...errors } },
    handler: async (request, reply) => {
      const plan = await plans.planDetail(db, request.school!, request.params.planId);
      const today = localParts(new Date(), request.school!.timezone).date;
      const pdf = await renderPlanPdf(plan, today);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="work-plan-${plan.schoolYear}.pdf"`).send(pdf);
    },
  });
  app.get('/api/schools/:schoolId/plans/:planId/history', {
    config: { access: readers },
    schema: { tags, summary: 'Who changed what in the plan, and when (newest first)', params: PlanParams, response: { 200: z.array(PlanChange), ...errors } },
    handler: async (request) => {
      if (!(await planOfSchool(db, request.school!.id, request.params.planId))) throw notFound('That plan');
      return planHistory(db, request.params.planId);
    },
  });
  app.post('/api/schools/:schoolId/plans/:planId/goals', {
    config: { access: editors },
    schema: { tags, summary: 'Add a goal, optionally serving a vision goal', params: PlanParams, body: PlanGoalCreate, response: { 201: PlanDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await plans.addGoal(db, request.user!, request.school!, request.params.planId, request.body)),
  });
  app.patch('/api/schools/:schoolId/plan-goals/:planGoalId', {
    config: { access: editors },
    schema: { tags, summary: 'Change a goal', params: PlanGoalParams, body: PlanGoalUpdate, response: { 200: PlanDetail, ...errors } },
    handler: async (request) => plans.updateGoal(db, request.user!, request.school!, request.params.planGoalId, request.body),
  });
  app.delete('/api/schools/:schoolId/plan-goals/:planGoalId', {
    config: { access: editors },
    schema: { tags, summary: 'Remove a goal with its strategies and actions', params: PlanGoalParams, response: { 200: PlanDetail, ...errors } },
    handler: async (request) => plans.deleteGoal(db, request.user!, request.school!, request.params.planGoalId),
  });
  app.post('/api/schools/:schoolId/plan-goals/:planGoalId/strategies', {
    config: { access: editors },
    schema: { tags, summary: 'Add a strategy to a goal', params: PlanGoalParams, body: StrategyCreate, response: { 201: PlanDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await plans.addStrategy(db, request.user!, request.school!, request.params.planGoalId, request.body)),
  });
  app.patch('/api/schools/:schoolId/plan-strategies/:strategyId', {
    config: { access: editors },
    schema: { tags, summary: 'Change a strategy', params: StrategyParams, body: StrategyUpdate, response: { 200: PlanDetail, ...errors } },
    handler: async (request) => plans.updateStrategy(db, request.user!, request.school!, request.params.strategyId, request.body),
  });
  app.delete('/api/schools/:schoolId/plan-strategies/:strategyId', {
    config: { access: editors },
    schema: { tags, summary: 'Remove a strategy with its actions', params: StrategyParams, response: { 200: PlanDetail, ...errors } },
    handler: async (request) => plans.deleteStrategy(db, request.user!, request.school!, request.params.strategyId),
  });
  app.post('/api/schools/:schoolId/plan-strategies/:strategyId/actions', {
    config: { access: editors },
    schema: { tags, summary: 'Add an action step with its owner and dates', params: StrategyParams, body: ActionCreate, response: { 201: PlanDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await plans.addAction(db, request.user!, request.school!, request.params.strategyId, request.body)),
  });
  app.patch('/api/schools/:schoolId/plan-actions/:actionId', {
    config: { access: staff },
    schema: { tags, summary: 'Change an action (leaders: any field; its owner: the status)', params: ActionParams, body: ActionUpdate, response: { 200: PlanDetail, ...errors } },
    handler: async (request) => plans.updateAction(db, request.user!, request.school!, request.params.actionId, request.body),
  });
  app.delete('/api/schools/:schoolId/plan-actions/:actionId', {
    config: { access: editors },
    schema: { tags, summary: 'Remove an action', params: ActionParams, response: { 200: PlanDetail, ...errors } },
    handler: async (request) => plans.deleteAction(db, request.user!, request.school!, request.params.actionId),
  });
  app.post('/api/schools/:schoolId/plan-actions/:actionId/evidence', {
    config: { access: staff },
    schema: { tags, summary: 'Add evidence of progress to an action (its owner, leaders)', params: ActionParams, body: EvidenceCreate, response: { 201: PlanDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await plans.addEvidence(db, request.user!, request.school!, request.params.actionId, request.body, request.headers.host)),
  });
  app.post('/api/schools/:schoolId/plans/:planId/checkins', {
    config: { access: editors },
    schema: { tags, summary: 'Record a progress-monitoring check-in', params: PlanParams, body: CheckinCreate, response: { 201: PlanDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await plans.addCheckin(db, request.user!, request.school!, request.params.planId, request.body)),
  });

  app.post('/api/schools/:schoolId/data-conversations/:conversationId/plan-action', {
    config: { access: editors },
    schema: { tags, summary: "Make a data conversation's next step an action of the work plan", params: ConversationParams, body: ActionFromConversation, response: { 201: PlanDetail, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await plans.actionFromConversation(db, request.user!, request.school!, request.params.conversationId, request.body)),
  });

  app.get('/api/schools/:schoolId/pd-sessions', {
    config: { access: readers },
    schema: { tags, summary: 'Professional learning sessions, newest first, with attendance and feedback', params: SchoolParams, response: { 200: z.array(PdSession), ...errors } },
    handler: async (request) => listSessions(db, request.user!, request.school!),
  });
  app.post('/api/schools/:schoolId/pd-sessions', {
    config: { access: access.school(...PD_PLANNERS) },
    schema: { tags, summary: 'Add a session: facilitator (any staff), goals it serves, attendance', params: SchoolParams, body: PdSessionCreate, response: { 201: PdSession, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await createSession(db, request.user!, request.school!, request.body)),
  });
  app.put('/api/schools/:schoolId/pd-sessions/:pdSessionId/attendance', {
    config: { access: staff },
    schema: { tags, summary: 'Replace who attended (the facilitator, coaches, leaders)', params: PdSessionParams, body: PdAttendance, response: { 200: PdSession, ...errors } },
    handler: async (request) => setAttendance(db, request.user!, request.school!, request.params.pdSessionId, request.body),
  });
  app.put('/api/schools/:schoolId/pd-sessions/:pdSessionId/feedback', {
    config: { access: staff },
    schema: { tags, summary: 'Leave or replace my rating (1-4) and comment on a session I attended', params: PdSessionParams, body: PdFeedbackInput, response: { 200: PdSession, ...errors } },
    handler: async (request) => giveFeedback(db, request.user!, request.school!, request.params.pdSessionId, request.body),
  });
}
