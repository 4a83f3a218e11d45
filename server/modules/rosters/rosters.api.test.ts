import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBellPeriods, createStaff } from '../../../db/seed/builders';
import { zipBundle, type BundleFiles } from '../../../db/seed/oneroster-bundle';
import type { RosterImportResult } from '../../../schemas/rosters';
import { makeDistrict, signIn, testApp, testPasswordHash, TEST_PASSWORD, type TestContext } from '../../test/helpers';
import { districtSnapshot, editCsv, multipart, uniqueBundle } from './test-support';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** A fresh district with its signed-in district administrator. */
async function adminOfNewDistrict() {
  const fx = await makeDistrict(t.db);
  const cookie = await signIn(t.app, fx.users.district_admin.email);
  return { fx, cookie, districtId: fx.district.id };
}

const postZip = (cookie: string | undefined, bytes: Uint8Array | string, contentType = 'application/zip') =>
  t.app.inject({
    method: 'POST',
    url: '/api/rosters/oneroster',
    headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) },
    payload: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
  });

async function importOk(cookie: string, files: BundleFiles): Promise<RosterImportResult> {
  const res = await postZip(cookie, zipBundle(files));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const schoolId = async (districtId: string, sourcedId: string) =>
  (await t.db.selectFrom('schools').select('id').where('district_id', '=', districtId).where('sourced_id', '=', sourcedId).executeTakeFirstOrThrow()).id;

describe('access', () => {
  it('anonymous 401, a principal 403, a district administrator may', async () => {
    const { fx, cookie } = await adminOfNewDistrict();
    const zip = zipBundle(uniqueBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 1 }));
    expect((await postZip(undefined, zip)).statusCode).toBe(401);
    const principal = await signIn(t.app, fx.users.principal.email);
    const denied = await postZip(principal, zip);
    expect(denied.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/rosters/imports' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/rosters/imports', headers: { cookie: principal } })).statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/rosters/imports', headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([]);
    expect((await postZip(cookie, zip)).statusCode).toBe(200);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/rosters/oneroster'].post.responses['200']).toBeDefined();
    expect(doc.paths['/api/rosters/imports'].get.responses['200']).toBeDefined();
  });
});

