import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toCsv, zipBundle, type BundleFiles } from '../../../db/seed/oneroster-bundle';
import type { RosterImportResult } from '../../../schemas/rosters';
import { makeDistrict, signIn, testApp, type TestContext } from '../../test/helpers';
import { MAX_BUNDLE_BYTES, MAX_CSV_BYTES } from './csv';
import { districtSnapshot, editCsv, manifest, multipart, uniqueBundle } from './test-support';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());
afterEach(() => {
  delete process.env.ROSTER_DEACTIVATION_LIMIT_PERCENT;
});

async function adminOfNewDistrict() {
  const fx = await makeDistrict(t.db);
  const cookie = await signIn(t.app, fx.users.district_admin.email);
  return { fx, cookie, districtId: fx.district.id };
}

const post = (cookie: string, bytes: Uint8Array, query = '') =>
  t.app.inject({
    method: 'POST',
    url: `/api/rosters/oneroster${query}`,
    headers: { 'content-type': 'application/zip', cookie },
    payload: Buffer.from(bytes),
  });

async function importOk(cookie: string, files: BundleFiles, query = ''): Promise<RosterImportResult> {
  const res = await post(cookie, zipBundle(files), query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The bundle without the users `drop` picks, and without their enrollments and demographics. */
function withoutUsers(files: BundleFiles, drop: (sourcedId: string) => boolean): BundleFiles {
  let out = editCsv(files, 'users.csv', (r) => (drop(r.sourcedId!) ? null : r));
  out = editCsv(out, 'enrollments.csv', (r) => (drop(r.userSourcedId!) ? null : r));
  return editCsv(out, 'demographics.csv', (r) => (drop(r.sourcedId!) ? null : r));
}

const personStatus = async (districtId: string, sourcedId: string) =>
  (await t.db.selectFrom('people').select('status').where('district_id', '=', districtId).where('sourced_id', '=', sourcedId).executeTakeFirstOrThrow()).status;

describe('an import that would make many people inactive', () => {
  it('stops above 10% of the active people with a report per school, changes nothing, and applies once confirmed', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    // 1 district administrator + 2 schools × (principal, 2 teachers, 10 students) = 27 people.
    const files = uniqueBundle({ schools: 2, teachersPerSchool: 2, studentsPerSchool: 10 });
    await importOk(cookie, files);
    const before = await districtSnapshot(t.db, districtId);

    // Four students of school 1 left out: 4 of 27 (14.8%).
    const leaving = ['student-1-1', 'student-1-2', 'student-1-3', 'student-1-4'];
    const smaller = withoutUsers(files, (id) => leaving.includes(id));
    const stopped = await post(cookie, zipBundle(smaller));
    expect(stopped.statusCode).toBe(409);
    const error = stopped.json().error;
    expect(error).toMatchObject({ code: 'conflict', confirmationRequired: true });
    expect(error.message).toMatch(/4 of the district's 27 active roster people inactive \(14\.8%, more than 10%\).*Nothing was changed/);
    expect(error.deactivations).toMatchObject({ activePeople: 27, deactivatedPeople: 4, limitPercent: 10 });
    expect(error.deactivations.schools).toEqual([
      { id: expect.any(String), name: 'Generated School 1', activePeople: 13, deactivatedPeople: 4, wholeSchool: false, schoolInactivated: false, sample: expect.any(Array) },
    ]);
    expect(error.deactivations.schools[0].sample).toHaveLength(4);
    expect(error.deactivations.sample).toHaveLength(4);
    expect(await districtSnapshot(t.db, districtId)).toEqual(before);
    // A stop is not an import: the history does not list it.
    const history = (await t.app.inject({ method: 'GET', url: '/api/rosters/imports', headers: { cookie } })).json();
    expect(history).toHaveLength(1);

    // Confirmation as a form field (the Roster page) applies it.
    const form = multipart([{ name: 'bundle.zip', content: zipBundle(smaller) }], 'files', { confirmDeactivations: 'true' });
    const applied = await t.app.inject({ method: 'POST', url: '/api/rosters/oneroster', headers: { cookie, ...form.headers }, payload: form.payload });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().counts.users).toMatchObject({ inactivated: 4 });
    expect(await personStatus(districtId, 'student-1-1')).toBe('inactive');
    const audit = await t.db.selectFrom('audit_log').select('details').where('entity_id', '=', applied.json().importId).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ confirmedDeactivations: 4 });
  });

  it('goes ahead below the limit, and the limit is configurable', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 2, teachersPerSchool: 2, studentsPerSchool: 10 });
    await importOk(cookie, files);
    // Two of 27 (7.4%): applied without asking.
    const two = withoutUsers(files, (id) => id === 'student-2-1' || id === 'student-2-2');
    expect((await importOk(cookie, two)).counts.users).toMatchObject({ inactivated: 2 });
    // With a 5% limit, one more (1 of 25, 4%) still goes, two more (8%) stop.
    process.env.ROSTER_DEACTIVATION_LIMIT_PERCENT = '5';
    const three = withoutUsers(two, (id) => id === 'student-2-3');
    expect((await importOk(cookie, three)).counts.users).toMatchObject({ inactivated: 1 });
    const five = withoutUsers(three, (id) => id === 'student-2-4' || id === 'student-2-5');
    const stopped = await post(cookie, zipBundle(five));
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().error.deactivations).toMatchObject({ activePeople: 24, deactivatedPeople: 2, limitPercent: 5 });
    expect(await personStatus(districtId, 'student-2-4')).toBe('active');
    // The query flag confirms a raw zip upload.
    expect((await importOk(cookie, five, '?confirmDeactivations=true')).counts.users).toMatchObject({ inactivated: 2 });
    // A wrong flag value is a 400 naming the field.
    const wrong = await post(cookie, zipBundle(five), '?confirmDeactivations=yes');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toMatch(/confirmDeactivations/);
  });

  it('stops when every active person of a school, or the school itself, would become inactive, however small the share', async () => {
    process.env.ROSTER_DEACTIVATION_LIMIT_PERCENT = '60';
    const { cookie, districtId } = await adminOfNewDistrict();
    // 1 + 3 × 13 = 40 people; school 3 has 13 (32.5%, under the 60% limit set for this test).
    const files = uniqueBundle({ schools: 3, teachersPerSchool: 2, studentsPerSchool: 10 });
    await importOk(cookie, files);
    const before = await districtSnapshot(t.db, districtId);

    const emptied = withoutUsers(files, (id) => /^(principal-3|teacher-3-|student-3-)/.test(id));
    const withoutClasses = editCsv(emptied, 'enrollments.csv', (r) => (r.schoolSourcedId === 'school-3' ? null : r));
    const stopped = await post(cookie, zipBundle(withoutClasses));
    expect(stopped.statusCode).toBe(409);
    const report = stopped.json().error.deactivations;
    expect(report.reasons).toEqual(['The import would make every active person of Generated School 3 inactive (13).']);
    expect(report.schools[0]).toMatchObject({ name: 'Generated School 3', activePeople: 13, deactivatedPeople: 13, wholeSchool: true });
    expect(await districtSnapshot(t.db, districtId)).toEqual(before);

    // The school itself marked tobedeleted in a bulk orgs.csv, its people kept: stops too.
    const closed = editCsv(files, 'orgs.csv', (r) => (r.sourcedId === 'school-2' ? { ...r, status: 'tobedeleted' } : r));
    const closing = await post(cookie, zipBundle(closed));
    expect(closing.statusCode).toBe(409);
    expect(closing.json().error.deactivations.reasons).toEqual(['The import would make the school Generated School 2 inactive.']);
    expect(closing.json().error.deactivations.schools[0]).toMatchObject({ name: 'Generated School 2', schoolInactivated: true, deactivatedPeople: 0 });
    expect(await districtSnapshot(t.db, districtId)).toEqual(before);

    const confirmed = await importOk(cookie, withoutClasses, '?confirmDeactivations=true');
    expect(confirmed.counts.users).toMatchObject({ inactivated: 13 });
  });
});

