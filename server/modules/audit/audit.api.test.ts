import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createDistrict, createStaff, createStudents } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let admin: string;
let ana: { id: string };
let ben: { id: string };
let assessmentId: string;

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const school = () => `/api/schools/${fx.school.id}`;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  admin = await sessionCookie(t.db, fx.users.district_admin.id);
  [ana, ben] = (await createStudents(t.db, fx.district.id, fx.school.id, [
    { givenName: 'Ana', familyName: 'Auditee', grade: '03', sourcedId: `audit-ana-${Date.now()}` },
    { givenName: 'Ben', familyName: 'Bystander', grade: '03', sourcedId: `audit-ben-${Date.now()}` },
  ])) as [{ id: string }, { id: string }];
  const anaClass = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Audit 3A', teacherIds: [fx.users.teacher.id], studentIds: [ana.id] });
  await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Audit 3B', teacherIds: [fx.otherTeacher.id], studentIds: [ben.id] });
  const teacher = await sessionCookie(t.db, fx.users.teacher.id);
  const made = await t.app.inject({
    method: 'POST',
    url: `${school()}/assessments`,
    headers: { cookie: teacher },
    payload: { name: 'Audit exit ticket', givenOn: '2026-11-20', classIds: [anaClass.id], standards: ['Fractions'], scale: 'percent', proficiencyCut: 80 },
  });
  expect(made.statusCode, made.body).toBe(201);
  assessmentId = made.json().id;
  // The teacher records and reads the class's grid; the principal opens Ana's results.
  expect((await t.app.inject({ method: 'PUT', url: `${school()}/assessments/${assessmentId}/results`, headers: { cookie: teacher }, payload: { results: [{ studentId: ana.id, score: 90 }] } })).statusCode).toBe(200);
  expect((await get(`${school()}/assessments/${assessmentId}/results`, teacher)).statusCode).toBe(200);
  expect((await get(`${school()}/students/${ana.id}/assessment-results`, await sessionCookie(t.db, fx.users.principal.id))).statusCode).toBe(200);
});
afterAll(() => t.close());

describe('the audit log', () => {
  it('is append-only: no update, delete or truncate, even for the table owner', async () => {
    const before = await t.db.selectFrom('audit_log').where('district_id', '=', fx.district.id).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await expect(t.db.updateTable('audit_log').set({ action: 'tampered' }).where('actor_id', '=', fx.users.teacher.id).execute()).rejects.toThrow(/append-only: UPDATE/);
    await expect(t.db.deleteFrom('audit_log').where('actor_id', '=', fx.users.teacher.id).execute()).rejects.toThrow(/append-only: DELETE/);
    await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/append-only: TRUNCATE/);
    const after = await t.db.selectFrom('audit_log').where('district_id', '=', fx.district.id).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("answers who looked at a student's results: their own reads and the grids and records of assessments that include them", async () => {
    const res = await get(`/api/admin/audit?studentId=${ana.id}`, admin);
    expect(res.statusCode, res.body).toBe(200);
    const entries = res.json().entries as { action: string; actor: { id: string; name: string }; subject: string; school: { id: string } }[];
    expect(entries.map((e) => [e.action, e.actor.id, e.subject])).toEqual([
      ['assessment.student_viewed', fx.users.principal.id, 'Ana Auditee'],
      ['assessment.results_viewed', fx.users.teacher.id, 'Audit exit ticket'],
      ['assessment.results_recorded', fx.users.teacher.id, 'Audit exit ticket'],
    ]);
    expect(entries.every((e) => e.school.id === fx.school.id)).toBe(true);
    // Ben is in another class: nobody looked at his results.
    expect((await get(`/api/admin/audit?studentId=${ben.id}`, admin)).json().entries).toEqual([]);
  });

  it('filters by actor and action, pages newest first, and keeps to the admin’s district', async () => {
    const mine = (await get(`/api/admin/audit?actorId=${fx.users.teacher.id}&action=assessment`, admin)).json();
    expect(mine.entries.map((e: { action: string }) => e.action)).toEqual(['assessment.results_viewed', 'assessment.results_recorded']);
    const first = (await get(`/api/admin/audit?studentId=${ana.id}&limit=2`, admin)).json();
    expect(first.entries).toHaveLength(2);
    expect(first.nextBefore).toBe(first.entries[1].id);
    const second = (await get(`/api/admin/audit?studentId=${ana.id}&limit=2&before=${first.nextBefore}`, admin)).json();
    expect(second.entries.map((e: { action: string }) => e.action)).toEqual(['assessment.results_recorded']);
    expect(second.nextBefore).toBeNull();
    const other = await createDistrict(t.db);
    const stranger = await createStaff(t.db, { districtId: other.id, roles: [{ role: 'district_admin' }] });
    expect((await get(`/api/admin/audit?studentId=${ana.id}`, await sessionCookie(t.db, stranger.id))).json().entries).toEqual([]);
    expect((await get('/api/admin/audit/people?q=Auditee', await sessionCookie(t.db, stranger.id))).json()).toEqual([]);
  });

  it('finds students and staff by name to choose whose trail to read', async () => {
    const found = (await get('/api/admin/audit/people?q=auditee', admin)).json();
    expect(found).toEqual([expect.objectContaining({ id: ana.id, name: 'Ana Auditee', kind: 'student' })]);
    expect((await get('/api/admin/audit/people?q=%25%25', admin)).json()).toEqual([]);
  });

  it('bad filters answer 400 naming the field', async () => {
    for (const query of ['from=yesterday', 'studentId=nope', 'limit=5000', 'before=abc', 'action=DROP TABLE']) {
      const res = await get(`/api/admin/audit?${query}`, admin);
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json().error.fields), query).toContain(query.split('=')[0]);
    }
    expect((await get('/api/admin/audit/people?q=a', admin)).statusCode).toBe(400);
  });
});