describe('round trip', () => {
  it('imports people, classes, enrollments and demographics, visible through the API', async () => {
    const { fx, cookie, districtId } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 2, teachersPerSchool: 3, studentsPerSchool: 12, classesPerTeacher: 2, classesPerStudent: 3 });
    const result = await importOk(cookie, files);
    expect(result).toMatchObject({ status: 'applied', version: '1.1', districtId });
    expect(result.counts.users).toEqual({ inBundle: 1 + 2 * (1 + 3 + 12), created: 33, updated: 0, unchanged: 0, inactivated: 0 });
    expect(result.counts.classes!.created).toBe(12);
    expect(result.counts.enrollments!.created).toBe(12 + 2 * 12 * 3);
    expect(result.counts.demographics!.created).toBe(24);
    expect(result.counts.roles).toEqual({ added: 2 + 6, removed: 0 });

    const school = await schoolId(districtId, 'school-1');
    const staff = await t.app.inject({ method: 'GET', url: `/api/schools/${school}/staff`, headers: { cookie } });
    expect(staff.statusCode).toBe(200);
    const teachers = staff.json().filter((s: { roles: string[] }) => s.roles.includes('teacher'));
    expect(teachers).toHaveLength(3);
    expect(staff.json().filter((s: { roles: string[] }) => s.roles.includes('principal'))).toHaveLength(1);
    const classes = await t.app.inject({ method: 'GET', url: `/api/schools/${school}/classes`, headers: { cookie } });
    expect(classes.json()).toHaveLength(6);
    expect(classes.json()[0].teachers).toHaveLength(1);
    expect(classes.json().reduce((n: number, c: { studentCount: number }) => n + c.studentCount, 0)).toBe(36);

    const demographics = await t.db
      .selectFrom('student_demographics as d')
      .innerJoin('people as p', 'p.id', 'd.person_id')
      .select(['d.gender', 'd.race_ethnicity', 'd.english_learner', 'd.birth_date'])
      .where('p.district_id', '=', districtId)
      .execute();
    expect(demographics).toHaveLength(24);
    expect(demographics.every((d) => d.gender && d.race_ethnicity.length === 1 && d.english_learner !== null && d.birth_date)).toBe(true);

    // Hand-made accounts and schools are not roster-managed: the import leaves them active.
    const admin = await t.db.selectFrom('people').select('status').where('id', '=', fx.users.district_admin.id).executeTakeFirstOrThrow();
    expect(admin.status).toBe('active');
    const district = await t.db.selectFrom('districts').select('sourced_id').where('id', '=', districtId).executeTakeFirstOrThrow();
    expect(district.sourced_id).toMatch(/^district-/);

    const history = await t.app.inject({ method: 'GET', url: '/api/rosters/imports', headers: { cookie } });
    expect(history.json()[0]).toMatchObject({ id: result.importId, status: 'applied', actor: { id: fx.users.district_admin.id }, problemCount: 0 });
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', result.importId).execute();
    expect(audit.map((a) => a.action)).toEqual(['roster.imported']);
  });

  it('re-importing the same bundle changes nothing', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 1, teachersPerSchool: 3, studentsPerSchool: 10 });
    await importOk(cookie, files);
    const before = await districtSnapshot(t.db, districtId);
    const again = await importOk(cookie, files);
    expect(await districtSnapshot(t.db, districtId)).toEqual(before);
    for (const counts of [again.counts.schools, again.counts.academicSessions, again.counts.courses, again.counts.classes, again.counts.users, again.counts.enrollments, again.counts.demographics]) {
      expect(counts).toMatchObject({ created: 0, updated: 0, inactivated: 0 });
      expect(counts!.unchanged).toBe(counts!.inBundle);
    }
    expect(again.counts.roles).toEqual({ added: 0, removed: 0 });
  });

  it('a changed bundle updates records and marks absent ones inactive, deleting nothing', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 1, teachersPerSchool: 3, studentsPerSchool: 10 });
    await importOk(cookie, files);
    const before = await districtSnapshot(t.db, districtId);
    let changed = editCsv(files, 'users.csv', (r) => (r.sourcedId === 'teacher-1-1' ? { ...r, givenName: 'Renamed' } : r.sourcedId === 'student-1-3' ? null : r));
    changed = editCsv(changed, 'classes.csv', (r) => (r.sourcedId === 'class-1-2-1' ? null : r));
    changed = editCsv(changed, 'enrollments.csv', (r) => (r.userSourcedId === 'student-1-3' || r.classSourcedId === 'class-1-2-1' ? null : r));
    changed = editCsv(changed, 'demographics.csv', (r) => (r.sourcedId === 'student-1-3' ? null : r));
    changed = editCsv(changed, 'courses.csv', (r) => (r.sourcedId === 'course-1-0' ? { ...r, status: 'tobedeleted' } : r));
    const result = await importOk(cookie, changed);
    expect(result.counts.users).toMatchObject({ updated: 1, inactivated: 1, created: 0 });
    expect(result.counts.classes).toMatchObject({ inactivated: 1, updated: 0 });
    expect(result.counts.courses).toMatchObject({ updated: 1 });
    expect(result.counts.enrollments!.inactivated).toBeGreaterThan(0);

    const after = await districtSnapshot(t.db, districtId);
    for (const table of ['schools', 'sessions', 'people', 'courses', 'classes', 'enrollments', 'demographics'] as const) expect(after[table]).toBe(before[table]);
    const person = (id: string) => t.db.selectFrom('people').select(['status', 'given_name']).where('district_id', '=', districtId).where('sourced_id', '=', id).executeTakeFirstOrThrow();
    expect(await person('student-1-3')).toMatchObject({ status: 'inactive' });
    expect(await person('teacher-1-1')).toMatchObject({ status: 'active', given_name: 'Renamed' });
    const cls = await t.db.selectFrom('classes').select('status').where('district_id', '=', districtId).where('sourced_id', '=', 'class-1-2-1').executeTakeFirstOrThrow();
    expect(cls.status).toBe('inactive');
    const course = await t.db.selectFrom('courses').select('status').where('district_id', '=', districtId).where('sourced_id', '=', 'course-1-0').executeTakeFirstOrThrow();
    expect(course.status).toBe('inactive');
  });

  it('keeps manual roles, removes roster roles no longer listed, and takes over a hand-made account by email', async () => {
    const { fx, cookie, districtId } = await adminOfNewDistrict();
    let files = uniqueBundle({ schools: 1, teachersPerSchool: 2, studentsPerSchool: 2 });
    // The hand-made teacher Tess appears in the roster under a SIS id.
    files = editCsv(files, 'users.csv', (r) => (r.sourcedId === 'teacher-1-2' ? { ...r, email: fx.users.teacher.email.toUpperCase() } : r));
    const first = await importOk(cookie, files);
    expect(first.warnings.some((w) => /linked to their roster users/.test(w.message))).toBe(true);
    const tess = await t.db.selectFrom('people').select(['sourced_id', 'status', 'rostered']).where('id', '=', fx.users.teacher.id).executeTakeFirstOrThrow();
    expect(tess).toEqual({ sourced_id: 'teacher-1-2', status: 'active', rostered: true });
    await signIn(t.app, fx.users.teacher.email, TEST_PASSWORD);

    const school = await schoolId(districtId, 'school-1');
    const teacher = await t.db.selectFrom('people').select('id').where('district_id', '=', districtId).where('sourced_id', '=', 'teacher-1-1').executeTakeFirstOrThrow();
    await t.db.insertInto('role_assignments').values({ person_id: teacher.id, district_id: districtId, school_id: school, role: 'coach', source: 'manual' }).execute();
    const demoted = editCsv(files, 'users.csv', (r) => (r.sourcedId === 'teacher-1-1' ? { ...r, role: 'aide' } : r));
    const result = await importOk(cookie, demoted);
    expect(result.counts.roles).toEqual({ added: 0, removed: 1 });
    const roles = await t.db.selectFrom('role_assignments').select(['role', 'source']).where('person_id', '=', teacher.id).execute();
    expect(roles).toEqual([{ role: 'coach', source: 'manual' }]);
  });

  it('builds Monday-Friday meetings from the bell schedule and rebuilds them only on change', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 1, teachersPerSchool: 2, studentsPerSchool: 4, classesPerTeacher: 2 });
    await importOk(cookie, files);
    const school = await schoolId(districtId, 'school-1');
    await createBellPeriods(t.db, school, [
      { period: '1', start: '08:00', end: '08:50' },
      { period: '2', start: '08:55', end: '09:45' },
    ]);
    const second = await importOk(cookie, files);
    expect(second.counts.meetings).toEqual({ classes: 4, meetings: 20 });
    const third = await importOk(cookie, files);
    expect(third.counts.meetings).toEqual({ classes: 0, meetings: 0 });
    const moved = editCsv(files, 'classes.csv', (r) => (r.sourcedId === 'class-1-1-1' ? { ...r, periods: '2' } : r));
    expect((await importOk(cookie, moved)).counts.meetings).toEqual({ classes: 1, meetings: 5 });
    const cls = await t.app.inject({ method: 'GET', url: `/api/schools/${school}/classes`, headers: { cookie } });
    const moved1 = cls.json().find((c: { periods: string[]; teachers: unknown[] }) => c.periods[0] === '2' && c.teachers.length);
    expect(moved1.meetings.map((m: { weekday: number; start: string }) => `${m.weekday} ${m.start}`)).toContain('1 08:55');
  });

  it('imports a OneRoster 1.2 bundle with roles.csv', async () => {
    const { cookie } = await adminOfNewDistrict();
    const result = await importOk(cookie, uniqueBundle({ schools: 1, teachersPerSchool: 2, studentsPerSchool: 3, version: '1.2' }));
    expect(result.version).toBe('1.2');
    expect(result.counts.roles).toEqual({ added: 3, removed: 0 });
  });
});

