import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/** A hand-made school whose answers are known. */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let A: string;
let B: string;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  const tags = await t.db.insertInto('look_fors').values([{ school_id: fx.school.id, name: 'Student talk', position: 0 }, { school_id: fx.school.id, name: 'Exit ticket', position: 1 }]).returning('id').execute();
  [A, B] = [tags[0]!.id, tags[1]!.id];
  const g3 = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Math 3', grades: ['03'], subjects: ['Mathematics'], teacherIds: [fx.users.teacher.id] });
  const g4 = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Reading 4', grades: ['04'], subjects: ['Reading'], teacherIds: [fx.otherTeacher.id] });
  const visit = async (cls: { id: string }, teacherId: string, startedAt: string, tagIds: string[], schoolId = fx.school.id, cookie = principal) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/visits',
      headers: { cookie },
      payload: { id: randomUUID(), schoolId, teacherId, classId: cls.id, startedAt, durationMinutes: 10, evidence: 'SECRET-EVIDENCE-TEXT', privateNote: 'SECRET-NOTE', tags: tagIds },
    });
    expect(res.statusCode).toBe(201);
  };
  // The period 2 to 15 November: five visits.
  await visit(g3, fx.users.teacher.id, '2026-11-02T09:00:00-06:00', [A]);
  await visit(g3, fx.users.teacher.id, '2026-11-04T13:00:00-06:00', [A]);
  await visit(g4, fx.otherTeacher.id, '2026-11-05T09:30:00-06:00', [A, B]);
  await visit(g4, fx.otherTeacher.id, '2026-11-10T10:00:00-06:00', [B]);
  await visit(g3, fx.users.teacher.id, '2026-11-12T10:00:00-06:00', []);
  // The fortnight before: two visits, both with the exit ticket.
  await visit(g3, fx.users.teacher.id, '2026-10-20T09:00:00-05:00', [B]);
  await visit(g3, fx.users.teacher.id, '2026-10-27T09:00:00-05:00', [B]);
  // The other school: three visits, too few to show the district.
  const otherPrincipal = await sessionCookie(t.db, fx.otherSchoolPrincipal.id);
  const teacherThere = await t.db.insertInto('role_assignments').values({ person_id: fx.otherTeacher.id, district_id: fx.district.id, school_id: fx.otherSchool.id, role: 'teacher' }).returning('id').execute();
  expect(teacherThere).toHaveLength(1);
  const there = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.otherSchool.id, title: 'Art', teacherIds: [fx.otherTeacher.id] });
  for (const day of ['03', '04', '05']) await visit(there, fx.otherTeacher.id, `2026-11-${day}T10:00:00-06:00`, [], fx.otherSchool.id, otherPrincipal);
});
afterAll(() => t.close());

const range = 'from=2026-11-02&to=2026-11-15';

describe('school insights', () => {
  it('computes look-fors by week, by grade, changes and equity exactly', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/insights/school?schoolId=${fx.school.id}&${range}&breakdown=grade`, headers: { cookie: principal } });
    expect(res.statusCode).toBe(200);
    const i = res.json();
    expect(i.totalVisits).toBe(5);
    expect(i.weeks).toEqual(['2026-11-02', '2026-11-09']);
    expect(i.visitsPerWeek).toEqual([3, 2]);
    expect(i.tags).toEqual([
      { id: A, name: 'Student talk', visits: 3, share: 0.6, perWeek: [3, 0] },
      { id: B, name: 'Exit ticket', visits: 2, share: 0.4, perWeek: [1, 1] },
    ]);
    expect(i.breakdown.rows).toEqual([
      { key: '03', label: 'Grade 3', visits: 3, tags: { [A]: 2 } },
      { key: '04', label: 'Grade 4', visits: 2, tags: { [A]: 1, [B]: 2 } },
    ]);
    expect(i.changes).toEqual([
      { id: A, name: 'Student talk', previousShare: 0, currentShare: 0.6, delta: 0.6 },
      { id: B, name: 'Exit ticket', previousShare: 1, currentShare: 0.4, delta: -0.6 },
    ]);
    expect(i.equity.grades).toEqual([
      { key: '03', teachers: 1, visits: 3, perTeacher: 3 },
      { key: '04', teachers: 1, visits: 2, perTeacher: 2 },
    ]);
    expect(res.body).not.toContain('SECRET');
  });

  it('filters by grade and breaks down by hour and observer', async () => {
    const g4 = (await t.app.inject({ method: 'GET', url: `/api/insights/school?schoolId=${fx.school.id}&${range}&grade=04&breakdown=hour`, headers: { cookie: principal } })).json();
    expect(g4.totalVisits).toBe(2);
    expect(g4.breakdown.rows).toEqual([
      { key: '09', label: '09:00', visits: 1, tags: { [A]: 1, [B]: 1 } },
      { key: '10', label: '10:00', visits: 1, tags: { [B]: 1 } },
    ]);
    const byObserver = (await t.app.inject({ method: 'GET', url: `/api/insights/school?schoolId=${fx.school.id}&${range}&breakdown=observer`, headers: { cookie: principal } })).json();
    expect(byObserver.breakdown.rows).toEqual([{ key: fx.users.principal.id, label: fx.users.principal.name, visits: 5, tags: { [A]: 3, [B]: 2 } }]);
    const bad = await t.app.inject({ method: 'GET', url: `/api/insights/school?schoolId=${fx.school.id}&from=2026-12-01&to=2026-11-01`, headers: { cookie: principal } });
    expect(bad.statusCode).toBe(400);
  });

  it('exports the same numbers as XLSX and CSV', async () => {
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/insights/school/export?schoolId=${fx.school.id}&${range}&breakdown=grade&format=xlsx`, headers: { cookie: principal } });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Look-fors')!;
    const rows = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([
      ['Look-for', 'Visits', 'Share of visits', 'Grade 3 (visits with it)', 'Grade 4 (visits with it)'],
      ['Student talk', 3, 0.6, 2, 1],
      ['Exit ticket', 2, 0.4, 0, 2],
      ['All visits', 5, 1, 3, 2],
    ]);
    const csv = await t.app.inject({ method: 'GET', url: `/api/insights/school/export?schoolId=${fx.school.id}&${range}&format=csv`, headers: { cookie: principal } });
    expect(csv.body).toContain('Student talk,3,0.6,2,1');
  });
});

