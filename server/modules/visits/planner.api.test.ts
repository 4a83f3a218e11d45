import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createStaff, createTerm } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let cookie: string;
const teachers: Record<'ana' | 'ben' | 'cal', { id: string; name: string }> = {} as never;
const classes: Record<'ana' | 'ben' | 'cal', { id: string }> = {} as never;

// Monday 23 November 2026, 09:30 in Chicago (the schools' default time zone).
const MONDAY_0930 = '2026-11-23T09:30:00-06:00';
const TUESDAY_NOON = '2026-11-24T12:00:00-06:00';

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  cookie = await sessionCookie(t.db, fx.users.principal.id);
  const make = async (key: 'ana' | 'ben' | 'cal', given: string, subject: string, grade: string, start: string, end: string) => {
    teachers[key] = await createStaff(t.db, { districtId: fx.district.id, givenName: given, familyName: 'Planner', roles: [{ role: 'teacher', schoolId: fx.school.id }] });
    classes[key] = await createClass(t.db, {
      districtId: fx.district.id,
      schoolId: fx.school.id,
      title: `${subject} ${grade}`,
      subjects: [subject],
      grades: [grade],
      teacherIds: [teachers[key].id],
      meetings: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, period: start, start, end })),
    });
  };
  // Ana and Ben teach at 9:00; Cal teaches only after lunch (planning in the morning).
  await make('ana', 'Ana', 'Mathematics', '03', '09:00', '10:00');
  await make('ben', 'Ben', 'Reading', '04', '09:00', '10:00');
  await make('cal', 'Cal', 'Science', '05', '13:00', '14:00');
  await createTerm(t.db, { districtId: fx.district.id, title: 'Fall', type: 'semester', start: '2026-08-17', end: '2027-01-15' });
});
afterAll(() => t.close());

const visit = (teacher: keyof typeof teachers, startedAt: string, by = cookie) =>
  t.app.inject({
    method: 'POST',
    url: '/api/visits',
    headers: { cookie: by },
    payload: { id: randomUUID(), schoolId: fx.school.id, teacherId: teachers[teacher].id, classId: classes[teacher].id, startedAt, durationMinutes: 8, evidence: 'Seen.', tags: [] },
  });
const plan = async (at: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/planner?schoolId=${fx.school.id}&at=${encodeURIComponent(at)}`, headers: { cookie } })).json();

describe('GET /api/planner', () => {
  it('suggests only teachers teaching now, ranks the longest-unseen first, and lists the rest of the day', async () => {
    expect((await visit('ana', '2026-11-16T09:10:00-06:00')).statusCode).toBe(201);
    const p = await plan(MONDAY_0930);
    expect(p.date).toBe('2026-11-23');
    expect(p.time).toBe('09:30');
    expect(p.now.map((s: { teacher: { id: string } }) => s.teacher.id)).toEqual([teachers.ben.id, teachers.ana.id]);
    expect(p.now[0].reasons).toContain('Not visited yet');
    expect(p.now[1].reasons[0]).toBe('Last visited 7 days ago');
    expect(p.now[1]).toMatchObject({ start: '09:00', end: '10:00', class: { id: classes.ana.id } });
    expect(p.later.map((s: { teacher: { id: string } }) => s.teacher.id)).toEqual([teachers.cal.id]);
    expect(p.goal).toEqual({ daily: 3, doneToday: 0 });
  });

  it('suggests nobody during lunch or planning time, and skips a teacher already seen today', async () => {
    const lunch = await plan('2026-11-23T12:00:00-06:00');
    expect(lunch.now).toEqual([]);
    expect(lunch.later.map((s: { teacher: { id: string } }) => s.teacher.id)).toEqual([teachers.cal.id]);
    const saturday = await plan('2026-11-28T10:00:00-06:00');
    expect(saturday.now).toEqual([]);
    expect(saturday.later).toEqual([]);
    expect((await visit('ben', '2026-11-23T09:05:00-06:00')).statusCode).toBe(201);
    // Visited yesterday afternoon is one school-calendar day ago this morning, not "today".
    const tuesday = await plan('2026-11-24T09:05:00-06:00');
    expect(tuesday.now.find((x: { teacher: { id: string } }) => x.teacher.id === teachers.ben.id).reasons[0]).toBe('Last visited 1 day ago');
    const after = await plan(MONDAY_0930);
    expect(after.now.map((s: { teacher: { id: string } }) => s.teacher.id)).toEqual([teachers.ana.id]);
    expect(after.goal).toEqual({ daily: 3, doneToday: 1 });
  });

  it('uses the leader\'s own daily goal', async () => {
    const set = await t.app.inject({ method: 'PUT', url: '/api/me/visit-goal', headers: { cookie }, payload: { daily: 5 } });
    expect(set.statusCode).toBe(200);
    expect((await plan(MONDAY_0930)).goal.daily).toBe(5);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/me/visit-goal', headers: { cookie }, payload: { daily: 0 } });
    expect(bad.json().error.fields).toEqual([{ path: 'body.daily', message: 'At least 1 visit a day' }]);
  });
});

describe('GET /api/coverage', () => {
  it("shows every teacher's last visit, visits per week this term, flags the unvisited, and the observers' numbers", async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/coverage?schoolId=${fx.school.id}&days=30&at=${encodeURIComponent(TUESDAY_NOON)}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.term).toEqual({ title: 'Fall', start: '2026-08-17', end: '2027-01-15' });
    expect(c.weeks[0]).toBe('2026-08-17');
    const byId = new Map(c.teachers.map((x: { id: string }) => [x.id, x]));
    const ana = byId.get(teachers.ana.id) as { visitsThisTerm: number; perWeek: number[]; flagged: boolean; lastVisitAt: string };
    expect(ana.visitsThisTerm).toBe(1);
    expect(ana.perWeek[c.weeks.indexOf('2026-11-16')]).toBe(1);
    expect(ana.lastVisitAt).toBe('2026-11-16T15:10:00.000Z');
    expect((byId.get(teachers.cal.id) as { flagged: boolean }).flagged).toBe(true);
    expect((byId.get(fx.users.teacher.id) as { flagged: boolean }).flagged).toBe(true);
    const me = c.observers.find((o: { id: string }) => o.id === fx.users.principal.id);
    expect(me.thisTerm).toBe(2);
    // Leaders who have not visited yet are listed with zeros: their numbers are visible too.
    expect(c.observers.find((o: { id: string }) => o.id === fx.users.coach.id)).toMatchObject({ today: 0, thisWeek: 0, thisTerm: 0, perSchoolDay: 0 });
    expect(c.observers.some((o: { id: string }) => o.id === fx.users.teacher.id)).toBe(false);
  });

  it('district leaders see counts per school and nothing else; teachers cannot open coverage', async () => {
    const leader = await sessionCookie(t.db, fx.users.district_leader.id);
    const res = await t.app.inject({ method: 'GET', url: `/api/district/coverage?at=${encodeURIComponent(TUESDAY_NOON)}`, headers: { cookie: leader } });
    expect(res.statusCode).toBe(200);
    const school = res.json().schools.find((s: { id: string }) => s.id === fx.school.id);
    expect(school).toMatchObject({ teachers: 5, visitsThisTerm: 2, unvisitedDays: 14 });
    expect(res.body).not.toContain('Seen.');
    expect(res.body).not.toContain('Planner');
    const teacher = await sessionCookie(t.db, fx.users.teacher.id);
    expect((await t.app.inject({ method: 'GET', url: `/api/coverage?schoolId=${fx.school.id}`, headers: { cookie: teacher } })).statusCode).toBe(403);
  });
});