describe('rejection', () => {
  it('rejects a bundle with bad rows with a precise report and leaves the database exactly unchanged', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 1, teachersPerSchool: 2, studentsPerSchool: 6 });
    await importOk(cookie, files);
    const before = await districtSnapshot(t.db, districtId);
    let bad = editCsv(files, 'users.csv', (r) => (r.sourcedId === 'teacher-1-1' ? { ...r, role: 'wizard', givenName: 'Changed' } : r.sourcedId === 'student-1-1' ? { ...r, familyName: 'Changed' } : r));
    bad = editCsv(bad, 'enrollments.csv', (r) => (r.sourcedId === `enr-class-1-2-1-teacher-1-2` ? { ...r, classSourcedId: 'no-such-class' } : r));
    const userLine = bad['users.csv']!.split('\n').findIndex((l) => l.startsWith('teacher-1-1,')) + 1;
    const enrollmentLine = bad['enrollments.csv']!.split('\n').findIndex((l) => l.includes('no-such-class')) + 1;
    const res = await postZip(cookie, zipBundle(bad));
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/rejected: 2 problems in users.csv, enrollments.csv. Nothing was changed/);
    expect(error.fields).toEqual([
      { path: `users.csv:${userLine}:role`, message: expect.stringMatching(/"wizard" is not a valid role/) },
      { path: `enrollments.csv:${enrollmentLine}:classSourcedId`, message: 'Class "no-such-class" is not known.' },
    ]);
    expect(error.problems[0]).toEqual({ file: 'users.csv', line: userLine, column: 'role', message: expect.any(String) });
    expect(error.problemCount).toBe(2);
    expect(await districtSnapshot(t.db, districtId)).toEqual(before);

    const history = (await t.app.inject({ method: 'GET', url: '/api/rosters/imports', headers: { cookie } })).json();
    expect(history[0]).toMatchObject({ id: error.importId, status: 'rejected', problemCount: 2 });
    expect(history[0].problems).toHaveLength(2);
  });

  it('refuses an empty users.csv that would inactivate everyone, and never inactivates a hand-made district administrator', async () => {
    const { fx, cookie, districtId } = await adminOfNewDistrict();
    const files = editCsv(uniqueBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 2 }), 'users.csv', (r) =>
      r.sourcedId === 'district-admin' ? { ...r, email: fx.users.district_admin.email } : r,
    );
    await importOk(cookie, files);
    const before = await districtSnapshot(t.db, districtId);
    const header = files['users.csv']!.split('\n')[0]!;
    const empty = await postZip(cookie, zipBundle({ 'users.csv': `${header}\n` }));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toEqual([{ path: 'users.csv', message: expect.stringMatching(/has no people, but 5 people from earlier imports are active/) }]);
    expect(await districtSnapshot(t.db, districtId)).toEqual(before);

    const withoutAdmin = await importOk(cookie, editCsv(files, 'users.csv', (r) => (r.sourcedId === 'district-admin' ? null : r)));
    expect(withoutAdmin.counts.users!.inactivated).toBe(0);
    await signIn(t.app, fx.users.district_admin.email);
  });

  it('refuses garbage uploads with a clear 400, never a 500', async () => {
    const { cookie } = await adminOfNewDistrict();
    const notZip = await postZip(cookie, 'this is not a zip at all');
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json().error.message).toMatch(/not a zip file/);
    const empty = await postZip(cookie, '');
    expect(empty.statusCode).toBe(400);
    const json = await t.app.inject({ method: 'POST', url: '/api/rosters/oneroster', headers: { cookie }, payload: { hello: 'world' } });
    expect(json.statusCode).toBe(400);
    const text = await postZip(cookie, 'a,b,c', 'text/csv');
    expect(text.statusCode).toBe(400);
    const txt = multipart([{ name: 'notes.txt', content: 'hi' }]);
    const wrongFile = await t.app.inject({ method: 'POST', url: '/api/rosters/oneroster', headers: { cookie, ...txt.headers }, payload: txt.payload });
    expect(wrongFile.statusCode).toBe(400);
    expect(wrongFile.json().error.message).toMatch(/neither a \.csv nor a \.zip/);
    const junk = multipart([{ name: 'roster.zip', content: 'PK but not really' }]);
    const badZip = await t.app.inject({ method: 'POST', url: '/api/rosters/oneroster', headers: { cookie, ...junk.headers }, payload: junk.payload });
    expect(badZip.statusCode).toBe(400);
    expect(badZip.json().error.message).toMatch(/zip/);
    const noData = multipart([{ name: 'readme.csv', content: 'x' }]);
    const res = await t.app.inject({ method: 'POST', url: '/api/rosters/oneroster', headers: { cookie, ...noData.headers }, payload: noData.payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/no OneRoster data file/);
  });
});

