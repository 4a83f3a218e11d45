import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createDistrict, createSchool, createStaff, createStudents } from '../../db/seed/builders';
import { schoolYearStarting, type Role } from '../../schemas/common';
import { coachingFixtures } from '../modules/coaching/matrix-fixtures';
import { cultureFixtures } from '../modules/culture/matrix-fixtures';
import { builtInRubric } from '../modules/evaluation/rubrics';
import { leadershipFixtures } from '../modules/plans/matrix-fixtures';
import { inject } from 'vitest';
import type { Db } from '../../db/database';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import type { App } from './types';
import { asOwnPages, freshDatabase, makeDistrict, sessionCookie, testPasswordHash } from '../test/helpers';
import { changedTables, fingerprint, readOperations, routeKey, uuidFields, type Operation } from '../test/openapi';

/**
 * Every id in a request body must name an object of the route's own school. For every write route of the OpenAPI
 * document, every uuid field of its body (in arrays and nested objects too) is sent with the id of a real object of
 * the same kind from another school of the same district, and from another district, in an otherwise valid request.
 * The answer must be 400 or 404 (never 2xx, never 5xx) and no table may change. The same request with the school's
 * own ids is sent first: a route counts as covered when that baseline is accepted (2xx), so the refusal is about the
 * id and nothing else.
 */

/** One school's objects of every kind a body may name. */
interface World {
  schoolId: string;
  principal: string;
  coach: string;
  teacher: string;
  colleague: string;
  classId: string;
  hostClassId: string;
  studentId: string;
  lookForId: string;
  visitId: string;
  coachVisitId: string;
  viewId: string;
  assessmentId: string;
  visionGoalId: string;
  notificationId: string;
  conversationId: string;
  leadership: ReturnType<typeof leadershipFixtures>;
  culture: ReturnType<typeof cultureFixtures>;
  coaching: ReturnType<typeof coachingFixtures>;
}

/** The kind of object each body field names. */
type Kind =
  | 'school'
  | 'staff'
  | 'class'
  | 'student'
  | 'lookFor'
  | 'visit'
  | 'view'
  | 'assessment'
  | 'visionGoal'
  | 'planGoal'
  | 'strategy'
  | 'team'
  | 'pdSession'
  | 'coachingCycle'
  | 'peerRequest'
  | 'notification';

const KIND_BY_FIELD: Record<string, Kind> = {
  schoolId: 'school',
  teacherId: 'staff',
  evaluatorId: 'staff',
  hostId: 'staff',
  facilitatorId: 'staff',
  attendeeIds: 'staff',
  ownerId: 'staff',
  personId: 'staff',
  participantIds: 'staff',
  observerId: 'staff',
  classId: 'class',
  classIds: 'class',
  studentId: 'student',
  tags: 'lookFor',
  lookForIds: 'lookFor',
  lookForId: 'lookFor',
  visitId: 'visit',
  visitIds: 'visit',
  viewId: 'view',
  assessmentId: 'assessment',
  visionGoalId: 'visionGoal',
  goalIds: 'planGoal',
  goalId: 'planGoal',
  strategyId: 'strategy',
  teamId: 'team',
  pdSessionId: 'pdSession',
  coachingCycleId: 'coachingCycle',
  requestId: 'peerRequest',
  ids: 'notification',
  // A new object's own id (a device-made visit id): another school's visit under it must not be answered or touched.
  id: 'visit',
};

/** The object of a kind in a world (the one a foreign request names). */
function objectOf(w: World, kind: Kind): string {
  switch (kind) {
    case 'school':
      return w.schoolId;
    case 'staff':
      return w.teacher;
    case 'class':
      return w.classId;
    case 'student':
      return w.studentId;
    case 'lookFor':
      return w.lookForId;
    case 'visit':
      return w.visitId;
    case 'view':
      return w.viewId;
    case 'assessment':
      return w.assessmentId;
    case 'visionGoal':
      return w.visionGoalId;
    case 'planGoal':
      return w.leadership.planGoalId;
    case 'strategy':
      return w.leadership.strategyId;
    case 'team':
      return w.leadership.teamId;
    case 'pdSession':
      return w.leadership.pdSessionId;
    case 'coachingCycle':
      return w.coaching.coachingCycleId;
    case 'peerRequest':
      return w.coaching.requestId;
    case 'notification':
      return w.notificationId;
  }
}