describe('delta bundles', () => {
  it('upserts the rows given, makes tobedeleted rows inactive, and leaves everything it does not mention alone', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 2, teachersPerSchool: 2, studentsPerSchool: 10 });
    await importOk(cookie, files);
    const before = await districtSnapshot(t.db, districtId);
    const roles = async () => Number((await t.db.selectFrom('role_assignments').select((eb) => eb.fn.countAll().as('n')).where('district_id', '=', districtId).executeTakeFirstOrThrow()).n);
    const rolesBefore = await roles();

    const stamp = '2026-09-02T10:00:00Z';
    const userHeader = ['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'orgSourcedIds', 'role', 'username', 'givenName', 'familyName', 'identifier', 'email', 'grades'];
    const delta: BundleFiles = {
      'manifest.csv': manifest({ 'users.csv': 'delta', 'enrollments.csv': 'delta', 'orgs.csv': 'delta' }),
      // Only the district org's parent changes (a dangling parent: a warning).
      'orgs.csv': toCsv(['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'], []),
      'users.csv': toCsv(userHeader, [
        ['student-1-11', 'active', stamp, 'true', 'school-1', 'student', '', 'Nova', 'Arrival', 'N-11', '', '03'],
        ['student-1-2', 'active', stamp, 'true', 'school-1', 'student', '', 'Renamed', 'Student', 'R-2', '', '03'],
        // A tobedeleted row carries only its id, as delta exports do.
        ['teacher-2-2', 'tobedeleted', stamp, '', '', '', '', '', '', '', '', ''],
      ]),
      'enrollments.csv': toCsv(['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role'], [
        ['enr-new-1', 'active', stamp, 'class-1-1-1', 'school-1', 'student-1-11', 'student'],
      ]),
    };
    const result = await importOk(cookie, delta);
    expect(result.deltaFiles?.sort()).toEqual(['enrollments.csv', 'orgs.csv', 'users.csv']);
    expect(result.counts.users).toEqual({ inBundle: 2, created: 1, updated: 1, unchanged: 0, inactivated: 1 });
    expect(result.counts.enrollments).toEqual({ inBundle: 1, created: 1, updated: 0, unchanged: 0, inactivated: 0 });
    expect(result.counts.schools).toMatchObject({ inactivated: 0 });
    expect(await personStatus(districtId, 'teacher-2-2')).toBe('inactive');
    expect(await personStatus(districtId, 'student-1-11')).toBe('active');
    const after = await districtSnapshot(t.db, districtId);
    expect(after.people).toBe(Number(before.people) + 1);
    expect(after.active_people).toBe(before.active_people);
    expect(after.active_enrollments).toBe(Number(before.active_enrollments) + 1);
    expect(after.schools).toBe(before.schools);
    // The deleted teacher's roster role went; nobody else's did.
    expect(await roles()).toBe(rolesBefore - 1);

    // Deleting in a delta is guarded too: 8 of 28 people stop for confirmation.
    const many = toCsv(userHeader, [3, 4, 5, 6, 7, 8, 9, 10].map((i) => [`student-2-${i}`, 'tobedeleted', stamp, '', '', '', '', '', '', '', '', '']));
    const stopped = await post(cookie, zipBundle({ 'manifest.csv': manifest({ 'users.csv': 'delta' }), 'users.csv': many }));
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().error.deactivations).toMatchObject({ deactivatedPeople: 8 });
    expect(await personStatus(districtId, 'student-2-3')).toBe('active');
  });

  it('refuses a delta row that references what neither the bundle nor the district holds', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    const files = uniqueBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 3 });
    await importOk(cookie, files);
    const before = await districtSnapshot(t.db, districtId);
    const res = await post(
      cookie,
      zipBundle({
        'manifest.csv': manifest({ 'enrollments.csv': 'delta' }),
        'enrollments.csv': toCsv(['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'userSourcedId', 'role'], [['enr-x', 'active', '', 'no-such-class', 'student-1-1', 'student']]),
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'enrollments.csv:2:classSourcedId', message: 'Class "no-such-class" is not known.' }]);
    expect(await districtSnapshot(t.db, districtId)).toEqual(before);
  });
});

