import { z } from 'zod';
import {
  Analysis,
  AnalysisQuery,
  Assessment,
  AssessmentCreate,
  AssessmentListQuery,
  AssessmentParams,
  AssessmentSettings,
  DataConversation,
  DataConversationCreate,
  ImportQuery,
  ResultGrid,
  ResultsSaved,
  ResultsUpdate,
  StudentParams,
  StudentResults,
} from '../../../schemas/assessments';
import { ALL_ROLES, ErrorBody, SchoolParams } from '../../../schemas/common';
import { access } from '../../http/access';
import { acceptCsvUpload } from '../../http/csv-upload';
import { AppError } from '../../http/errors';
import type { App, Deps } from '../../http/types';
import { analysis, analysisCsv } from './analysis';
import { ASSESSMENT_STAFF } from './assessments.policy';
import { minimumGroupSize } from './assessments.repo';
import { createAssessment, deleteAssessment, getAssessment, listAssessments, recordResults, resultGrid, studentScores } from './assessments.service';
import { listDataConversations, recordDataConversation, setMinimumGroupSize } from './data-conversations';
import { importResults, MAX_RESULT_ROWS } from './import';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
/** The largest CSV of results accepted. */
const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** Formative assessments: classes' results per student (audited), aggregate analysis with suppression, data conversations. */
export async function assessmentRoutes(app: App, { db }: Deps): Promise<void> {
  const staff = access.school(...ASSESSMENT_STAFF);

  app.get('/api/schools/:schoolId/assessment-settings', {
    config: { access: access.school(...ALL_ROLES) },
    schema: { tags: ['assessments'], summary: 'The minimum group size under which analysis groups are suppressed', params: SchoolParams, response: { 200: AssessmentSettings, ...errors } },
    handler: async (request) => ({ minimumGroupSize: await minimumGroupSize(db, request.school!.id) }),
  });
  app.put('/api/schools/:schoolId/assessment-settings', {
    config: { access: access.school('principal') },
    schema: { tags: ['assessments'], summary: 'Set the minimum group size (5-50)', params: SchoolParams, body: AssessmentSettings, response: { 200: AssessmentSettings, ...errors } },
    handler: async (request) => setMinimumGroupSize(db, request.school!, request.body.minimumGroupSize),
  });

  app.get('/api/schools/:schoolId/assessments', {
    config: { access: staff },
    schema: { tags: ['assessments'], summary: 'Assessments the caller may see (a teacher: of classes they teach), newest first', params: SchoolParams, querystring: AssessmentListQuery, response: { 200: z.array(Assessment), ...errors } },
    handler: async (request) => listAssessments(db, request.user!, request.school!, request.query),
  });
  app.post('/api/schools/:schoolId/assessments', {
    config: { access: staff },
    schema: { tags: ['assessments'], summary: 'Create an assessment for classes of the school (a teacher: classes they teach)', params: SchoolParams, body: AssessmentCreate, response: { 201: Assessment, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await createAssessment(db, request.user!, request.school!, request.body)),
  });
  app.get('/api/schools/:schoolId/assessments/:assessmentId', {
    config: { access: staff },
    schema: { tags: ['assessments'], summary: 'One assessment (no student data)', params: AssessmentParams, response: { 200: Assessment, ...errors } },
    handler: async (request) => getAssessment(db, request.user!, request.school!, request.params.assessmentId),
  });
  app.delete('/api/schools/:schoolId/assessments/:assessmentId', {
    config: { access: staff },
    schema: { tags: ['assessments'], summary: 'Delete an assessment and its results (its creator, principal, assistant principal)', params: AssessmentParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await deleteAssessment(db, request.user!, request.school!, request.params.assessmentId, request.ip);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/schools/:schoolId/assessments/:assessmentId/results', {
    config: { access: staff },
    schema: { tags: ['assessments'], summary: 'The results grid: students of the assessed classes the caller teaches or leads, with scores (audited)', params: AssessmentParams, response: { 200: ResultGrid, ...errors } },
    handler: async (request) => resultGrid(db, request.user!, request.school!, request.params.assessmentId, request.ip),
  });
  app.put('/api/schools/:schoolId/assessments/:assessmentId/results', {
    config: { access: staff },
    schema: {
      tags: ['assessments'],
      summary: 'Record results in bulk (upsert; score null removes). All rows or none: errors at body.results.N.score / body.results.N.studentId',
      params: AssessmentParams,
      body: ResultsUpdate,
      response: { 200: ResultsSaved, ...errors },
    },
    handler: async (request) =>
      recordResults(
        db,
        request.user!,
        request.school!,
        request.params.assessmentId,
        request.body.results.map((r, i) => ({ ...r, studentPath: `body.results.${i}.studentId`, scorePath: `body.results.${i}.score` })),
        request.ip,
      ),
  });

  // The CSV body parser (and its 413 naming the limit) lives in this scope only.
  await app.register(async (scope: App) => {
    acceptCsvUpload(scope, MAX_CSV_BYTES);
    scope.post('/api/schools/:schoolId/assessments/:assessmentId/results/import', {
      config: { access: staff },
      bodyLimit: MAX_CSV_BYTES,
      schema: {
        tags: ['assessments'],
        summary: 'Import results from CSV (Content-Type: text/csv; columns: sourcedId or studentId, and score)',
        description: `All rows or none. A file with any problem answers 400 with every problem as \`file:line:column\` (header = line 1). A file over ${MAX_CSV_BYTES / 1024 / 1024} MB or ${MAX_RESULT_ROWS.toLocaleString('en-US')} student lines answers 413.`,
        consumes: ['text/csv'],
        params: AssessmentParams,
        querystring: ImportQuery,
        response: { 200: ResultsSaved, 413: ErrorBody, ...errors },
      },
      handler: async (request) => {
        if (typeof request.body !== 'string') throw new AppError('validation_failed', 'Send the CSV file as the request body with Content-Type: text/csv.');
        const file = (request.query.filename ?? 'results.csv').replace(/[\r\n:]/g, '_');
        return importResults(db, request.user!, request.school!, request.params.assessmentId, request.body, file, request.ip);
      },
    });
  });

  app.get('/api/schools/:schoolId/students/:studentId/assessment-results', {
    config: { access: staff },
    schema: { tags: ['assessments'], summary: "One student's scores (their teachers of assessed classes and school leaders; audited)", params: StudentParams, response: { 200: StudentResults, ...errors } },
    handler: async (request) => studentScores(db, request.user!, request.school!, request.params.studentId, request.ip),
  });

  app.get('/api/schools/:schoolId/assessments/:assessmentId/conversations', {
    config: { access: staff },
    schema: { tags: ['assessments'], summary: 'Data conversations held about an assessment', params: AssessmentParams, response: { 200: z.array(DataConversation), ...errors } },
    handler: async (request) => listDataConversations(db, request.user!, request.school!, request.params.assessmentId),
  });
  app.post('/api/schools/:schoolId/assessments/:assessmentId/conversations', {
    config: { access: staff },
    schema: { tags: ['assessments'], summary: 'Record a data conversation: notice, wonder, try, next step', params: AssessmentParams, body: DataConversationCreate, response: { 201: DataConversation, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await recordDataConversation(db, request.user!, request.school!, request.params.assessmentId, request.body)),
  });

  app.get('/api/schools/:schoolId/assessment-analysis', {
    config: { access: access.school(...ALL_ROLES) },
    schema: { tags: ['assessments'], summary: 'Proficiency by standard, class, grade, date and subgroup (aggregates only; small groups suppressed)', params: SchoolParams, querystring: AnalysisQuery, response: { 200: Analysis, ...errors } },
    handler: async (request) => analysis(db, request.user!, request.school!, request.query, new Date()),
  });
  app.get('/api/schools/:schoolId/assessment-analysis/export', {
    config: { access: access.school(...ALL_ROLES) },
    schema: { tags: ['assessments'], summary: 'The analysis as CSV (suppressed groups carry no numbers)', params: SchoolParams, querystring: AnalysisQuery, response: { 200: z.any(), ...errors } },
    handler: async (request, reply) => {
      const a = await analysis(db, request.user!, request.school!, request.query, new Date());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rounds-assessment-analysis-${a.range.from}-to-${a.range.to}.csv"`)
        .send(analysisCsv(a, request.school!.name));
    },
  });
}
