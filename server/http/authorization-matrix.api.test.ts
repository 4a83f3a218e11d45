import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createDistrict, createStaff, createStudents } from '../../db/seed/builders';
import { ALL_ROLES, schoolYearStarting, type Role } from '../../schemas/common';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../test/helpers';
import type { Access } from './access';
import { leadershipFixtures } from '../modules/plans/matrix-fixtures';
import { CULTURE_PARAMS, cultureFixtures } from '../modules/culture/matrix-fixtures';
import { builtInRubric } from '../modules/evaluation/rubrics';
import { COACHING_PARAMS, coachingFixtures } from '../modules/coaching/matrix-fixtures';

/**
 * The reviewed classification of every API route. A route that is not listed here fails this suite:
 * adding a route means deciding, here, who may call it.
 */
const VISITORS: Role[] = ['principal', 'assistant_principal', 'coach'];
/** School staff who work with assessments (student-level results: never district roles). */
const STAFF: Role[] = ['principal', 'assistant_principal', 'coach', 'teacher'];
const EXPECTED: Record<string, Access> = {
  // Formal evaluation: cycle routes let every role through the gate; the policy answers 404 to all but three people.
  'GET /api/schools/:schoolId/evaluation/rubrics': { kind: 'school', roles: ['principal', 'assistant_principal', 'district_admin'] },
  'POST /api/schools/:schoolId/evaluation/rubrics': { kind: 'school', roles: ['principal', 'district_admin'] },
  'GET /api/schools/:schoolId/evaluation/cycles': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'POST /api/schools/:schoolId/evaluation/cycles': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/evaluation/cycles/:cycleId': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/observations': { kind: 'school', roles: ALL_ROLES },
  'PATCH /api/schools/:schoolId/evaluation/cycles/:cycleId/steps/:stepId': { kind: 'school', roles: ALL_ROLES },
  'PUT /api/schools/:schoolId/evaluation/cycles/:cycleId/ratings': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/evaluation/cycles/:cycleId/eligible-visits': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/citations': { kind: 'school', roles: ALL_ROLES },
  'DELETE /api/schools/:schoolId/evaluation/cycles/:cycleId/citations/:citationId': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/sign': { kind: 'school', roles: ALL_ROLES },
  'GET /api/my/evaluations': { kind: 'signedIn' },
  'GET /api/health': { kind: 'public', service: true },
  'GET /api/openapi.json': { kind: 'public' },
  'POST /api/auth/login': { kind: 'public', service: true },
  'POST /api/auth/logout': { kind: 'public', service: true },
  'GET /api/me': { kind: 'signedIn' },
  'POST /api/me/password': { kind: 'signedIn' },
  'GET /api/auth/state': { kind: 'public', service: true },
  'POST /api/auth/two-step': { kind: 'public', service: true },
  'POST /api/auth/two-step/enrolment': { kind: 'public', service: true },
  'POST /api/auth/two-step/enrolment/confirm': { kind: 'public', service: true },
  'POST /api/me/two-step/disable': { kind: 'signedIn' },
  'GET /api/auth/sso/providers': { kind: 'public', service: true },
  'GET /api/auth/sso/:districtId/start': { kind: 'public', service: true },
  'GET /api/auth/sso/callback': { kind: 'public', service: true },
  'GET /api/admin/people/:personId/two-step': { kind: 'district', roles: ['district_admin'] },
  'POST /api/admin/people/:personId/two-step/reset': { kind: 'district', roles: ['district_admin'] },
  'GET /api/admin/sso': { kind: 'district', roles: ['district_admin'] },
  'PUT /api/admin/sso': { kind: 'district', roles: ['district_admin'] },
  'GET /api/schools/:schoolId': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/staff': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/classes': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/classes/:classId': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/teachers/:teacherId/schedule': { kind: 'school', roles: ALL_ROLES },
  'POST /api/visits': { kind: 'school', roles: VISITORS, from: 'body' },
  'GET /api/visits': { kind: 'school', roles: VISITORS, from: 'query' },
  'GET /api/visits/:visitId': { kind: 'signedIn' },
  'PUT /api/visits/:visitId': { kind: 'signedIn' },
  'PUT /api/visits/:visitId/photos/:photoId': { kind: 'signedIn' },
  'GET /api/visits/:visitId/photos/:photoId': { kind: 'signedIn' },
  'GET /api/planner': { kind: 'school', roles: VISITORS, from: 'query' },
  'GET /api/coverage': { kind: 'school', roles: VISITORS, from: 'query' },
  'GET /api/district/coverage': { kind: 'district', roles: ['district_admin', 'district_leader'] },
  'GET /api/schools/:schoolId/look-fors': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/look-fors': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'PATCH /api/schools/:schoolId/look-fors/:lookForId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/visit-settings': { kind: 'school', roles: ALL_ROLES },
  'PUT /api/schools/:schoolId/visit-settings': { kind: 'school', roles: ['principal'] },
  'GET /api/me/visit-goal': { kind: 'signedIn' },
  'PUT /api/me/visit-goal': { kind: 'signedIn' },
  'GET /api/habit': { kind: 'school', roles: VISITORS, from: 'query' },
  'POST /api/habit/challenge': { kind: 'school', roles: VISITORS, from: 'body' },
  'PUT /api/habit/challenge/steps/:day': { kind: 'signedIn' },
  'DELETE /api/habit/challenge': { kind: 'signedIn' },
  'GET /api/calendar/blocks': { kind: 'signedIn' },
  'PUT /api/calendar/blocks': { kind: 'school', roles: VISITORS, from: 'body' },
  'POST /api/calendar/feed': { kind: 'signedIn' },
  'GET /api/calendar/:token.ics': { kind: 'public', service: true },
  'GET /api/tasks': { kind: 'signedIn' },
  'POST /api/tasks': { kind: 'signedIn' },
  'PATCH /api/tasks/:taskId': { kind: 'signedIn' },
  'DELETE /api/tasks/:taskId': { kind: 'signedIn' },
  'POST /api/visits/:visitId/share': { kind: 'signedIn' },
  'PUT /api/visits/:visitId/reflection': { kind: 'signedIn' },
  'POST /api/visits/:visitId/conversations': { kind: 'signedIn' },
  'GET /api/my/visits': { kind: 'signedIn' },
  'GET /api/my/export': { kind: 'signedIn' },
  'GET /api/my/evidence': { kind: 'signedIn' },
  'POST /api/my/evidence': { kind: 'school', roles: ['teacher'], from: 'body' },
  'DELETE /api/my/evidence/:itemId': { kind: 'signedIn' },
  'GET /api/my/strengths': { kind: 'signedIn' },
  'POST /api/my/strengths': { kind: 'school', roles: ALL_ROLES, from: 'body' },
  'DELETE /api/my/strengths/:itemId': { kind: 'signedIn' },
  'GET /api/follow-up': { kind: 'school', roles: VISITORS, from: 'query' },
  'GET /api/follow-through': { kind: 'school', roles: [...VISITORS, 'district_leader', 'district_admin'], from: 'query' },
  'GET /api/schools/:schoolId/guiding-questions': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/guiding-questions': { kind: 'school', roles: VISITORS },
  'DELETE /api/schools/:schoolId/guiding-questions/:questionId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/notifications': { kind: 'signedIn' },
  'POST /api/notifications/read': { kind: 'signedIn' },
  'GET /api/admin/email-outbox': { kind: 'district', roles: ['district_admin'] },
  'GET /api/admin/audit': { kind: 'district', roles: ['district_admin'] },
  'GET /api/admin/audit/people': { kind: 'district', roles: ['district_admin'] },
  'GET /api/admin/privacy/inventory': { kind: 'district', roles: ['district_admin'] },
  'POST /api/admin/privacy/retention/run': { kind: 'district', roles: ['district_admin'] },
  'GET /api/admin/privacy/people/:personId': { kind: 'district', roles: ['district_admin'] },
  'GET /api/admin/privacy/people/:personId/export': { kind: 'district', roles: ['district_admin'] },
  'DELETE /api/admin/privacy/people/:personId': { kind: 'district', roles: ['district_admin'] },
  'GET /api/admin/privacy/schools/:schoolId/export': { kind: 'district', roles: ['district_admin'] },
  'PUT /api/visits/:visitId/private-note-keep': { kind: 'signedIn' },
  'GET /api/insights/school': { kind: 'school', roles: VISITORS, from: 'query' },
  'GET /api/insights/school/export': { kind: 'school', roles: VISITORS, from: 'query' },
  'GET /api/insights/district': { kind: 'district', roles: ['district_admin', 'district_leader'] },
  'GET /api/schools/:schoolId/insight-views': { kind: 'school', roles: VISITORS },
  'POST /api/schools/:schoolId/insight-views': { kind: 'school', roles: VISITORS },
  'DELETE /api/schools/:schoolId/insight-views/:viewId': { kind: 'school', roles: VISITORS },
  'GET /api/schools/:schoolId/decisions': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/decisions': { kind: 'school', roles: VISITORS },
  'PATCH /api/schools/:schoolId/decisions/:decisionId': { kind: 'school', roles: VISITORS },
  'GET /api/schools/:schoolId/decision-model': { kind: 'school', roles: ALL_ROLES },
  'PUT /api/schools/:schoolId/decision-model': { kind: 'school', roles: ['principal'] },
  // Teams: every role reads; the principal and AP form teams; leaders and the team's members record meetings.
  'GET /api/schools/:schoolId/teams': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/teams': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/teams/:teamId': { kind: 'school', roles: ALL_ROLES },
  'PATCH /api/schools/:schoolId/teams/:teamId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'POST /api/schools/:schoolId/teams/:teamId/members': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'DELETE /api/schools/:schoolId/teams/:teamId/members/:memberId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'POST /api/schools/:schoolId/teams/:teamId/meetings': { kind: 'school', roles: STAFF },
  'PATCH /api/schools/:schoolId/team-meetings/:meetingId': { kind: 'school', roles: STAFF },
  'POST /api/schools/:schoolId/team-meetings/:meetingId/action-items': { kind: 'school', roles: STAFF },
  'PATCH /api/schools/:schoolId/team-action-items/:actionItemId': { kind: 'school', roles: STAFF },
  // The annual work plan: every role reads; the principal and AP edit; an action's owner updates it.
  'GET /api/schools/:schoolId/plans': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/plans': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/plans/:planId': { kind: 'school', roles: ALL_ROLES },
  'PATCH /api/schools/:schoolId/plans/:planId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/plans/:planId/pdf': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/plans/:planId/history': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/plans/:planId/goals': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'PATCH /api/schools/:schoolId/plan-goals/:planGoalId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'DELETE /api/schools/:schoolId/plan-goals/:planGoalId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'POST /api/schools/:schoolId/plan-goals/:planGoalId/strategies': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'PATCH /api/schools/:schoolId/plan-strategies/:strategyId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'DELETE /api/schools/:schoolId/plan-strategies/:strategyId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'POST /api/schools/:schoolId/plan-strategies/:strategyId/actions': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'PATCH /api/schools/:schoolId/plan-actions/:actionId': { kind: 'school', roles: STAFF },
  'DELETE /api/schools/:schoolId/plan-actions/:actionId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'POST /api/schools/:schoolId/plan-actions/:actionId/evidence': { kind: 'school', roles: STAFF },
  'POST /api/schools/:schoolId/plans/:planId/checkins': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'POST /api/schools/:schoolId/data-conversations/:conversationId/plan-action': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/pd-sessions': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/pd-sessions': { kind: 'school', roles: VISITORS },
  'PUT /api/schools/:schoolId/pd-sessions/:pdSessionId/attendance': { kind: 'school', roles: STAFF },
  'PUT /api/schools/:schoolId/pd-sessions/:pdSessionId/feedback': { kind: 'school', roles: STAFF },
  'POST /api/rosters/oneroster': { kind: 'district', roles: ['district_admin'] },
  'GET /api/rosters/imports': { kind: 'district', roles: ['district_admin'] },
  'GET /api/schools/:schoolId/vision': { kind: 'school', roles: ALL_ROLES },
  'PUT /api/schools/:schoolId/vision': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/goals': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/goals': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/goals/:goalId': { kind: 'school', roles: ALL_ROLES },
  'PATCH /api/schools/:schoolId/goals/:goalId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'DELETE /api/schools/:schoolId/goals/:goalId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/assessment-settings': { kind: 'school', roles: ALL_ROLES },
  'PUT /api/schools/:schoolId/assessment-settings': { kind: 'school', roles: ['principal'] },
  'GET /api/schools/:schoolId/assessments': { kind: 'school', roles: STAFF },
  'POST /api/schools/:schoolId/assessments': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/assessments/:assessmentId': { kind: 'school', roles: STAFF },
  'DELETE /api/schools/:schoolId/assessments/:assessmentId': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/assessments/:assessmentId/results': { kind: 'school', roles: STAFF },
  'PUT /api/schools/:schoolId/assessments/:assessmentId/results': { kind: 'school', roles: STAFF },
  'POST /api/schools/:schoolId/assessments/:assessmentId/results/import': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/students/:studentId/assessment-results': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/assessments/:assessmentId/conversations': { kind: 'school', roles: STAFF },
  'POST /api/schools/:schoolId/assessments/:assessmentId/conversations': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/assessment-analysis': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/assessment-analysis/export': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/curriculum-maps': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/curriculum-maps': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/curriculum-maps/:mapId': { kind: 'school', roles: ALL_ROLES },
  'PUT /api/schools/:schoolId/curriculum-maps/:mapId': { kind: 'school', roles: STAFF },
  'DELETE /api/schools/:schoolId/curriculum-maps/:mapId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'PATCH /api/schools/:schoolId/curriculum-maps/:mapId/standards/:standardId': { kind: 'school', roles: STAFF },
  'DELETE /api/schools/:schoolId/curriculum-maps/:mapId/standards/:standardId': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/curriculum-maps/:mapId/alignment': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/curriculum-maps/:mapId/export': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/curriculum-maps/:mapId/import': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/agreements': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/agreements': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'PATCH /api/schools/:schoolId/agreements/:agreementId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'DELETE /api/schools/:schoolId/agreements/:agreementId': { kind: 'school', roles: ['principal', 'assistant_principal'] },
  'GET /api/schools/:schoolId/agreements/practice': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/self-assessments': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/self-assessments': { kind: 'school', roles: VISITORS },
  'PUT /api/schools/:schoolId/self-assessments/:periodId': { kind: 'school', roles: VISITORS },
  'DELETE /api/schools/:schoolId/self-assessments/:periodId': { kind: 'school', roles: VISITORS },
  'GET /api/schools/:schoolId/pulses': { kind: 'school', roles: ALL_ROLES },
  'POST /api/schools/:schoolId/pulses': { kind: 'school', roles: ['principal'] },
  'POST /api/schools/:schoolId/pulses/:pulseId/close': { kind: 'school', roles: ['principal'] },
  'POST /api/schools/:schoolId/pulses/:pulseId/responses': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/pulses/:pulseId/results': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/pulses/:pulseId/results/export': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/coaching/cycles': { kind: 'school', roles: STAFF },
  'POST /api/schools/:schoolId/coaching/cycles': { kind: 'school', roles: VISITORS },
  'GET /api/coaching/cycles/:coachingCycleId': { kind: 'signedIn' },
  'PATCH /api/coaching/cycles/:coachingCycleId': { kind: 'signedIn' },
  'POST /api/coaching/cycles/:coachingCycleId/status': { kind: 'signedIn' },
  'POST /api/coaching/cycles/:coachingCycleId/debriefs': { kind: 'signedIn' },
  'POST /api/coaching/cycles/:coachingCycleId/comments': { kind: 'signedIn' },
  'POST /api/coaching/cycles/:coachingCycleId/observations': { kind: 'signedIn' },
  'GET /api/schools/:schoolId/expertise/suggestions': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/expertise': { kind: 'school', roles: STAFF },
  'GET /api/schools/:schoolId/peer-visit-requests': { kind: 'school', roles: ['teacher'] },
  'POST /api/schools/:schoolId/peer-visit-requests': { kind: 'school', roles: ['teacher'] },
  'POST /api/peer-visit-requests/:requestId/answer': { kind: 'signedIn' },
  'POST /api/peer-visit-requests/:requestId/cancel': { kind: 'signedIn' },
  'POST /api/peer-visits': { kind: 'signedIn' },
  'POST /api/peer-visits/:visitId/share-with-leaders': { kind: 'signedIn' },
};

