import { z } from 'zod';
import { ALL_ROLES, ErrorBody, SchoolParams } from '../../../schemas/common';
import {
  Decision,
  DecisionCreate,
  DecisionEffect,
  DecisionModelEntry,
  DecisionModelUpdate,
  DecisionParams,
  DistrictInsights,
  DistrictInsightsQuery,
  ExportFormat,
  InsightView,
  InsightViewCreate,
  InsightViewParams,
  SchoolInsights,
  SchoolInsightsQuery,
} from '../../../schemas/insights';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { VISITING_ROLES } from '../visits/visits.policy';
import { decisionModel, deleteView, listDecisions, listViews, recordDecision, recordEffect, saveView, setDecisionModel } from './decisions';
import { districtInsights } from './district';
import { insightCsv, renderInsightXlsx } from './export';
import { schoolInsights } from './insights.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** School and district patterns from visits, saved views, and the decision log. */
export async function insightsRoutes(app: App, { db }: Deps): Promise<void> {
  app.get('/api/insights/school', {
    config: { access: access.schoolInQuery(...VISITING_ROLES) },
    schema: { tags: ['insights'], summary: "A school's look-for patterns: by week, broken down, changes, coverage equity", querystring: SchoolInsightsQuery, response: { 200: SchoolInsights, ...errors } },
    handler: async (request) => schoolInsights(db, request.school!, request.query, new Date()),
  });

  app.get('/api/insights/school/export', {
    config: { access: access.schoolInQuery(...VISITING_ROLES) },
    schema: { tags: ['insights'], summary: "The insight's table as CSV or XLSX", querystring: SchoolInsightsQuery.extend(ExportFormat.shape), response: { 200: z.any(), ...errors } },
    handler: async (request, reply) => {
      const insights = await schoolInsights(db, request.school!, request.query, new Date());
      const name = `rounds-insights-${insights.range.from}-to-${insights.range.to}`;
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(insightCsv(insights));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await renderInsightXlsx(insights, request.school!.name));
    },
  });

  app.get('/api/insights/district', {
    config: { access: access.district('district_admin', 'district_leader') },
    schema: { tags: ['insights'], summary: 'Look-for shares per school of the district (counts and rates only; small groups suppressed)', querystring: DistrictInsightsQuery, response: { 200: DistrictInsights, ...errors } },
    handler: async (request) => districtInsights(db, request.user!, request.query, new Date()),
  });

  app.get('/api/schools/:schoolId/insight-views', {
    config: { access: access.school(...VISITING_ROLES) },
    schema: { tags: ['insights'], summary: "The school's saved insight views", params: SchoolParams, response: { 200: z.array(InsightView), ...errors } },
    handler: async (request) => listViews(db, request.school!),
  });
  app.post('/api/schools/:schoolId/insight-views', {
    config: { access: access.school(...VISITING_ROLES) },
    schema: { tags: ['insights'], summary: 'Save an insight view (filters and breakdown) under a name', params: SchoolParams, body: InsightViewCreate, response: { 201: InsightView, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await saveView(db, request.user!, request.school!, request.body)),
  });
  app.delete('/api/schools/:schoolId/insight-views/:viewId', {
    config: { access: access.school(...VISITING_ROLES) },
    schema: { tags: ['insights'], summary: 'Delete a saved view (not one a decision cites)', params: InsightViewParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await deleteView(db, request.school!, request.params.viewId);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/schools/:schoolId/decisions', {
    config: { access: access.school(...ALL_ROLES) },
    schema: { tags: ['insights'], summary: "The school's decision log (visible to staff)", params: SchoolParams, response: { 200: z.array(Decision), ...errors } },
    handler: async (request) => listDecisions(db, request.user!, request.school!),
  });
  app.post('/api/schools/:schoolId/decisions', {
    config: { access: access.school(...VISITING_ROLES) },
    schema: { tags: ['insights'], summary: 'Record a decision with who decided, how, and the evidence', params: SchoolParams, body: DecisionCreate, response: { 201: Decision, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await recordDecision(db, request.user!, request.school!, request.body)),
  });
  app.patch('/api/schools/:schoolId/decisions/:decisionId', {
    config: { access: access.school(...VISITING_ROLES) },
    schema: { tags: ['insights'], summary: 'Record the effect a decision had', params: DecisionParams, body: DecisionEffect, response: { 200: Decision, ...errors } },
    handler: async (request) => recordEffect(db, request.user!, request.school!, request.params.decisionId, request.body),
  });
  app.get('/api/schools/:schoolId/decision-model', {
    config: { access: access.school(...ALL_ROLES) },
    schema: { tags: ['insights'], summary: 'How the school makes each kind of decision (visible to staff)', params: SchoolParams, response: { 200: z.array(DecisionModelEntry), ...errors } },
    handler: async (request) => decisionModel(db, request.school!),
  });
  app.put('/api/schools/:schoolId/decision-model', {
    config: { access: access.school('principal') },
    schema: { tags: ['insights'], summary: 'State how each listed kind of decision is made (the principal)', params: SchoolParams, body: DecisionModelUpdate, response: { 200: z.array(DecisionModelEntry), ...errors } },
    handler: async (request) => setDecisionModel(db, request.user!, request.school!, request.body),
  });
}