describe('untidy references and limits', () => {
  it('imports orgs and sessions with dangling parentSourcedId, reporting warnings', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    let files = uniqueBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 2 });
    files = editCsv(files, 'orgs.csv', (r) => (r.type === 'district' ? { ...r, parentSourcedId: 'state-of-somewhere' } : r));
    files = editCsv(files, 'academicSessions.csv', (r) => (r.sourcedId === 'spring-2027' ? { ...r, parentSourcedId: 'sy-missing' } : r));
    const result = await importOk(cookie, files);
    const messages = result.warnings.map((w) => `${w.file}:${w.column}: ${w.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^orgs\.csv:parentSourcedId: Parent orgs that are not in orgs\.csv were ignored/),
        expect.stringMatching(/^academicSessions\.csv:parentSourcedId: Parent sessions that are not known were ignored/),
      ]),
    );
    const spring = await t.db.selectFrom('academic_sessions').select('parent_id').where('district_id', '=', districtId).where('sourced_id', '=', 'spring-2027').executeTakeFirstOrThrow();
    expect(spring.parent_id).toBeNull();
  });

  it('answers 413 for a CSV file or a bundle over the size limits, before inflating it, and changes nothing', async () => {
    const { cookie, districtId } = await adminOfNewDistrict();
    await importOk(cookie, uniqueBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 2 }));
    const before = await districtSnapshot(t.db, districtId);
    /** A zip whose entries claim `sizes` bytes uncompressed (their headers say so; the data is tiny). */
    const lyingZip = (sizes: Record<string, number>) => {
      const zip = zipSync(Object.fromEntries(Object.keys(sizes).map((name) => [name, strToU8('sourcedId\n')])));
      const view = new DataView(zip.buffer);
      for (let i = 0; i + 46 <= zip.length; i++) {
        if (view.getUint32(i, true) !== 0x02014b50) continue; // central directory entry
        const nameLength = view.getUint16(i + 28, true);
        const name = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength));
        view.setUint32(i + 24, sizes[name]!, true);
      }
      return zip;
    };
    const big = await post(cookie, lyingZip({ 'users.csv': MAX_CSV_BYTES + 1 }));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/users\.csv is 128 MB uncompressed; one file may hold at most 128 MB/);
    expect(big.json().error.fields).toEqual([{ path: 'users.csv', message: expect.stringMatching(/128 MB/) }]);
    const third = Math.floor(MAX_BUNDLE_BYTES / 3) + 1;
    const many = await post(cookie, lyingZip({ 'users.csv': third, 'enrollments.csv': third, 'classes.csv': third }));
    expect(many.statusCode).toBe(413);
    expect(many.json().error.message).toMatch(/more than 192 MB uncompressed together/);
    expect(await districtSnapshot(t.db, districtId)).toEqual(before);
  });
});