/** Evaluation cycles: hidden (404) from all but the evaluator, the teacher and the principal; written by the evaluator. */
const EVALUATION_HIDDEN: Partial<Record<Role, number>> = { coach: 404, district_admin: 404, district_leader: 404 };
const EVALUATION_WRITE: Partial<Record<Role, number>> = { ...EVALUATION_HIDDEN, principal: 403, teacher: 403 };

/**
 * Routes whose objects carry their own rule (the module's policy) beyond the gate: the statuses each role gets
 * for the fixture object. Roles not listed get what the gate's rule says.
 */
const OBJECT_RULES: Record<string, Partial<Record<Role, number>>> = {
  // Only the visit's author (the principal) keeps its private note.
  'PUT /api/visits/:visitId/private-note-keep': { assistant_principal: 404, coach: 404, teacher: 404, district_admin: 404, district_leader: 404 },
  // District roles must keep two-step verification on.
  'POST /api/me/two-step/disable': { district_admin: 403, district_leader: 403 },
  // The fixture person (:personId) is a student: only staff have two-step verification, so the admin is told 404
  // (two-step-reset.api.test.ts covers staff, the admin's own account and other districts).
  'GET /api/admin/people/:personId/two-step': { district_admin: 404 },
  'POST /api/admin/people/:personId/two-step/reset': { district_admin: 404 },
  // The fixture cycle: the assistant principal evaluates the teacher. The principal and the teacher read it; coaches
  // and district roles are told it does not exist; only the evaluator changes it (the teacher signs after the evaluator).
  'GET /api/schools/:schoolId/evaluation/cycles/:cycleId': EVALUATION_HIDDEN,
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/observations': EVALUATION_WRITE,
  'PATCH /api/schools/:schoolId/evaluation/cycles/:cycleId/steps/:stepId': EVALUATION_WRITE,
  'PUT /api/schools/:schoolId/evaluation/cycles/:cycleId/ratings': EVALUATION_WRITE,
  'GET /api/schools/:schoolId/evaluation/cycles/:cycleId/eligible-visits': EVALUATION_WRITE,
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/citations': EVALUATION_WRITE,
  'DELETE /api/schools/:schoolId/evaluation/cycles/:cycleId/citations/:citationId': EVALUATION_WRITE,
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/sign': { ...EVALUATION_HIDDEN, principal: 403, assistant_principal: 409, teacher: 409 },
  // A visit the principal recorded about the teacher, shared at once (the default): school leaders and the teacher
  // read it; district roles never do. Only its author edits it.
  'GET /api/visits/:visitId': { district_admin: 404, district_leader: 404 },
  'PUT /api/visits/:visitId': { assistant_principal: 403, coach: 403, teacher: 403, district_admin: 404, district_leader: 404 },
  // Already shared: sharing again is a conflict for its author, forbidden to other readers.
  'POST /api/visits/:visitId/share': { principal: 409, assistant_principal: 403, coach: 403, teacher: 403, district_admin: 404, district_leader: 404 },
  // Only the teacher reflects; leaders record conversations.
  'PUT /api/visits/:visitId/reflection': { principal: 403, assistant_principal: 403, coach: 403, district_admin: 404, district_leader: 404 },
  'POST /api/visits/:visitId/conversations': { teacher: 403, district_admin: 404, district_leader: 404 },
  // A teacher's own items: the fixtures belong to the teacher.
  'DELETE /api/my/evidence/:itemId': { principal: 404, assistant_principal: 404, coach: 404, district_admin: 404, district_leader: 404 },
  'DELETE /api/my/strengths/:itemId': { principal: 404, assistant_principal: 404, coach: 404, district_admin: 404, district_leader: 404 },
  // Photos follow their visit: the author adds them, school leaders see them.
  'PUT /api/visits/:visitId/photos/:photoId': { assistant_principal: 403, coach: 403, teacher: 403, district_admin: 404, district_leader: 404 },
  'GET /api/visits/:visitId/photos/:photoId': { district_admin: 404, district_leader: 404 },
  // Leaders with a challenge under way (made before each call) mark and stop it; others have none to act on.
  'PUT /api/habit/challenge/steps/:day': { teacher: 404, district_admin: 404, district_leader: 404 },
  'DELETE /api/habit/challenge': { teacher: 404, district_admin: 404, district_leader: 404 },
  // The fixture task is the principal's own.
  'PATCH /api/tasks/:taskId': { assistant_principal: 404, coach: 404, teacher: 404, district_admin: 404, district_leader: 404 },
  'DELETE /api/tasks/:taskId': { assistant_principal: 404, coach: 404, teacher: 404, district_admin: 404, district_leader: 404 },
  // The fixture assessment was made by the teacher for their class: its creator, the principal and APs delete it.
  'DELETE /api/schools/:schoolId/assessments/:assessmentId': { coach: 403 },
  // The fixture map is of grade 3, which the matrix's teacher does not teach: they read it but do not edit it.
  'PUT /api/schools/:schoolId/curriculum-maps/:mapId': { teacher: 403 },
  'POST /api/schools/:schoolId/curriculum-maps/:mapId/import': { teacher: 403 },
  'PATCH /api/schools/:schoolId/curriculum-maps/:mapId/standards/:standardId': { teacher: 403 },
  'DELETE /api/schools/:schoolId/curriculum-maps/:mapId/standards/:standardId': { teacher: 403 },
  // The fixture team has the teacher as member (not the coach); its action item and the plan action are the teacher's.
  'PATCH /api/schools/:schoolId/team-meetings/:meetingId': { coach: 403 },
  'PATCH /api/schools/:schoolId/team-action-items/:actionItemId': { coach: 403 },
  'PATCH /api/schools/:schoolId/plan-actions/:actionId': { coach: 403 },
  'POST /api/schools/:schoolId/plan-actions/:actionId/evidence': { coach: 403 },
  // The fixture PD session: the principal facilitated, the teacher attended.
  'PUT /api/schools/:schoolId/pd-sessions/:pdSessionId/attendance': { teacher: 403 },
  'PUT /api/schools/:schoolId/pd-sessions/:pdSessionId/feedback': { principal: 403, assistant_principal: 403, coach: 403 },
  // The fixture coaching cycle is active, run by the coach with the teacher: school leaders read it, district roles
  // never; the coach changes it and records debriefs; both participants comment; it is already active (409).
  'GET /api/coaching/cycles/:coachingCycleId': { district_admin: 404, district_leader: 404 },
  'PATCH /api/coaching/cycles/:coachingCycleId': { principal: 403, assistant_principal: 403, teacher: 403, district_admin: 404, district_leader: 404 },
  'POST /api/coaching/cycles/:coachingCycleId/status': { principal: 403, assistant_principal: 403, coach: 409, teacher: 409, district_admin: 404, district_leader: 404 },
  'POST /api/coaching/cycles/:coachingCycleId/debriefs': { principal: 403, assistant_principal: 403, teacher: 403, district_admin: 404, district_leader: 404 },
  'POST /api/coaching/cycles/:coachingCycleId/comments': { principal: 403, assistant_principal: 403, district_admin: 404, district_leader: 404 },
  // Only the coach adds observations, and only visits of their own: the fixture visit is the principal's (404).
  'POST /api/coaching/cycles/:coachingCycleId/observations': { principal: 403, assistant_principal: 403, coach: 404, teacher: 403, district_admin: 404, district_leader: 404 },
  // The fixture peer-visit request: the teacher asked a colleague; only those two see it (others 404). The teacher
  // cannot answer their own request, withdraws it, and cannot record the visit before the colleague accepts (409).
  'POST /api/peer-visit-requests/:requestId/answer': { principal: 404, assistant_principal: 404, coach: 404, teacher: 403, district_admin: 404, district_leader: 404 },
  'POST /api/peer-visit-requests/:requestId/cancel': { principal: 404, assistant_principal: 404, coach: 404, district_admin: 404, district_leader: 404 },
  'POST /api/peer-visits': { principal: 404, assistant_principal: 404, coach: 404, teacher: 409, district_admin: 404, district_leader: 404 },
  // The fixture visit is the principal's, not a peer visit: nobody shares it with leaders.
  'POST /api/peer-visits/:visitId/share-with-leaders': { principal: 403, assistant_principal: 403, coach: 403, teacher: 403, district_admin: 404, district_leader: 404 },
};

