import { z } from 'zod';
import { ALL_ROLES, ErrorBody, SchoolParams, SchoolQuery } from '../../../schemas/common';
import {
  ConversationBody,
  ExportQuery,
  FollowThrough,
  FollowThroughQuery,
  FollowUpItem,
  FollowUpQuery,
  GuidingQuestion,
  GuidingQuestionCreate,
  GuidingQuestionParams,
  ItemParams,
  Notification,
  NotificationsRead,
  OutboxEmail,
  ReflectionBody,
  ShareBody,
  Strength,
  StrengthCreate,
  TeacherEvidence,
  TeacherEvidenceCreate,
} from '../../../schemas/sharing';
import { Visit, VisitParams } from '../../../schemas/visits';
import { access } from '../../http/access';
import { ownOrigin } from '../../http/csrf';
import type { App, Deps } from '../../http/types';
import { VISITING_ROLES } from '../visits/visits.policy';
import { followUps, myVisits, recordConversation, reflect, shareVisit } from './conversations.service';
import { exportCsv, exportPdf } from './export';
import { followThrough } from './follow-through';
import * as mine from './my-classroom';
import { addQuestion, deleteQuestion, listQuestions } from './questions';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const done = z.null();

/** The teacher's side of a visit: sharing, reflection, conversations, "My classroom", follow-up and follow-through. */
export async function conversationRoutes(app: App, { db, config }: Deps): Promise<void> {
  app.post('/api/visits/:visitId/share', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: "Share a visit's evidence (never its private note) with the teacher", params: VisitParams, body: ShareBody, response: { 200: Visit, 409: ErrorBody, ...errors } },
    handler: async (request) =>
      shareVisit(db, request.user!, request.params.visitId, request.body.guidingQuestion, { origin: ownOrigin(request, config.publicUrl), smtpConfigured: Boolean(config.smtpUrl) }),
  });

  app.put('/api/visits/:visitId/reflection', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'The teacher reflects on a visit shared with them and may choose a next step', params: VisitParams, body: ReflectionBody, response: { 200: Visit, ...errors } },
    handler: async (request) => reflect(db, request.user!, request.params.visitId, request.body),
  });

  app.post('/api/visits/:visitId/conversations', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'Record a follow-up conversation about a shared visit', params: VisitParams, body: ConversationBody, response: { 201: Visit, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await recordConversation(db, request.user!, request.params.visitId, request.body)),
  });

  app.get('/api/my/visits', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'My classroom: every visit shared with me, newest first', querystring: SchoolQuery.partial(), response: { 200: z.array(Visit), ...errors } },
    handler: async (request) => myVisits(db, request.user!, request.query.schoolId),
  });

  app.get('/api/my/export', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'Download everything recorded about my classroom that I may see (CSV or PDF)', querystring: ExportQuery, response: { 200: z.any(), ...errors } },
    handler: async (request, reply) => {
      const day = new Date().toISOString().slice(0, 10);
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="rounds-my-classroom-${day}.csv"`).send(await exportCsv(db, request.user!));
      }
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="rounds-my-classroom-${day}.pdf"`).send(await exportPdf(db, request.user!));
    },
  });

  app.get('/api/my/evidence', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'Evidence I added about my own classroom', response: { 200: z.array(TeacherEvidence), 401: ErrorBody } },
    handler: async (request) => mine.listEvidence(db, request.user!),
  });
  app.post('/api/my/evidence', {
    config: { access: access.schoolInBody('teacher') },
    schema: { tags: ['conversations'], summary: 'Add evidence of my own (e.g. a lesson artefact)', body: TeacherEvidenceCreate, response: { 201: TeacherEvidence, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await mine.addEvidence(db, request.user!, request.school!.id, request.body)),
  });
  app.delete('/api/my/evidence/:itemId', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'Delete evidence I added', params: ItemParams, response: { 204: done, ...errors } },
    handler: async (request, reply) => {
      await mine.deleteEvidence(db, request.user!, request.params.itemId);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/my/strengths', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'Strengths I am glad to share with colleagues', response: { 200: z.array(Strength), 401: ErrorBody } },
    handler: async (request) => mine.listStrengths(db, request.user!),
  });
  app.post('/api/my/strengths', {
    config: { access: access.schoolInBody(...ALL_ROLES) },
    schema: { tags: ['conversations'], summary: 'Name a strength I am glad to share', body: StrengthCreate, response: { 201: Strength, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await mine.addStrength(db, request.user!, request.school!.id, request.body.body)),
  });
  app.delete('/api/my/strengths/:itemId', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'Remove a strength', params: ItemParams, response: { 204: done, ...errors } },
    handler: async (request, reply) => {
      await mine.deleteStrength(db, request.user!, request.params.itemId);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/follow-up', {
    config: { access: access.schoolInQuery(...VISITING_ROLES) },
    schema: { tags: ['conversations'], summary: 'My shared visits still waiting for a conversation', querystring: FollowUpQuery, response: { 200: z.array(FollowUpItem), ...errors } },
    handler: async (request) => followUps(db, request.user!, request.school!.id, request.query.at ? new Date(request.query.at) : new Date()),
  });

  app.get('/api/follow-through', {
    config: { access: access.schoolInQuery(...VISITING_ROLES, 'district_leader', 'district_admin') },
    schema: { tags: ['conversations'], summary: "Leaders' share rate, reflection rate and median days to a conversation", querystring: FollowThroughQuery, response: { 200: FollowThrough, ...errors } },
    handler: async (request) => followThrough(db, request.school!.id, request.query),
  });

  app.get('/api/schools/:schoolId/guiding-questions', {
    config: { access: access.school(...ALL_ROLES) },
    schema: { tags: ['conversations'], summary: "The school's library of guiding questions", params: SchoolParams, response: { 200: z.array(GuidingQuestion), ...errors } },
    handler: async (request) => listQuestions(db, request.school!.id),
  });
  app.post('/api/schools/:schoolId/guiding-questions', {
    config: { access: access.school('principal', 'assistant_principal', 'coach') },
    schema: { tags: ['conversations'], summary: 'Add a guiding question', params: SchoolParams, body: GuidingQuestionCreate, response: { 201: GuidingQuestion, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await addQuestion(db, request.school!.id, request.body)),
  });
  app.delete('/api/schools/:schoolId/guiding-questions/:questionId', {
    config: { access: access.school('principal', 'assistant_principal') },
    schema: { tags: ['conversations'], summary: 'Remove a guiding question', params: GuidingQuestionParams, response: { 204: done, ...errors } },
    handler: async (request, reply) => {
      await deleteQuestion(db, request.school!.id, request.params.questionId);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/notifications', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'My latest notifications', response: { 200: z.array(Notification), 401: ErrorBody } },
    handler: async (request) => mine.listNotifications(db, request.user!),
  });
  app.post('/api/notifications/read', {
    config: { access: access.signedIn },
    schema: { tags: ['conversations'], summary: 'Mark notifications read', body: NotificationsRead, response: { 204: done, ...errors } },
    handler: async (request, reply) => {
      await mine.markRead(db, request.user!, request.body);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/admin/email-outbox', {
    config: { access: access.district('district_admin') },
    schema: { tags: ['conversations'], summary: "The district's outgoing email: held (no SMTP configured), pending, sent or failed", response: { 200: z.array(OutboxEmail), ...errors } },
    handler: async (request) => mine.listOutbox(db, request.user!),
  });
}