interface Case {
  /** Who sends it (a person of the own school, by role in the world). */
  as: 'principal' | 'ap' | 'coach' | 'teacher' | 'colleague';
  /** The path, with the own school's fixture ids filled in. */
  url: (w: World) => string;
  /** A valid body naming the own school's objects (made afresh for each request). */
  body: (w: World) => Promise<object> | object;
  /** Puts back what an accepted request used up. */
  before?: (w: World) => Promise<unknown>;
}

const year = (() => {
  const now = new Date();
  const first = now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return { first, name: schoolYearStarting(first) };
})();

/** The app on a database of its own: the fingerprints compare every table, which other test files must not touch. */
let t: { app: App; db: Db };
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let own: World;
let sameDistrict: World;
let otherDistrict: World;
let ap: string;
let evaluationCycleId: string;
let operations: Operation[];

const visitBody = (w: World, extra: object = {}) => ({
  startedAt: new Date(Date.now() - 3_600_000).toISOString(),
  durationMinutes: 10,
  evidence: 'Students explained their strategies to a partner.',
  ...extra,
});

/** Every write route whose body names an object, with a valid body and who may send it. */
const CASES: Record<string, Case> = {
  'POST /api/visits': {
    as: 'coach',
    url: () => '/api/visits',
    body: (w) => visitBody(w, { id: randomUUID(), schoolId: w.schoolId, teacherId: w.teacher, classId: w.classId, tags: [w.lookForId], coachingCycleId: w.coaching.coachingCycleId }),
  },
  'PUT /api/visits/:visitId': {
    as: 'principal',
    url: (w) => `/api/visits/${w.visitId}`,
    body: async (w) => {
      const { version } = await t.db.selectFrom('visits').select('version').where('id', '=', w.visitId).executeTakeFirstOrThrow();
      return visitBody(w, { version, teacherId: w.teacher, classId: w.classId, tags: [w.lookForId] });
    },
  },
  'POST /api/habit/challenge': {
    as: 'principal',
    url: () => '/api/habit/challenge',
    body: (w) => ({ schoolId: w.schoolId }),
    before: (w) => t.db.deleteFrom('habit_challenges').where('person_id', '=', w.principal).execute(),
  },
  'PUT /api/calendar/blocks': { as: 'principal', url: () => '/api/calendar/blocks', body: (w) => ({ schoolId: w.schoolId, blocks: [{ weekday: 2, start: '08:30', end: '09:00' }] }) },
  'POST /api/my/evidence': { as: 'teacher', url: () => '/api/my/evidence', body: (w) => ({ schoolId: w.schoolId, title: 'Lesson plan' }) },
  'POST /api/my/strengths': { as: 'teacher', url: () => '/api/my/strengths', body: (w) => ({ schoolId: w.schoolId, body: 'Number talks' }) },
  'POST /api/notifications/read': {
    as: 'principal',
    url: () => '/api/notifications/read',
    body: (w) => ({ ids: [w.notificationId] }),
    before: (w) => t.db.updateTable('notifications').set({ read_at: null }).where('id', '=', w.notificationId).execute(),
  },
  'POST /api/schools/:schoolId/insight-views': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/insight-views`,
    body: () => ({ name: `View ${randomUUID().slice(0, 8)}`, filters: { observerId: own.coach, breakdown: 'grade' } }),
  },
  'POST /api/schools/:schoolId/decisions': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/decisions`,
    body: (w) => ({
      kind: 'pd',
      title: 'PD on questioning',
      decidedOn: '2026-11-24',
      viewId: w.viewId,
      visitIds: [w.visitId],
      mode: 'leader_consults',
      teamId: w.leadership.teamId,
      participantIds: [w.teacher],
    }),
  },
  'PUT /api/schools/:schoolId/decision-model': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/decision-model`,
    body: (w) => ({ modes: [{ kind: 'pd', mode: 'delegated', teamId: w.leadership.teamId }] }),
  },
  'POST /api/schools/:schoolId/goals': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/goals`,
    body: (w) => ({ title: `Reading ${randomUUID().slice(0, 8)}`, measure: { standard: 'RL.3.1' }, targetPercent: 80, targetDate: '2027-05-28', lookForIds: [w.lookForId] }),
  },
  'PATCH /api/schools/:schoolId/goals/:goalId': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/goals/${w.visionGoalId}`,
    body: (w) => ({ targetPercent: 81, lookForIds: [w.lookForId] }),
  },
  'POST /api/schools/:schoolId/assessments': {
    as: 'teacher',
    url: (w) => `/api/schools/${w.schoolId}/assessments`,
    body: (w) => ({ name: 'Exit ticket', givenOn: '2026-11-24', classIds: [w.classId], scale: 'percent', proficiencyCut: 80 }),
  },
  'PUT /api/schools/:schoolId/assessments/:assessmentId/results': {
    as: 'teacher',
    url: (w) => `/api/schools/${w.schoolId}/assessments/${w.assessmentId}/results`,
    body: (w) => ({ results: [{ studentId: w.studentId, score: 90 }] }),
  },
  'PUT /api/schools/:schoolId/curriculum-maps/:mapId': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/curriculum-maps/${w.culture.mapId}`,
    body: async (w) => {
      const { version } = await t.db.selectFrom('curriculum_maps').select('version').where('id', '=', w.culture.mapId).executeTakeFirstOrThrow();
      return {
        course: 'Fixture math',
        grade: '03',
        version,
        units: [{ title: 'Place value', startsOn: '2026-09-01', endsOn: '2026-10-01' }],
        standards: [{ code: 'FX.1', description: 'Fixture standard' }],
        targets: [{ unit: 0, statement: 'I can round to the nearest ten.', standardCodes: ['FX.1'], assessments: [{ assessmentId: w.assessmentId }] }],
      };
    },
  },
  'POST /api/schools/:schoolId/agreements': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/agreements`,
    body: (w) => ({ title: 'Students talk first', adoptedOn: '2026-08-20', lookForId: w.lookForId }),
  },
  'PATCH /api/schools/:schoolId/agreements/:agreementId': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/agreements/${w.culture.agreementId}`,
    body: (w) => ({ lookForId: w.lookForId }),
  },
  'POST /api/schools/:schoolId/teams': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/teams`,
    body: (w) => ({ name: `Team ${randomUUID().slice(0, 8)}`, kind: 'grade', members: [{ personId: w.teacher, stakeholder: 'teacher' }] }),
  },
  'POST /api/schools/:schoolId/teams/:teamId/members': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/teams/${w.leadership.teamId}/members`,
    body: (w) => ({ personId: w.colleague, stakeholder: 'teacher' }),
    before: (w) => t.db.deleteFrom('team_members').where('team_id', '=', w.leadership.teamId).where('person_id', '=', w.colleague).execute(),
  },
  'POST /api/schools/:schoolId/teams/:teamId/meetings': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/teams/${w.leadership.teamId}/meetings`,
    body: (w) => ({ heldOn: '2026-11-25', actionItems: [{ title: 'Bring student work', ownerId: w.teacher }] }),
  },
  'POST /api/schools/:schoolId/team-meetings/:meetingId/action-items': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/team-meetings/${w.leadership.meetingId}/action-items`,
    body: (w) => ({ title: 'Share the rubric', ownerId: w.teacher }),
  },
  'POST /api/schools/:schoolId/plans/:planId/goals': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/plans/${w.leadership.planId}/goals`,
    body: (w) => ({ title: 'Writing', visionGoalId: w.visionGoalId }),
  },
  'PATCH /api/schools/:schoolId/plan-goals/:planGoalId': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/plan-goals/${w.leadership.planGoalId}`,
    body: (w) => ({ visionGoalId: w.visionGoalId }),
  },
  'POST /api/schools/:schoolId/plan-strategies/:strategyId/actions': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/plan-strategies/${w.leadership.strategyId}/actions`,
    body: (w) => ({ title: 'Running records weekly', ownerId: w.teacher }),
  },
  'PATCH /api/schools/:schoolId/plan-actions/:actionId': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/plan-actions/${w.leadership.actionId}`,
    body: (w) => ({ ownerId: w.teacher }),
  },
  'POST /api/schools/:schoolId/plan-actions/:actionId/evidence': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/plan-actions/${w.leadership.actionId}/evidence`,
    body: (w) => ({ note: 'Groups met four times.', viewId: w.viewId, assessmentId: w.assessmentId, pdSessionId: w.leadership.pdSessionId }),
  },
  'POST /api/schools/:schoolId/plans/:planId/checkins': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/plans/${w.leadership.planId}/checkins`,
    body: (w) => ({ heldOn: '2026-11-24', rating: 'on_track', goalId: w.leadership.planGoalId }),
  },
  'POST /api/schools/:schoolId/data-conversations/:conversationId/plan-action': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/data-conversations/${w.conversationId}/plan-action`,
    body: (w) => ({ strategyId: w.leadership.strategyId, ownerId: w.teacher }),
  },
  'POST /api/schools/:schoolId/pd-sessions': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/pd-sessions`,
    body: (w) => ({ heldOn: '2026-12-02', title: 'Running records', facilitatorId: w.teacher, goalIds: [w.leadership.planGoalId], attendeeIds: [w.teacher] }),
  },
  'PUT /api/schools/:schoolId/pd-sessions/:pdSessionId/attendance': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/pd-sessions/${w.leadership.pdSessionId}/attendance`,
    body: (w) => ({ attendeeIds: [w.teacher] }),
  },
  'POST /api/schools/:schoolId/evaluation/cycles': {
    as: 'principal',
    url: (w) => `/api/schools/${w.schoolId}/evaluation/cycles`,
    body: (w) => ({
      teacherId: w.colleague,
      evaluatorId: w.principal,
      schoolYear: year.name,
      rubricKey: 'rounds-generic',
      dueDates: {
        preConference: `${year.first}-10-01`,
        midYearReview: `${year.first + 1}-01-15`,
        ratings: `${year.first + 1}-04-15`,
        summativeConference: `${year.first + 1}-05-01`,
        signOff: `${year.first + 1}-05-15`,
      },
      observations: [`${year.first + 1}-02-01`],
    }),
    before: (w) => t.db.deleteFrom('evaluation_cycles').where('teacher_id', '=', w.colleague).execute(),
  },
  'POST /api/schools/:schoolId/evaluation/cycles/:cycleId/citations': {
    as: 'ap',
    url: (w) => `/api/schools/${w.schoolId}/evaluation/cycles/${evaluationCycleId}/citations`,
    body: (w) => ({ visitId: w.visitId }),
    before: () => t.db.deleteFrom('evaluation_citations').where('cycle_id', '=', evaluationCycleId).execute(),
  },
  'POST /api/schools/:schoolId/coaching/cycles': {
    as: 'coach',
    url: (w) => `/api/schools/${w.schoolId}/coaching/cycles`,
    body: (w) => ({ teacherId: w.colleague, goal: 'Every student explains a strategy.' }),
    before: (w) => t.db.deleteFrom('coaching_cycles').where('teacher_id', '=', w.colleague).execute(),
  },
  'POST /api/coaching/cycles/:coachingCycleId/observations': {
    as: 'coach',
    url: (w) => `/api/coaching/cycles/${w.coaching.coachingCycleId}/observations`,
    body: (w) => ({ visitId: w.coachVisitId }),
    before: (w) => t.db.updateTable('visits').set({ coaching_cycle_id: null }).where('id', '=', w.coachVisitId).execute(),
  },
  'POST /api/schools/:schoolId/peer-visit-requests': {
    as: 'colleague',
    url: (w) => `/api/schools/${w.schoolId}/peer-visit-requests`,
    body: (w) => ({ hostId: w.teacher, topic: 'Number talks', lookForId: w.lookForId }),
    before: (w) => t.db.deleteFrom('peer_visit_requests').where('requester_id', '=', w.colleague).execute(),
  },
  'POST /api/peer-visits': {
    as: 'teacher',
    url: () => '/api/peer-visits',
    body: (w) => visitBody(w, { id: randomUUID(), classId: w.hostClassId, tags: [w.lookForId], requestId: w.coaching.requestId }),
    before: (w) => t.db.updateTable('peer_visit_requests').set({ status: 'accepted', visit_id: null, responded_at: new Date() }).where('id', '=', w.coaching.requestId).execute(),
  },
};

/** Makes one school's objects of every kind. */
async function makeWorld(districtId: string, schoolId: string, people: { principal: string; coach: string; teacher: string; colleague: string }): Promise<World> {
  const [student] = await createStudents(t.db, districtId, schoolId, [{ givenName: 'Ida', familyName: 'Park', grade: '03' }]);
  const cls = await createClass(t.db, { districtId, schoolId, title: 'Math 3', teacherIds: [people.teacher], studentIds: [student!.id] });
  const hostClass = await createClass(t.db, { districtId, schoolId, title: 'Math 4', teacherIds: [people.colleague], studentIds: [] });
  const lookFor = await t.db.insertInto('look_fors').values({ school_id: schoolId, name: 'Student talk' }).returning('id').executeTakeFirstOrThrow();
  const leadership = leadershipFixtures(t.db, { schoolId, principalId: people.principal, teacherId: people.teacher });
  await leadership.restore();
  const culture = cultureFixtures(t.db, { schoolId, principalId: people.principal });
  await culture.restore();
  const coaching = coachingFixtures(t.db, { districtId, schoolId, coachId: people.coach, teacherId: people.teacher, colleagueId: people.colleague });
  await coaching.restore();
  const visit = async (author: string) => {
    const id = randomUUID();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/visits',
      headers: { cookie: await sessionCookie(t.db, author) },
      payload: { id, schoolId, teacherId: people.teacher, startedAt: new Date(Date.now() - 7_200_000).toISOString(), durationMinutes: 10, evidence: 'Partners explained their thinking.', tags: [] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return id;
  };
  const view = await t.db.insertInto('insight_views').values({ school_id: schoolId, created_by: people.principal, name: 'Fixture view', filters: '{}' }).returning('id').executeTakeFirstOrThrow();
  const assessment = await t.db
    .insertInto('assessments')
    .values({ district_id: districtId, school_id: schoolId, name: 'Exit ticket', given_on: '2026-11-24', scale: 'percent', max_score: 100, proficiency_cut: 80, created_by: people.teacher })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('assessment_classes').values({ assessment_id: assessment.id, class_id: cls.id }).execute();
  const goal = await t.db
    .insertInto('school_goals')
    .values({ school_id: schoolId, title: 'Reading', standard: 'Reading', target_percent: 75, target_date: '2027-05-28', created_by: people.principal })
    .returning('id')
    .executeTakeFirstOrThrow();
  const notification = await t.db.insertInto('notifications').values({ person_id: people.principal, kind: 'visit_shared', title: 'Fixture' }).returning('id').executeTakeFirstOrThrow();
  const conversation = await t.db.insertInto('data_conversations').values({ school_id: schoolId, assessment_id: assessment.id, held_on: '2026-11-24', next_step: 'Reteach', recorded_by: people.principal }).returning('id').executeTakeFirstOrThrow();
  return {
    schoolId,
    ...people,
    classId: cls.id,
    hostClassId: hostClass.id,
    studentId: student!.id,
    lookForId: lookFor.id,
    visitId: await visit(people.principal),
    coachVisitId: await visit(people.coach),
    viewId: view.id,
    assessmentId: assessment.id,
    visionGoalId: goal.id,
    notificationId: notification.id,
    conversationId: conversation.id,
    leadership,
    culture,
    coaching,
  };
}

beforeAll(async () => {
  fresh = await freshDatabase();
  const built = await buildApp({ db: fresh.db, config: { ...loadConfig({}), webDir: '/nonexistent' }, databaseKind: inject('databaseKind'), version: 'test' });
  t = { app: asOwnPages(built.app), db: fresh.db };
  fx = await makeDistrict(t.db);
  const passwordHash = await testPasswordHash();
  const staff = (districtId: string, schoolId: string, role: Role, givenName: string) => createStaff(t.db, { districtId, roles: [{ role, schoolId }], passwordHash, givenName }).then((p) => p.id);
  ap = fx.users.assistant_principal.id;
  own = await makeWorld(fx.district.id, fx.school.id, { principal: fx.users.principal.id, coach: fx.users.coach.id, teacher: fx.users.teacher.id, colleague: fx.otherTeacher.id });
  sameDistrict = await makeWorld(fx.district.id, fx.otherSchool.id, {
    principal: fx.otherSchoolPrincipal.id,
    coach: await staff(fx.district.id, fx.otherSchool.id, 'coach', 'Bea'),
    teacher: await staff(fx.district.id, fx.otherSchool.id, 'teacher', 'Ben'),
    colleague: await staff(fx.district.id, fx.otherSchool.id, 'teacher', 'Bo'),
  });
  const district = await createDistrict(t.db);
  const school = await createSchool(t.db, { districtId: district.id, name: 'Far Away High' });
  otherDistrict = await makeWorld(district.id, school.id, {
    principal: await staff(district.id, school.id, 'principal', 'Cy'),
    coach: await staff(district.id, school.id, 'coach', 'Cal'),
    teacher: await staff(district.id, school.id, 'teacher', 'Cat'),
    colleague: await staff(district.id, school.id, 'teacher', 'Cid'),
  });
  // An evaluation cycle of the own teacher, evaluated by the assistant principal (who cites visits in it).
  evaluationCycleId = randomUUID();
  await t.db
    .insertInto('evaluation_cycles')
    .values({ id: evaluationCycleId, district_id: fx.district.id, school_id: fx.school.id, teacher_id: own.teacher, evaluator_id: ap, school_year: year.name, rubric_key: 'rounds-generic', rubric: JSON.stringify(builtInRubric()), created_by: own.principal })
    .execute();
  operations = await readOperations(t.app);
}, 180_000);
afterAll(async () => {
  await t.app.close();
  await fresh.drop();
});

/** The body with the field at `path` (`a.b`, `list[]`, `list[].x`) set to `id` (the first element of a list). */
function withId(body: unknown, path: string, id: string): unknown {
  const [head, ...rest] = path.split('.');
  const tail = rest.join('.');
  if (head!.endsWith('[]')) {
    const name = head!.slice(0, -2);
    const list = [...((body as Record<string, unknown[]>)[name] ?? [])];
    if (list.length === 0) throw new Error(`the valid body has no element in ${name}: add one so ${path} is tried`);
    list[0] = tail ? withId(list[0], tail, id) : id;
    return { ...(body as object), [name]: list };
  }
  const value = (body as Record<string, unknown>)[head!];
  if (!tail) {
    if (value === undefined) throw new Error(`the valid body has no ${head}: add it so it is tried`);
    return { ...(body as object), [head!]: id };
  }
  return { ...(body as object), [head!]: withId(value, tail, id) };
}

const fieldName = (path: string) => path.split('.').at(-1)!.replace(/\[\]$/, '');

describe('ids in request bodies belong to the route\'s school', () => {
  it('every write route: an id of another school (same district, other district) is a 400 or 404 and writes nothing', async () => {
    const cookies: Record<string, string> = {};
    const cookieOf = async (as: Case['as']) => {
      const person = as === 'ap' ? ap : own[as];
      return (cookies[as] ??= await sessionCookie(t.db, person));
    };
    const send = async (method: string, c: Case, body: unknown) =>
      t.app.inject({ method: method as 'POST', url: c.url(own), headers: { cookie: await cookieOf(c.as) }, payload: body as object });

    const writes = operations.filter((op) => op.method !== 'GET' && op.method !== 'HEAD');
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    let fieldsTried = 0;
    let requests = 0;
    let accepted = 0;
    const notAccepted: string[] = [];
    let rowsWritten = 0;
    const notFounds: string[] = [];
    for (const op of writes) {
      const fields = uuidFields(op.body);
      if (fields.length === 0) continue;
      const key = routeKey(op);
      const c = CASES[key];
      if (!c) {
        failures.push(`${key}: names objects (${fields.join(', ')}) but has no valid body here`);
        continue;
      }
      const restore = async () => {
        await own.leadership.restore();
        await own.coaching.restore();
        await c.before?.(own);
      };
      await restore();
      const baseline = await send(op.method, c, await c.body(own));
      if (baseline.statusCode >= 200 && baseline.statusCode < 300) accepted += 1;
      else notAccepted.push(`${key} -> ${baseline.statusCode} ${baseline.body.slice(0, 160)}`);
      for (const field of fields) {
        const kind = KIND_BY_FIELD[fieldName(field)];
        if (!kind) {
          failures.push(`${key}: no kind known for body.${field}`);
          continue;
        }
        fieldsTried += 1;
        for (const [where, world] of [['same district', sameDistrict], ['other district', otherDistrict]] as const) {
          await restore();
          const body = withId(await c.body(own), field, objectOf(world, kind));
          const before = await fingerprint(t.db);
          const res = await send(op.method, c, body);
          const changed = changedTables(before, await fingerprint(t.db));
          requests += 1;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode !== 400 && where === 'same district') notFounds.push(`${res.statusCode} ${key} body.${field}`);
          const what = `${key} body.${field} = a ${kind} of a school in the ${where} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
          // A new object's own id that another school's object already has is the ordinary conflict of a used id (409,
          // the same answer as for a visit of the own school): it names nothing the caller could read or change.
          const allowed = fieldName(field) === 'id' ? [400, 404, 409] : [400, 404];
          if (!allowed.includes(res.statusCode)) failures.push(what);
          // A 400 names the field (`body.results.0.studentId`), so it is the id that was refused, not something else.
          if (res.statusCode === 400) {
            const pattern = new RegExp(`^body\\.${field.replace(/\./g, '\\.').replace(/\[\]/g, '(\\.\\d+)?')}$`);
            const paths = ((res.json() as { error: { fields?: { path: string }[] } }).error.fields ?? []).map((f) => f.path);
            if (!paths.some((p) => pattern.test(p))) failures.push(`${what}: the 400 does not name body.${field}`);
          }
          if (changed.length > 0) {
            rowsWritten += 1;
            failures.push(`${what}: changed ${changed.join(', ')}`);
          }
        }
      }
    }
    const walked = writes.length;
    const withIds = writes.filter((op) => uuidFields(op.body).length > 0).length;
    console.info(
      `foreign ids: ${walked} write routes walked, ${withIds} name objects in their body; ${fieldsTried} id fields tried, ${requests} requests; ` +
        `baseline accepted with own-school ids: ${accepted} of ${withIds}; statuses ${JSON.stringify(statuses)}; requests that wrote: ${rowsWritten}`,
    );
    console.info(`answered other than 400 (the school or the object is not found, or a used id):\n  ${notFounds.join('\n  ')}`);
    if (notAccepted.length > 0) console.info(`baselines not accepted:\n  ${notAccepted.join('\n  ')}`);
    expect(failures).toEqual([]);
    expect(notAccepted).toEqual([]);
  }, 600_000);
});