/** Public routes that belong to a sign-in under way: what they answer to a caller without one. */
const PUBLIC_WITHOUT_SESSION: Record<string, number> = {
  'POST /api/auth/two-step/enrolment': 401,
};

/** Fixtures remade before every call of a route whose call may use them up. */
const BEFORE_CALL: Record<string, () => Promise<void>> = {
  'DELETE /api/admin/privacy/people/:personId': () => erasablePerson(),
  'POST /api/coaching/cycles/:coachingCycleId/status': () => coaching.restore(),
  'POST /api/peer-visit-requests/:requestId/cancel': () => coaching.restore(),
  'POST /api/peer-visit-requests/:requestId/answer': () => coaching.restore(),
  'DELETE /api/schools/:schoolId/curriculum-maps/:mapId': () => culture.restore(),
  'PATCH /api/schools/:schoolId/curriculum-maps/:mapId/standards/:standardId': () => culture.restore(),
  'DELETE /api/schools/:schoolId/curriculum-maps/:mapId/standards/:standardId': () => culture.restore(),
  'DELETE /api/schools/:schoolId/agreements/:agreementId': () => culture.restore(),
  'DELETE /api/schools/:schoolId/self-assessments/:periodId': () => culture.restore(),
  'GET /api/schools/:schoolId/evaluation/cycles/:cycleId': () => fixtureCycle(),
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/observations': () => fixtureCycle(),
  'PATCH /api/schools/:schoolId/evaluation/cycles/:cycleId/steps/:stepId': () => fixtureCycle(),
  'PUT /api/schools/:schoolId/evaluation/cycles/:cycleId/ratings': () => fixtureCycle(),
  'GET /api/schools/:schoolId/evaluation/cycles/:cycleId/eligible-visits': () => fixtureCycle(),
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/citations': async () => {
    await fixtureCycle();
    await t.db.deleteFrom('evaluation_citations').where('id', '=', citationId).execute();
    await t.db.deleteFrom('evaluation_citations').where('cycle_id', '=', cycleId).execute();
  },
  'DELETE /api/schools/:schoolId/evaluation/cycles/:cycleId/citations/:citationId': async () => {
    await fixtureCycle();
    await t.db.insertInto('evaluation_citations').values({ id: citationId, cycle_id: cycleId, visit_id: visitId, cited_by: fx.users.assistant_principal.id }).onConflict((oc) => oc.doNothing()).execute();
  },
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/sign': () => fixtureCycle(),
  'PUT /api/habit/challenge/steps/:day': () => activeChallenges(),
  'DELETE /api/habit/challenge': () => activeChallenges(),
  'DELETE /api/tasks/:taskId': () => principalTask(),
  'DELETE /api/my/evidence/:itemId': () => teacherItems(),
  'DELETE /api/my/strengths/:itemId': () => teacherItems(),
  'PATCH /api/tasks/:taskId': () => principalTask(),
  'DELETE /api/schools/:schoolId/insight-views/:viewId': async () => {
    await t.db.insertInto('insight_views').values({ id: viewId, school_id: fx.school.id, created_by: fx.users.principal.id, name: 'View', filters: '{}' }).onConflict((oc) => oc.column('id').doNothing()).execute();
  },
  'PATCH /api/schools/:schoolId/decisions/:decisionId': async () => {
    await t.db
      .insertInto('decisions')
      .values({ id: decisionId, school_id: fx.school.id, recorded_by: fx.users.principal.id, kind: 'pd', title: 'PD on questioning', rationale: '', decided_on: '2026-11-24', decided_by: 'Principal', how_decided: 'Leader after consulting the ILT' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  },
  'DELETE /api/schools/:schoolId/goals/:goalId': () => fixtureGoal(),
  'PATCH /api/schools/:schoolId/goals/:goalId': () => fixtureGoal(),
  'DELETE /api/schools/:schoolId/assessments/:assessmentId': () => fixtureAssessment(),
  'DELETE /api/schools/:schoolId/teams/:teamId/members/:memberId': () => leadership.restore(),
  'DELETE /api/schools/:schoolId/plan-goals/:planGoalId': () => leadership.restore(),
  'DELETE /api/schools/:schoolId/plan-strategies/:strategyId': () => leadership.restore(),
  'DELETE /api/schools/:schoolId/plan-actions/:actionId': () => leadership.restore(),
  'DELETE /api/schools/:schoolId/guiding-questions/:questionId': async () => {
    await t.db.insertInto('guiding_questions').values({ id: questionId, school_id: fx.school.id, focus: 'Any', body: 'What did you notice?' }).onConflict((oc) => oc.column('id').doNothing()).execute();
  },
};
async function activeChallenges() {
  for (const role of VISITORS) {
    await t.db
      .insertInto('habit_challenges')
      .values({ person_id: fx.users[role].id, started_on: '2026-11-23' })
      .onConflict((oc) => oc.column('person_id').where('status', '=', 'active').doNothing())
      .execute();
  }
}
async function teacherItems() {
  await t.db.insertInto('teacher_evidence').values({ id: itemId, school_id: fx.school.id, teacher_id: fx.users.teacher.id, title: 'Lesson plan', body: '' }).onConflict((oc) => oc.column('id').doNothing()).execute();
  await t.db.insertInto('teacher_strengths').values({ id: itemId, school_id: fx.school.id, teacher_id: fx.users.teacher.id, body: 'Number talks' }).onConflict((oc) => oc.column('id').doNothing()).execute();
}
async function fixtureGoal() {
  await t.db
    .insertInto('school_goals')
    .values({ id: goalId, school_id: fx.school.id, title: 'Reading', standard: 'Reading', target_percent: 75, target_date: '2027-05-28', created_by: fx.users.principal.id })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
async function fixtureAssessment() {
  const made = await t.db
    .insertInto('assessments')
    .values({ id: assessmentId, district_id: fx.district.id, school_id: fx.school.id, name: 'Exit ticket', given_on: '2026-11-24', scale: 'percent', max_score: 100, proficiency_cut: 80, created_by: fx.users.teacher.id })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  if (made.length > 0) await t.db.insertInto('assessment_classes').values({ assessment_id: assessmentId, class_id: classId }).execute();
}
/** A student the privacy routes read, export and delete (made again after each deletion). */
async function erasablePerson() {
  await t.db
    .insertInto('people')
    .values({ id: erasableId, district_id: fx.district.id, sourced_id: `erasable-${erasableId}`, kind: 'student', given_name: 'Era', family_name: 'Sable' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
async function principalTask() {
  await t.db.insertInto('leader_tasks').values({ id: taskId, person_id: fx.users.principal.id, title: 'Fixture' }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

const cycleId = randomUUID();
const stepId = randomUUID();
const citationId = randomUUID();
/** The current school year (July to June). */
const evaluationYear = (() => {
  const now = new Date();
  const first = now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return { first, name: schoolYearStarting(first) };
})();
/** An evaluation cycle of the teacher, evaluated by the assistant principal, with one step and no ratings. */
async function fixtureCycle() {
  await t.db
    .insertInto('evaluation_cycles')
    .values({ id: cycleId, district_id: fx.district.id, school_id: fx.school.id, teacher_id: fx.users.teacher.id, evaluator_id: fx.users.assistant_principal.id, school_year: evaluationYear.name, rubric_key: 'rounds-generic', rubric: JSON.stringify(builtInRubric()), created_by: fx.users.principal.id })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await t.db.insertInto('evaluation_steps').values({ id: stepId, cycle_id: cycleId, kind: 'pre_conference', due_on: `${evaluationYear.first}-10-01` }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

/** Valid bodies for routes whose object rule is checked after validation. */
const VALID_BODIES: Record<string, () => object> = {
  'POST /api/me/two-step/disable': () => ({ code: '123456' }),
  'DELETE /api/admin/privacy/people/:personId': () => ({ confirmName: 'Era Sable' }),
  'PUT /api/visits/:visitId/private-note-keep': () => ({ keep: true }),
  'PATCH /api/coaching/cycles/:coachingCycleId': () => ({ baseline: '3 of 24 students explained a strategy.' }),
  'POST /api/coaching/cycles/:coachingCycleId/status': () => ({ status: 'active' }),
  'POST /api/coaching/cycles/:coachingCycleId/debriefs': () => ({ heldOn: '2026-11-24', notes: 'Looked at who explained.', nextStep: 'Turn-and-talk first.' }),
  'POST /api/coaching/cycles/:coachingCycleId/comments': () => ({ body: 'It went well.' }),
  'POST /api/coaching/cycles/:coachingCycleId/observations': () => ({ visitId }),
  'POST /api/peer-visit-requests/:requestId/answer': () => ({ decision: 'accepted' }),
  'POST /api/peer-visits': () => ({ id: randomUUID(), requestId: coaching.requestId, startedAt: new Date().toISOString(), durationMinutes: 15, evidence: 'Number talk with dot cards.', tags: [] }),
  'PUT /api/schools/:schoolId/curriculum-maps/:mapId': () => ({ course: 'Fixture math', grade: '03', version: 1, units: [], standards: [], targets: [] }),
  'PATCH /api/schools/:schoolId/curriculum-maps/:mapId/standards/:standardId': () => ({ code: 'FX.1', description: 'Fixture standard, renamed' }),
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/observations': () => ({ dueOn: `${evaluationYear.first + 1}-03-02` }),
  'PATCH /api/schools/:schoolId/evaluation/cycles/:cycleId/steps/:stepId': () => ({ notes: 'Goals agreed.' }),
  'PUT /api/schools/:schoolId/evaluation/cycles/:cycleId/ratings': () => ({ ratings: [{ componentKey: 'planning.targets', level: 3, evidence: 'Target posted.', rationale: 'Students restated it.' }] }),
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/citations': () => ({ visitId }),
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/sign': () => ({ comment: '' }),
  'PATCH /api/schools/:schoolId/decisions/:decisionId': () => ({ effect: 'More students explain their thinking.', effectRecordedOn: '2027-01-15' }),
  'POST /api/visits/:visitId/share': () => ({ guidingQuestion: 'What did you notice?' }),
  'PUT /api/visits/:visitId/reflection': () => ({ body: 'I noticed the back table.' }),
  'POST /api/visits/:visitId/conversations': () => ({ heldOn: '2026-11-24', notes: 'Talked about the back table.' }),
  'POST /api/notifications/read': () => ({ all: true }),
  'PUT /api/habit/challenge/steps/:day': () => ({ done: true }),
  'PATCH /api/tasks/:taskId': () => ({ done: true }),
  'PATCH /api/schools/:schoolId/goals/:goalId': () => ({ targetPercent: 80 }),
  'PATCH /api/schools/:schoolId/team-meetings/:meetingId': () => ({ notes: 'Looked at exit tickets.' }),
  'PATCH /api/schools/:schoolId/team-action-items/:actionItemId': () => ({ done: true }),
  'PATCH /api/schools/:schoolId/plan-actions/:actionId': () => ({ status: 'on_track' }),
  'POST /api/schools/:schoolId/plan-actions/:actionId/evidence': () => ({ note: 'Groups met four times this week.' }),
  'PUT /api/schools/:schoolId/pd-sessions/:pdSessionId/attendance': () => ({ attendeeIds: [fx.users.teacher.id] }),
  'PUT /api/schools/:schoolId/pd-sessions/:pdSessionId/feedback': () => ({ rating: 3, comment: 'Useful.' }),
  'PUT /api/schools/:schoolId/assessments/:assessmentId/results': () => ({ results: [{ studentId, score: 90 }] }),
  'POST /api/schools/:schoolId/assessments/:assessmentId/conversations': () => ({ heldOn: '2026-11-24', participants: ['Tess'], notice: 'Most reached the cut.' }),
  'PUT /api/visits/:visitId': () => ({
    version: 1,
    teacherId: fx.users.teacher.id,
    startedAt: new Date().toISOString(),
    durationMinutes: 12,
    evidence: 'Edited evidence.',
    tags: [],
  }),
};

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let classId: string;
let visitId: string;
let lookForId: string;
const taskId = randomUUID();
const erasableId = randomUUID();
const photoId = randomUUID();
const itemId = randomUUID();
const questionId = randomUUID();
const viewId = randomUUID();
const decisionId = randomUUID();
const goalId = randomUUID();
const assessmentId = randomUUID();
let studentId: string;
let outsider: { id: string };
let openapiRoutes: { method: string; url: string }[];
let leadership: ReturnType<typeof leadershipFixtures>;
let culture: ReturnType<typeof cultureFixtures>;
let coaching: ReturnType<typeof coachingFixtures>;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  const [student] = await createStudents(t.db, fx.district.id, fx.school.id, [{ givenName: 'Stu', familyName: 'Dent', grade: '03' }]);
  studentId = student!.id;
  const cls = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Math 3', teacherIds: [fx.users.teacher.id], studentIds: [studentId] });
  classId = cls.id;
  await fixtureAssessment();
  await fixtureGoal();
  await erasablePerson();
  leadership = leadershipFixtures(t.db, { schoolId: fx.school.id, principalId: fx.users.principal.id, teacherId: fx.users.teacher.id });
  await leadership.restore();
  culture = cultureFixtures(t.db, { schoolId: fx.school.id, principalId: fx.users.principal.id });
  await culture.restore();
  coaching = coachingFixtures(t.db, { districtId: fx.district.id, schoolId: fx.school.id, coachId: fx.users.coach.id, teacherId: fx.users.teacher.id, colleagueId: fx.otherTeacher.id });
  await coaching.restore();
  const lookFor = await t.db.insertInto('look_fors').values({ school_id: fx.school.id, name: 'Student talk' }).returning('id').executeTakeFirstOrThrow();
  lookForId = lookFor.id;
  visitId = randomUUID();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/visits',
    headers: { cookie: await sessionCookie(t.db, fx.users.principal.id) },
    payload: { id: visitId, schoolId: fx.school.id, teacherId: fx.users.teacher.id, startedAt: new Date().toISOString(), durationMinutes: 10, evidence: 'Students explained their strategies.', tags: [] },
  });
  expect(created.statusCode).toBe(201);
  await t.db.insertInto('visit_photos').values({ id: photoId, visit_id: visitId, content_type: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff]), width: 1, height: 1 }).execute();
  const otherDistrict = await createDistrict(t.db);
  outsider = await createStaff(t.db, { districtId: otherDistrict.id, roles: [{ role: 'district_admin' }] });
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  openapiRoutes = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => ({ method: m.toUpperCase(), url: p.replace(/\{(\w+)\}/g, ':$1') })),
  );
});
afterAll(() => t.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const LEADERSHIP_PARAMS = { teamId: 1, memberId: 1, meetingId: 1, actionItemId: 1, planId: 1, planGoalId: 1, strategyId: 1, actionId: 1, pdSessionId: 1 } as const;

function fill(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'schoolId') return fx.school.id;
    if (name === 'cycleId') return cycleId;
    if (name === 'stepId') return stepId;
    if (name === 'citationId') return citationId;
    if (name === 'classId') return classId;
    if (name === 'teacherId') return fx.users.teacher.id;
    if (name === 'visitId') return visitId;
    if (name === 'personId') return erasableId;
    if (name === 'lookForId') return lookForId;
    if (name === 'taskId') return taskId;
    if (name === 'photoId') return photoId;
    if (name === 'itemId') return itemId;
    if (name === 'questionId') return questionId;
    if (name === 'viewId') return viewId;
    if (name === 'decisionId') return decisionId;
    if (name === 'goalId') return goalId;
    if (name === 'assessmentId') return assessmentId;
    if (name === 'studentId') return studentId;
    if (name in LEADERSHIP_PARAMS) return leadership[name as keyof typeof LEADERSHIP_PARAMS];
    if (name in CULTURE_PARAMS) return culture[name as keyof typeof CULTURE_PARAMS];
    if (name in COACHING_PARAMS) return coaching[name as keyof typeof COACHING_PARAMS];
    if (name === 'day') return '3';
    return randomUUID();
  });
}

