import { z } from 'zod';
import { ErrorBody, SchoolParams } from '../../../schemas/common';
import {
  Agreement,
  AgreementInput,
  AgreementParams,
  AgreementPractice,
  AgreementUpdate,
  PracticeQuery,
  Pulse,
  PulseCreate,
  PulseParams,
  PulseResponseInput,
  PulseResults,
  SelfAssessmentInput,
  SelfAssessmentOverview,
  SelfAssessmentParams,
} from '../../../schemas/culture';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { agreementPractice, createAgreement, deleteAgreement, listAgreements, updateAgreement } from './agreements';
import { AGREEMENT_EDITORS, CULTURE_READERS, ILT_ROLES, PULSE_OWNERS, PULSE_RESPONDERS } from './culture.policy';
import { closePulse, listPulses, openPulse, pulseCsv, pulseResults, pulseTitle, respond } from './pulse';
import { createSelfAssessment, deleteSelfAssessment, selfAssessmentOverview, updateSelfAssessment } from './self-assessment';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const fileName = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'pulse';

/** Schoolwide agreements and how consistently they are practised, the core-practice self-assessment, the staff pulse. */
export async function cultureRoutes(app: App, { db }: Deps): Promise<void> {
  const readers = access.school(...CULTURE_READERS);
  const s = '/api/schools/:schoolId';

  app.get(`${s}/agreements`, {
    config: { access: readers },
    schema: { tags: ['culture'], summary: "The school's agreements (schoolwide consistencies)", params: SchoolParams, response: { 200: z.array(Agreement), ...errors } },
    handler: async (request) => listAgreements(db, request.school!),
  });
  app.post(`${s}/agreements`, {
    config: { access: access.school(...AGREEMENT_EDITORS) },
    schema: { tags: ['culture'], summary: 'Record an agreement, optionally linked to a look-for', params: SchoolParams, body: AgreementInput, response: { 201: Agreement, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await createAgreement(db, request.user!, request.school!, request.body)),
  });
  app.patch(`${s}/agreements/:agreementId`, {
    config: { access: access.school(...AGREEMENT_EDITORS) },
    schema: { tags: ['culture'], summary: 'Change an agreement', params: AgreementParams, body: AgreementUpdate, response: { 200: Agreement, ...errors } },
    handler: async (request) => updateAgreement(db, request.school!, request.params.agreementId, request.body),
  });
  app.delete(`${s}/agreements/:agreementId`, {
    config: { access: access.school(...AGREEMENT_EDITORS) },
    schema: { tags: ['culture'], summary: 'Remove an agreement', params: AgreementParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await deleteAgreement(db, request.school!, request.params.agreementId);
      return reply.code(204).send(null);
    },
  });
  app.get(`${s}/agreements/practice`, {
    config: { access: readers },
    schema: {
      tags: ['culture'],
      summary: 'Per linked agreement, the share of the school’s visits per week tagged with its look-for (a school pattern: no teacher)',
      params: SchoolParams,
      querystring: PracticeQuery,
      response: { 200: AgreementPractice, ...errors },
    },
    handler: async (request) => agreementPractice(db, request.school!, request.query.weeks, new Date()),
  });

  app.get(`${s}/self-assessments`, {
    config: { access: readers },
    schema: { tags: ['culture'], summary: 'The core-practice self-assessments: periods, each practice’s trend, goal suggestions', params: SchoolParams, response: { 200: SelfAssessmentOverview, ...errors } },
    handler: async (request) => selfAssessmentOverview(db, request.school!),
  });
  app.post(`${s}/self-assessments`, {
    config: { access: access.school(...ILT_ROLES) },
    schema: { tags: ['culture'], summary: 'Rate every core practice for a period (the ILT)', params: SchoolParams, body: SelfAssessmentInput, response: { 201: SelfAssessmentOverview, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await createSelfAssessment(db, request.user!, request.school!, request.body)),
  });
  app.put(`${s}/self-assessments/:periodId`, {
    config: { access: access.school(...ILT_ROLES) },
    schema: { tags: ['culture'], summary: 'Replace one period’s ratings (the ILT)', params: SelfAssessmentParams, body: SelfAssessmentInput, response: { 200: SelfAssessmentOverview, ...errors } },
    handler: async (request) => updateSelfAssessment(db, request.user!, request.school!, request.params.periodId, request.body),
  });
  app.delete(`${s}/self-assessments/:periodId`, {
    config: { access: access.school(...ILT_ROLES) },
    schema: { tags: ['culture'], summary: 'Remove one period’s self-assessment (the ILT)', params: SelfAssessmentParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await deleteSelfAssessment(db, request.school!, request.params.periodId);
      return reply.code(204).send(null);
    },
  });

  app.get(`${s}/pulses`, {
    config: { access: readers },
    schema: { tags: ['culture'], summary: 'The staff pulses, newest first, with response counts and whether the caller has responded', params: SchoolParams, response: { 200: z.array(Pulse), ...errors } },
    handler: async (request) => listPulses(db, request.user!, request.school!),
  });
  app.post(`${s}/pulses`, {
    config: { access: access.school(...PULSE_OWNERS) },
    schema: { tags: ['culture'], summary: 'Open a staff pulse today', params: SchoolParams, body: PulseCreate, response: { 201: Pulse, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await openPulse(db, request.user!, request.school!, request.body, new Date(), request.ip)),
  });
  app.post(`${s}/pulses/:pulseId/close`, {
    config: { access: access.school(...PULSE_OWNERS) },
    schema: { tags: ['culture'], summary: 'Close a staff pulse', params: PulseParams, response: { 200: Pulse, ...errors } },
    handler: async (request) => closePulse(db, request.user!, request.school!, request.params.pulseId, new Date(), request.ip),
  });
  app.post(`${s}/pulses/:pulseId/responses`, {
    config: { access: access.school(...PULSE_RESPONDERS) },
    schema: { tags: ['culture'], summary: 'Respond to an open pulse, once (the response is stored without any person)', params: PulseParams, body: PulseResponseInput, response: { 201: Pulse, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await respond(db, request.user!, request.school!, request.params.pulseId, request.body)),
  });
  app.get(`${s}/pulses/:pulseId/results`, {
    config: { access: readers },
    schema: { tags: ['culture'], summary: 'Pulse results: numbers only once closed with at least 5 responses, else the count only', params: PulseParams, response: { 200: PulseResults, ...errors } },
    handler: async (request) => pulseResults(db, request.school!, request.params.pulseId),
  });
  app.get(`${s}/pulses/:pulseId/results/export`, {
    config: { access: readers },
    schema: { tags: ['culture'], summary: 'The pulse results as CSV (the same threshold: below it, the count only)', params: PulseParams, response: { 200: z.any(), ...errors } },
    handler: async (request, reply) => {
      const title = await pulseTitle(db, request.school!, request.params.pulseId);
      const results = await pulseResults(db, request.school!, request.params.pulseId);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="staff-pulse-${fileName(title)}.csv"`).send(pulseCsv(results, title));
    },
  });
}