describe('district insights, views and decisions', () => {
  it('shows counts and rates per school, suppresses fewer than 5 visits, and never any text', async () => {
    const leader = await sessionCookie(t.db, fx.users.district_leader.id);
    const res = await t.app.inject({ method: 'GET', url: `/api/insights/district?${range}`, headers: { cookie: leader } });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.schools.find((s: { id: string }) => s.id === fx.school.id)).toEqual({ id: fx.school.id, name: 'North Elementary', visits: 5, suppressed: false, lookForShares: { 'Student talk': 0.6, 'Exit ticket': 0.4 } });
    expect(d.schools.find((s: { id: string }) => s.id === fx.otherSchool.id)).toEqual({ id: fx.otherSchool.id, name: 'South Middle', visits: null, suppressed: true, lookForShares: {} });
    expect(res.body).not.toContain('SECRET');
    expect((await t.app.inject({ method: 'GET', url: `/api/insights/school?schoolId=${fx.school.id}`, headers: { cookie: leader } })).statusCode).toBe(403);
  });

  it('saves a view and records a decision citing it, then its effect', async () => {
    const view = await t.app.inject({ method: 'POST', url: `/api/schools/${fx.school.id}/insight-views`, headers: { cookie: principal }, payload: { name: 'Grade 4 in November', filters: { from: '2026-11-02', to: '2026-11-15', grade: '04', breakdown: 'hour' } } });
    expect(view.statusCode).toBe(201);
    const bad = await t.app.inject({ method: 'POST', url: `/api/schools/${fx.school.id}/decisions`, headers: { cookie: principal }, payload: { kind: 'pd', title: 'x', decidedOn: '2026-11-20', decidedBy: 'ILT', howDecided: 'consensus', visitIds: [randomUUID()] } });
    expect(bad.json().error.fields).toEqual([{ path: 'body.visitIds.0', message: 'Not a visit of this school you can open' }]);
    const decision = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${fx.school.id}/decisions`,
      headers: { cookie: principal },
      payload: { kind: 'pd', title: 'PD on exit tickets for grade 4', rationale: 'Exit tickets seen in most grade 4 visits', decidedOn: '2026-11-20', decidedBy: 'Instructional Leadership Team', howDecided: 'Team consensus', viewId: view.json().id },
    });
    expect(decision.statusCode).toBe(201);
    const effect = await t.app.inject({ method: 'PATCH', url: `/api/schools/${fx.school.id}/decisions/${decision.json().id}`, headers: { cookie: principal }, payload: { effect: 'Used in grade 3 too', effectRecordedOn: '2027-01-10' } });
    expect(effect.json()).toMatchObject({ effect: 'Used in grade 3 too', viewId: view.json().id });
    // With no model stated, the decision keeps its free-text "how" and no mode.
    expect(effect.json()).toMatchObject({ mode: null, statedMode: null, departsFromModel: false, participants: [], team: null });
    const teacherSees = await t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/decisions`, headers: { cookie: await sessionCookie(t.db, fx.users.teacher.id) } });
    expect(teacherSees.json().map((d: { title: string }) => d.title)).toEqual(['PD on exit tickets for grade 4']);
    const remove = await t.app.inject({ method: 'DELETE', url: `/api/schools/${fx.school.id}/insight-views/${view.json().id}`, headers: { cookie: principal } });
    expect(remove.statusCode).toBe(400);
  });
});