async function call(method: string, url: string, personId?: string) {
  await BEFORE_CALL[`${method} ${url}`]?.();
  const headers: Record<string, string> = {};
  if (personId) headers.cookie = await sessionCookie(t.db, personId);
  // Routes that name their school in the query string or the body find it there; others ignore it.
  const target = `${fill(url)}${method === 'GET' ? `?schoolId=${fx.school.id}` : ''}`;
  const payload = VALID_BODIES[`${method} ${url}`]?.() ?? { schoolId: fx.school.id };
  return t.app.inject({ method: method as 'GET', url: target, headers, ...(method === 'GET' ? {} : { payload }) });
}

describe('authorization matrix', () => {
  it('every route in the OpenAPI document is classified here, and its declared rule matches', () => {
    expect(openapiRoutes.length).toBeGreaterThan(5);
    const declared = new Map(t.rules.map((r) => [key(r), r.access]));
    const unclassified = openapiRoutes.filter((r) => !(key(r) in EXPECTED)).map(key);
    expect(unclassified, 'routes missing from the reviewed classification').toEqual([]);
    for (const route of openapiRoutes) {
      expect(declared.get(key(route)), key(route)).toEqual(EXPECTED[key(route)]);
    }
  });

  it('every API route the app registered is in the OpenAPI document', () => {
    const documented = new Set(openapiRoutes.map(key));
    const missing = t.rules.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !documented.has(key(r))).map(key);
    expect(missing).toEqual([]);
  });

  it('a route without a declared rule stops the app from starting', async () => {
    await expect(
      testApp({ extraRoutes: (app) => app.get('/api/unclassified', async () => ({ ok: true })) }),
    ).rejects.toThrow(/declares no access rule/);
  });

  it('walks every route with every role and enforces exactly the declared rule', async () => {
    const failures: string[] = [];
    for (const route of openapiRoutes) {
      const rule = EXPECTED[key(route)]!;
      const anonymous = await call(route.method, route.url);
      if (rule.kind === 'public') {
        // Public steps of an unfinished sign-in answer 401 without one (they check the cookie themselves).
        const expected = PUBLIC_WITHOUT_SESSION[key(route)];
        if (expected !== undefined ? anonymous.statusCode !== expected : [401, 403].includes(anonymous.statusCode)) {
          failures.push(`${key(route)} anonymous got ${anonymous.statusCode}`);
        }
        continue;
      }
      if (anonymous.statusCode !== 401) failures.push(`${key(route)} anonymous expected 401, got ${anonymous.statusCode}`);
      for (const role of ALL_ROLES) {
        const res = await call(route.method, route.url, fx.users[role].id);
        const objectRule = OBJECT_RULES[key(route)]?.[role];
        if (objectRule !== undefined) {
          if (res.statusCode !== objectRule) failures.push(`${key(route)} ${role} expected ${objectRule}, got ${res.statusCode}`);
          continue;
        }
        const allowed = rule.kind === 'signedIn' || rule.roles.includes(role);
        if (allowed && [401, 403, 404].includes(res.statusCode)) failures.push(`${key(route)} ${role} allowed but got ${res.statusCode}`);
        if (!allowed && res.statusCode !== 403) failures.push(`${key(route)} ${role} expected 403, got ${res.statusCode}`);
        if (res.statusCode >= 500) failures.push(`${key(route)} ${role} got ${res.statusCode}: ${res.body}`);
      }
      if (rule.kind === 'school') {
        // Somebody else's school answers exactly like a school that does not exist.
        for (const stranger of [fx.otherSchoolPrincipal.id, outsider.id]) {
          const res = await call(route.method, route.url, stranger);
          if (res.statusCode !== 404) failures.push(`${key(route)} a stranger to the school expected 404, got ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
