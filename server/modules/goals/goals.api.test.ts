import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createStudents } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

/** 12 grade 3 students; Reading check on 2026-11-02 (points /10, cut 8); a look-for tagged in visits of two weeks. */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let principal: string;
let lookForId: string;
const SCORES = [10, 8, 6, 9, 4, 7, 5, 10, 8, 3, 9, 6];

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  const students = await createStudents(t.db, fx.district.id, fx.school.id, SCORES.map((_, i) => ({ givenName: `G${i}`, familyName: 'Reader', grade: '03' })));
  const cls = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Reading 3', grades: ['03'], teacherIds: [fx.users.teacher.id], studentIds: students.map((x) => x.id) });
  const a = await t.db.insertInto('assessments').values({ district_id: fx.district.id, school_id: fx.school.id, name: 'Reading check', given_on: '2026-11-02', scale: 'points', max_score: 10, proficiency_cut: 8, standards: ['Reading'], created_by: fx.users.principal.id }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('assessment_classes').values({ assessment_id: a.id, class_id: cls.id }).execute();
  await t.db.insertInto('assessment_results').values(students.map((x, i) => ({ assessment_id: a.id, student_id: x.id, school_id: fx.school.id, score: SCORES[i]!, recorded_by: fx.users.principal.id }))).execute();
  lookForId = (await t.db.insertInto('look_fors').values({ school_id: fx.school.id, name: 'Guided reading' }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.insertInto('visit_tag_days').values([{ school_id: fx.school.id, day: '2026-11-03', look_for_id: lookForId, visits: 2 }, { school_id: fx.school.id, day: '2026-11-11', look_for_id: lookForId, visits: 1 }]).execute();
});
afterAll(() => t.close());

describe('vision and goals', () => {
  it('leaders write the vision; every staff member reads it', async () => {
    const body = { vision: 'Every student reads, writes and reasons at grade level.', actions: { students: 'Explain your thinking.', teachers: 'Check for understanding daily.', principals: 'Visit classrooms every day.', staff: 'Know every child by name.' } };
    expect((await t.app.inject({ method: 'PUT', url: `/api/schools/${fx.school.id}/vision`, headers: { cookie: await sessionCookie(t.db, fx.users.teacher.id) }, payload: body })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: `/api/schools/${fx.school.id}/vision`, headers: { cookie: principal }, payload: body })).statusCode).toBe(200);
    const read = await t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/vision`, headers: { cookie: await sessionCookie(t.db, fx.users.teacher.id) } });
    expect(read.json()).toMatchObject({ ...body, updatedBy: { id: fx.users.principal.id } });
  });

  it('a goal shows its progress per assessment date and its look-for visits per week', async () => {
    const bad = await t.app.inject({ method: 'POST', url: `/api/schools/${fx.school.id}/goals`, headers: { cookie: principal }, payload: { title: 'x', measure: { standard: 'Reading' }, targetPercent: 101, targetDate: '2027-05-28' } });
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ path: 'body.targetPercent' })]);
    const made = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${fx.school.id}/goals`,
      headers: { cookie: principal },
      payload: { title: 'Grade 3 reading at level 3', measure: { standard: 'reading', grade: '03' }, baselinePercent: 40, targetPercent: 75, targetDate: '2027-05-28', lookForIds: [lookForId] },
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    const detail = (await t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/goals/${id}?from=2026-11-02&to=2026-11-15`, headers: { cookie: await sessionCookie(t.db, fx.users.district_leader.id) } })).json();
    // 6 of 12 at or above the cut of 8.
    expect(detail.progress).toEqual([{ date: '2026-11-02', week: '2026-11-02', suppressed: false, students: 12, percentAtOrAbove: 50 }]);
    expect(detail.weeks).toEqual(['2026-11-02', '2026-11-09']);
    expect(detail.lookForVisits).toEqual([{ id: lookForId, name: 'Guided reading', perWeek: [2, 1] }]);
    // 70% of the maximum as the threshold: 7 of 12.
    const changed = await t.app.inject({ method: 'PATCH', url: `/api/schools/${fx.school.id}/goals/${id}`, headers: { cookie: principal }, payload: { measure: { standard: 'Reading', grade: '03', thresholdPercent: 70 } } });
    expect(changed.json().progress[0]).toMatchObject({ percentAtOrAbove: 58.3 });
    // A minimum group size above 12 suppresses the point.
    await t.db.insertInto('school_assessment_settings').values({ school_id: fx.school.id, minimum_group_size: 13 }).execute();
    const list = (await t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/goals`, headers: { cookie: principal } })).json();
    expect(list[0].latest).toEqual({ date: '2026-11-02', week: '2026-11-02', suppressed: true });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/schools/${fx.school.id}/goals/${id}`, headers: { cookie: principal } })).statusCode).toBe(204);
  });
});