describe('upload forms and untidy files', () => {
  it('accepts several CSV files as multipart, and a zip as multipart', async () => {
    const { cookie } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 3 });
    const form = multipart(Object.entries(files).map(([name, content]) => ({ name, content })));
    const res = await t.app.inject({ method: 'POST', url: '/api/rosters/oneroster', headers: { cookie, ...form.headers }, payload: form.payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts.users.created).toBe(6);
    const zipForm = multipart([{ name: 'export.zip', content: zipBundle(files) }], 'bundle');
    const again = await t.app.inject({ method: 'POST', url: '/api/rosters/oneroster', headers: { cookie, ...zipForm.headers }, payload: zipForm.payload });
    expect(again.statusCode).toBe(200);
    expect(again.json().counts.users.unchanged).toBe(6);
  });

  it('accepts BOM, CRLF, 1/05/2023 dates, blank status and odd headers, with warnings', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    let files = uniqueBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 2 });
    files = editCsv(files, 'enrollments.csv', (r) => ({ ...r, beginDate: '1/05/2023', status: '' }));
    const crlf = (s: string) => '\ufeff' + s.replace(/\n/g, '\r\n');
    files = { ...files, 'users.csv': crlf(files['users.csv']!.replace('givenName', ' GivenName ').replace(',grades', ',gradez')), 'enrollments.csv': crlf(files['enrollments.csv']!) };
    const result = await importOk(cookie, files);
    const messages = result.warnings.map((w) => w.message).join('\n');
    for (const expected of [/byte-order mark/, /CRLF/, /M\/D\/YYYY/, /Blank status/, /read as givenName/, /"gradez" is not a OneRoster column/]) {
      expect(messages).toMatch(expected);
    }
    const dates = await t.db.selectFrom('enrollments').select('begin_date').distinct().where('district_id', '=', districtId).execute();
    expect(dates).toEqual([{ begin_date: '2023-01-05' }]);
  });

  it('refuses a staff email that belongs to an account in another district', async () => {
    const { cookie } = await adminOfNewDistrict();
    const other = await makeDistrict(t.db);
    const outsider = await createStaff(t.db, { districtId: other.district.id, passwordHash: await testPasswordHash() });
    const files = editCsv(uniqueBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 1 }), 'users.csv', (r) =>
      r.sourcedId === 'teacher-1-1' ? { ...r, email: outsider.email } : r,
    );
    const res = await postZip(cookie, zipBundle(files));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toEqual({ path: 'users.csv:4:email', message: expect.stringMatching(/outside this district/) });
  });
});
