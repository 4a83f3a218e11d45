import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createStudents } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let mine: { id: string };
let theirs: { id: string };

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  const students = await createStudents(t.db, fx.district.id, fx.school.id, [
    { givenName: 'Ana', familyName: 'Zee', grade: '03' },
    { givenName: 'Bo', familyName: 'Young', grade: '03' },
  ]);
  mine = await createClass(t.db, {
    districtId: fx.district.id,
    schoolId: fx.school.id,
    title: 'Grade 3 Math',
    subjects: ['Mathematics'],
    grades: ['03'],
    room: 'Room 12',
    teacherIds: [fx.users.teacher.id],
    studentIds: students.map((s) => s.id),
    meetings: [
      { weekday: 1, period: '2', start: '09:35', end: '10:35' },
      { weekday: 3, period: '2', start: '09:35', end: '10:35' },
    ],
  });
  theirs = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Grade 3 Reading', teacherIds: [fx.otherTeacher.id] });
});
afterAll(() => t.close());

const get = async (url: string, personId: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: await sessionCookie(t.db, personId) } });

describe('GET /api/schools/{schoolId}/staff', () => {
  it('lists the staff as [{id, name, email, roles}] sorted by family name', async () => {
    const res = await get(`/api/schools/${fx.school.id}/staff`, fx.users.principal.id);
    expect(res.statusCode).toBe(200);
    const staff = res.json() as { id: string; name: string; email: string; roles: string[] }[];
    expect(staff.find((s) => s.id === fx.users.teacher.id)).toEqual({
      id: fx.users.teacher.id,
      name: fx.users.teacher.name,
      email: fx.users.teacher.email,
      roles: ['teacher'],
    });
    // District roles are not school staff; the other school's principal is not here.
    const ids = staff.map((s) => s.id);
    expect(ids).not.toContain(fx.users.district_admin.id);
    expect(ids).not.toContain(fx.otherSchoolPrincipal.id);
    expect(ids).toHaveLength(5); // principal, assistant principal, coach, two teachers
  });

  it('filters by role and by search text', async () => {
    const teachers = (await get(`/api/schools/${fx.school.id}/staff?role=teacher`, fx.users.coach.id)).json();
    expect(teachers.map((s: { id: string }) => s.id).sort()).toEqual([fx.users.teacher.id, fx.otherTeacher.id].sort());
    const search = (await get(`/api/schools/${fx.school.id}/staff?q=otto`, fx.users.coach.id)).json();
    expect(search.map((s: { id: string }) => s.id)).toEqual([fx.otherTeacher.id]);
    const bad = await get(`/api/schools/${fx.school.id}/staff?role=janitor`, fx.users.coach.id);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('querystring.role');
  });

  it('an id that is not a UUID is simply not found', async () => {
    expect((await get('/api/schools/not-a-uuid/staff', fx.users.principal.id)).statusCode).toBe(404);
  });
});

describe('classes and schedules', () => {
  it('a principal sees every class with teachers, size and meetings', async () => {
    const res = await get(`/api/schools/${fx.school.id}/classes`, fx.users.principal.id);
    expect(res.statusCode).toBe(200);
    const classes = res.json() as { id: string; studentCount: number; meetings: unknown[]; teachers: { id: string }[] }[];
    expect(classes.map((c) => c.id).sort()).toEqual([mine.id, theirs.id].sort());
    const math = classes.find((c) => c.id === mine.id)!;
    expect(math).toMatchObject({ studentCount: 2, room: 'Room 12', periods: ['2'], teachers: [{ id: fx.users.teacher.id }] });
    expect(math.meetings).toEqual([
      { weekday: 1, period: '2', start: '09:35', end: '10:35', room: 'Room 12' },
      { weekday: 3, period: '2', start: '09:35', end: '10:35', room: 'Room 12' },
    ]);
  });

  it('a teacher sees only their own classes, and another teacher\'s class is not found', async () => {
    const res = await get(`/api/schools/${fx.school.id}/classes`, fx.users.teacher.id);
    expect(res.json().map((c: { id: string }) => c.id)).toEqual([mine.id]);
    const own = await get(`/api/schools/${fx.school.id}/classes/${mine.id}`, fx.users.teacher.id);
    expect(own.statusCode).toBe(200);
    expect(own.json().students.map((s: { name: string }) => s.name)).toEqual(['Bo Young', 'Ana Zee']);
    expect((await get(`/api/schools/${fx.school.id}/classes/${theirs.id}`, fx.users.teacher.id)).statusCode).toBe(404);
  });

  it("a teacher sees their own schedule but not a colleague's; a coach sees both", async () => {
    const own = await get(`/api/schools/${fx.school.id}/teachers/${fx.users.teacher.id}/schedule`, fx.users.teacher.id);
    expect(own.statusCode).toBe(200);
    expect(own.json().teacher.id).toBe(fx.users.teacher.id);
    expect(own.json().classes.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect((await get(`/api/schools/${fx.school.id}/teachers/${fx.otherTeacher.id}/schedule`, fx.users.teacher.id)).statusCode).toBe(404);
    expect((await get(`/api/schools/${fx.school.id}/teachers/${fx.otherTeacher.id}/schedule`, fx.users.coach.id)).statusCode).toBe(200);
    // A principal is not a teacher: asking for their schedule is not found.
    expect((await get(`/api/schools/${fx.school.id}/teachers/${fx.users.principal.id}/schedule`, fx.users.coach.id)).statusCode).toBe(404);
  });

  it('a district leader sees the school overview with counts', async () => {
    const res = await get(`/api/schools/${fx.school.id}`, fx.users.district_leader.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: fx.school.id, name: 'North Elementary', counts: { staff: 5, teachers: 2, students: 2, classes: 2 } });
  });
});
