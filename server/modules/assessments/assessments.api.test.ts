import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createStudents } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/**
 * A hand-made school: 12 grade 3 students, class A (Tess: s1-s6) and class B (Otto: s7-s12), two assessments.
 * A1 (2026-11-02, points /10, cut 8, Fractions + Math) percent:   100 80 60 90 40 70 | 50 100 80 30 90 60
 * A2 (2026-11-09, percent, cut 80, Fractions):                     90 70 80 100 50 60 | 40 90 85 55 75 65
 * English learners s5 s6 s7 s10 s12; free/reduced lunch odd students; female s1-s6; white s1-s8, black s9-s12.
 */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let tess: string;
let otto: string;
let leader: string;
let s: string[];
let classA: string;
let classB: string;
let a1: string;
let a2: string;
let a3: string;
const A1 = [10, 8, 6, 9, 4, 7, 5, 10, 8, 3, 9, 6];
const A2 = [90, 70, 80, 100, 50, 60, 40, 90, 85, 55, 75, 65];
const EL = [5, 6, 7, 10, 12];

const base = () => `/api/schools/${fx.school.id}`;
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const put = (url: string, cookie: string, payload: object) => t.app.inject({ method: 'PUT', url, headers: { cookie }, payload });
const create = async (cookie: string, body: object) => {
  const res = await t.app.inject({ method: 'POST', url: `${base()}/assessments`, headers: { cookie }, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  tess = await sessionCookie(t.db, fx.users.teacher.id);
  otto = await sessionCookie(t.db, fx.otherTeacher.id);
  leader = await sessionCookie(t.db, fx.users.district_leader.id);
  const students = await createStudents(
    t.db,
    fx.district.id,
    fx.school.id,
    Array.from({ length: 12 }, (_, i) => ({
      givenName: `S${i + 1}`,
      familyName: `Student${String(i + 1).padStart(2, '0')}`,
      grade: '03',
      sourcedId: `hc-s${i + 1}`,
      demographics: { englishLearner: EL.includes(i + 1), freeReducedLunch: i % 2 === 0, gender: i < 6 ? 'female' : 'male', raceEthnicity: [i < 8 ? 'white' : 'black'] },
    })),
  );
  s = students.map((x) => x.id);
  classA = (await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Math 3A', grades: ['03'], teacherIds: [fx.users.teacher.id], studentIds: s.slice(0, 6) })).id;
  classB = (await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Math 3B', grades: ['03'], teacherIds: [fx.otherTeacher.id], studentIds: s.slice(6) })).id;
  a1 = await create(principal, { name: 'Fractions check 1', givenOn: '2026-11-02', classIds: [classA, classB], standards: ['Fractions', 'Math'], scale: 'points', maxPoints: 10, proficiencyCut: 8 });
  a2 = await create(principal, { name: 'Fractions check 2', givenOn: '2026-11-09', classIds: [classA, classB], standards: ['Fractions'], scale: 'percent', proficiencyCut: 80 });
  a3 = await create(otto, { name: 'Otto only', givenOn: '2026-11-10', classIds: [classB], standards: ['Fractions'], scale: 'rubric', proficiencyCut: 3 });
  // Each teacher records their own class of A1; the principal imports A2 as CSV by roster id.
  const mine = (from: number, to: number) => s.slice(from, to).map((studentId, i) => ({ studentId, score: A1[from + i]! }));
  expect((await put(`${base()}/assessments/${a1}/results`, tess, { results: mine(0, 6) })).json()).toEqual({ recorded: 6, removed: 0 });
  expect((await put(`${base()}/assessments/${a1}/results`, otto, { results: mine(6, 12) })).json()).toEqual({ recorded: 6, removed: 0 });
  const csv = ['sourcedId,score', ...A2.map((v, i) => `hc-s${i + 1},${v}`)].join('\n');
  const imported = await t.app.inject({ method: 'POST', url: `${base()}/assessments/${a2}/results/import`, headers: { cookie: principal, 'content-type': 'text/csv' }, payload: csv });
  expect(imported.json()).toEqual({ recorded: 12, removed: 0 });
});
afterAll(() => t.close());

const range = 'from=2026-11-01&to=2026-11-15';
const shown = (students: number, results: number, percentProficient: number, meanPercent: number) => ({ suppressed: false, students, results, percentProficient, meanPercent });
const hidden = { suppressed: true };

describe('analysis (hand-computed)', () => {
  it('suppresses every group under 10 students, and the partner of a lone suppressed group', async () => {
    const res = await get(`${base()}/assessment-analysis?${range}`, principal);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a.minimumGroupSize).toBe(10);
    expect(a.assessments).toBe(2);
    expect(a.overall).toEqual(shown(12, 24, 45.8, 71.3));
    expect(a.byStandard).toEqual([
      { key: 'Fractions', label: 'Fractions', stats: shown(12, 24, 45.8, 71.3) },
      { key: 'Math', label: 'Math', stats: shown(12, 12, 50, 70.8) },
    ]);
    expect(a.overTime).toEqual([
      { key: '2026-11-02', label: '2026-11-02', stats: shown(12, 12, 50, 70.8) },
      { key: '2026-11-09', label: '2026-11-09', stats: shown(12, 12, 41.7, 71.7) },
    ]);
    expect(a.byGrade).toEqual([{ key: '03', label: 'Grade 3', stats: shown(12, 24, 45.8, 71.3) }]);
    expect(a.byClass.map((r: { stats: unknown }) => r.stats)).toEqual([hidden, hidden]);
    expect(a.bySubgroup.length).toBeGreaterThan(0);
    for (const g of a.bySubgroup) {
      expect(g.stats).toEqual(hidden);
      expect(g.gapPoints).toBeNull();
      expect(g.description).toContain('not shown');
    }
    // The export carries no numbers for the suppressed groups either.
    const csv = await get(`${base()}/assessment-analysis/export?${range}`, principal);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Whole group,North Elementary,12,24,45.8,71.3,');
    expect(csv.body).toContain('Class,Math 3A,suppressed,,,,');
    expect(csv.body).toContain('Subgroup,English learners,suppressed,,,,');
  });

  it('at a minimum of 5 shows classes and subgroups with the gap to the whole group', async () => {
    expect((await put(`${base()}/assessment-settings`, tess, { minimumGroupSize: 5 })).statusCode).toBe(403);
    expect((await put(`${base()}/assessment-settings`, principal, { minimumGroupSize: 4 })).statusCode).toBe(400);
    expect((await put(`${base()}/assessment-settings`, principal, { minimumGroupSize: 5 })).json()).toEqual({ minimumGroupSize: 5 });
    try {
      const a = (await get(`${base()}/assessment-analysis?${range}`, principal)).json();
      expect(a.byClass).toEqual([
        { key: classA, label: 'Math 3A', stats: shown(6, 12, 50, 74.2) },
        { key: classB, label: 'Math 3B', stats: shown(6, 12, 41.7, 68.3) },
      ]);
      const sub = (dimension: string, key: string) => a.bySubgroup.find((g: { dimension: string; key: string }) => g.dimension === dimension && g.key === key);
      expect(sub('english_learner', 'true')).toEqual({
        dimension: 'english_learner',
        key: 'true',
        label: 'English learners',
        stats: shown(5, 10, 0, 52),
        gapPoints: -19.3,
        proficiencyGapPoints: -45.8,
        description: 'English learners: 5 students scored a mean of 52% of the maximum, 19.3 points below the whole group (71.3%); 0% of their results were at or above the proficiency cut (whole group 45.8%).',
      });
      expect(sub('english_learner', 'false')).toMatchObject({ stats: shown(7, 14, 78.6, 85), gapPoints: 13.8, proficiencyGapPoints: 32.7 });
      expect(sub('free_reduced_lunch', 'true')).toMatchObject({ stats: shown(6, 12, 50, 70), gapPoints: -1.3 });
      expect(sub('free_reduced_lunch', 'false')).toMatchObject({ stats: shown(6, 12, 41.7, 72.5), gapPoints: 1.3 });
      expect(sub('gender', 'female')).toMatchObject({ label: 'Female', stats: shown(6, 12, 50, 74.2) });
      // 4 black students are under 5; the white group is hidden too, or it would give them away by subtraction.
      expect(sub('race_ethnicity', 'black').stats).toEqual(hidden);
      expect(sub('race_ethnicity', 'white').stats).toEqual(hidden);
      expect(a.bySubgroup.some((g: { description: string }) => /fail|struggl|low-perform|deficien/i.test(g.description))).toBe(false);
      // A teacher's analysis covers only their own class.
      const mine = (await get(`${base()}/assessment-analysis?${range}`, tess)).json();
      expect(mine.overall).toEqual(shown(6, 12, 50, 74.2));
      expect(mine.byClass).toEqual([{ key: classA, label: 'Math 3A', stats: shown(6, 12, 50, 74.2) }]);
    } finally {
      await put(`${base()}/assessment-settings`, principal, { minimumGroupSize: 10 });
    }
  });

  it('a district leader gets the suppressed aggregates but no student-level row', async () => {
    const a = await get(`${base()}/assessment-analysis?${range}`, leader);
    expect(a.statusCode).toBe(200);
    expect(a.json().overall).toEqual(shown(12, 24, 45.8, 71.3));
    expect(a.body).not.toContain('Student01');
    expect((await get(`${base()}/assessments/${a1}/results`, leader)).statusCode).toBe(403);
    expect((await get(`${base()}/students/${s[0]}/assessment-results`, leader)).statusCode).toBe(403);
    expect((await get(`${base()}/assessments`, leader)).statusCode).toBe(403);
  });
});

describe('student-level results', () => {
  it('the grid shows a teacher only their students, a leader all, and every read is audited', async () => {
    const before = await t.db.selectFrom('audit_log').select('id').where('action', 'in', ['assessment.results_viewed', 'assessment.student_viewed']).execute();
    const grid = (await get(`${base()}/assessments/${a1}/results`, tess)).json();
    expect(grid.students.map((x: { id: string }) => x.id)).toEqual(s.slice(0, 6));
    expect(grid.students[0]).toEqual({ id: s[0], name: 'S1 Student01', sourcedId: 'hc-s1', classIds: [classA], score: 10, percent: 100, proficient: true });
    expect(grid.students[2]).toMatchObject({ score: 6, percent: 60, proficient: false });
    const all = (await get(`${base()}/assessments/${a1}/results`, principal)).json();
    expect(all.students.map((x: { score: number }) => x.score)).toEqual(A1);
    expect((await get(`${base()}/assessments/${a3}/results`, tess)).statusCode).toBe(404);
    expect((await get(`${base()}/students/${s[6]}/assessment-results`, tess)).statusCode).toBe(404);
    const one = (await get(`${base()}/students/${s[6]}/assessment-results`, otto)).json();
    expect(one.results.map((r: { name: string; score: number; proficient: boolean }) => [r.name, r.score, r.proficient])).toEqual([
      ['Fractions check 1', 5, false],
      ['Fractions check 2', 40, false],
    ]);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'entity_id', 'school_id']).where('action', 'in', ['assessment.results_viewed', 'assessment.student_viewed']).orderBy('at').orderBy('id').execute();
    expect(audit.length - before.length).toBe(3);
    expect(audit.slice(-3)).toEqual([
      { action: 'assessment.results_viewed', actor_id: fx.users.teacher.id, entity_id: a1, school_id: fx.school.id },
      { action: 'assessment.results_viewed', actor_id: fx.users.principal.id, entity_id: a1, school_id: fx.school.id },
      { action: 'assessment.student_viewed', actor_id: fx.otherTeacher.id, entity_id: s[6], school_id: fx.school.id },
    ]);
  });

  it('bad results answer 400 with field paths and change nothing', async () => {
    const scores = async () => (await t.db.selectFrom('assessment_results').select(['student_id', 'score']).where('assessment_id', '=', a1).orderBy('student_id').execute()).map((r) => `${r.student_id}:${Number(r.score)}`);
    const was = await scores();
    const res = await put(`${base()}/assessments/${a1}/results`, principal, { results: [{ studentId: s[0], score: 7 }, { studentId: s[1], score: 11 }, { studentId: randomUUID(), score: 5 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { path: 'body.results.1.score', message: 'Scores go from 0 to 10 points on this assessment' },
      { path: 'body.results.2.studentId', message: 'Not a student of the assessed classes' },
    ]);
    const teacher = await put(`${base()}/assessments/${a1}/results`, tess, { results: [{ studentId: s[7], score: 5 }] });
    expect(teacher.json().error.fields).toEqual([{ path: 'body.results.0.studentId', message: 'Not a student of the assessed classes you teach' }]);
    const rubric = await put(`${base()}/assessments/${a3}/results`, otto, { results: [{ studentId: s[7], score: 2.5 }] });
    expect(rubric.json().error.fields).toEqual([{ path: 'body.results.0.score', message: 'Use a rubric level: 1, 2, 3 or 4' }]);
    expect(await scores()).toEqual(was);
    const stranger = await t.app.inject({ method: 'POST', url: `${base()}/assessments`, headers: { cookie: tess }, payload: { name: 'x', givenOn: '2026-11-02', classIds: [classB], scale: 'percent', proficiencyCut: 80 } });
    expect(stranger.json().error.fields).toEqual([{ path: 'body.classIds.0', message: 'Not a class you teach in this school' }]);
  });

  it('a CSV with a bad or empty cell is rejected naming line and column, and nothing changes', async () => {
    const before = await t.db.selectFrom('assessment_results').select('score').where('assessment_id', '=', a2).execute();
    const send = (body: string) => t.app.inject({ method: 'POST', url: `${base()}/assessments/${a2}/results/import?filename=week2.csv`, headers: { cookie: principal, 'content-type': 'text/csv' }, payload: body });
    const bad = await send('sourcedId,score\nhc-s1,95\nhc-s2,\nhc-s3,120\nnobody,50\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: 'week2.csv:3:score', message: 'The score is empty: enter a score, or leave the student out of the file' },
      { path: 'week2.csv:4:score', message: 'Use a percent from 0 to 100' },
      { path: 'week2.csv:5:sourcedId', message: 'No student "nobody" in this school' },
    ]);
    expect((await send('')).json().error.fields).toEqual([{ path: 'week2.csv:1', message: expect.stringContaining('empty') }]);
    expect((await send('name,score\nx,1\n')).json().error.fields[0].path).toBe('week2.csv:1');
    expect(await t.db.selectFrom('assessment_results').select('score').where('assessment_id', '=', a2).execute()).toEqual(before);
  });
});

describe('data conversations and deletion', () => {
  it('records a conversation per assessment and lets only its creator or the principal delete', async () => {
    const body = { heldOn: '2026-11-12', participants: ['Tess', 'Otto', 'Cora'], questions: ['Where do the results differ between groups?'], notice: 'Half reached the cut on check 2.', wonder: 'Are word problems the hard part?', tryNext: 'Number lines every day.', nextStep: 'Re-check on Friday (Tess).' };
    const made = await t.app.inject({ method: 'POST', url: `${base()}/assessments/${a1}/conversations`, headers: { cookie: tess }, payload: body });
    expect(made.statusCode, made.body).toBe(201);
    const list = (await get(`${base()}/assessments/${a1}/conversations`, principal)).json();
    expect(list).toEqual([{ ...body, id: made.json().id, assessmentId: a1, recordedBy: { id: fx.users.teacher.id, name: fx.users.teacher.name }, planActions: [] }]);
    // A work-plan action whose evidence links back to the conversation is listed with it.
    const conversationId = made.json().id as string;
    const plan = await t.db.insertInto('work_plans').values({ school_id: fx.school.id, school_year: '2031-32', title: 'Conversation plan', created_by: fx.users.principal.id }).returning('id').executeTakeFirstOrThrow();
    const goal = await t.db.insertInto('plan_goals').values({ plan_id: plan.id, title: 'Fractions' }).returning('id').executeTakeFirstOrThrow();
    const strategy = await t.db.insertInto('plan_strategies').values({ goal_id: goal.id, title: 'Number lines' }).returning('id').executeTakeFirstOrThrow();
    const action = await t.db.insertInto('plan_actions').values({ strategy_id: strategy.id, title: 'Re-check on Friday', owner_id: fx.users.teacher.id }).returning('id').executeTakeFirstOrThrow();
    await t.db
      .insertInto('plan_evidence')
      .values({ action_id: action.id, note: 'From the conversation.', link_path: `/schools/${fx.school.id}/assessments/${a1}#conversation-${conversationId}`, added_by: fx.users.principal.id })
      .execute();
    const linked = (await get(`${base()}/assessments/${a1}/conversations`, principal)).json() as { planActions: unknown[] }[];
    expect(linked[0]!.planActions).toEqual([{ id: action.id, title: 'Re-check on Friday', planId: plan.id }]);
    await t.db.deleteFrom('work_plans').where('id', '=', plan.id).execute();
    expect((await get(`${base()}/assessments/${a3}/conversations`, tess)).statusCode).toBe(404);
    const cora = await sessionCookie(t.db, fx.users.coach.id);
    expect((await t.app.inject({ method: 'DELETE', url: `${base()}/assessments/${a3}`, headers: { cookie: cora } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `${base()}/assessments/${a3}`, headers: { cookie: otto } })).statusCode).toBe(204);
    expect((await get(`${base()}/assessments`, otto)).json().map((x: { name: string }) => x.name)).toEqual(['Fractions check 2', 'Fractions check 1']);
  });
});
