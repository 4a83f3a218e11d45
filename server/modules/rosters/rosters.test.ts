import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateBundle, toCsv, type BundleFiles } from '../../../db/seed/oneroster-bundle';
import { AppError } from '../../http/errors';
import { collectFiles, splitRecords } from './csv';
import { readDate, readGrade } from './fields';
import type { KnownRecords } from './model';
import { checkReferences } from './references';
import { PROBLEM_CAP, problemPath, Report, WARNING_CAP } from './report';
import { readBundle } from './rows';
import { editCsv, manifest } from './test-support';

const enc = (text: string) => new TextEncoder().encode(text);

/** Reads and checks a bundle the way an import does, without a database (an empty district). */
function check(files: BundleFiles, known: KnownRecords = { districtSourcedId: null }) {
  const report = new Report();
  const bundle = readBundle(collectFiles(Object.entries(files).map(([name, text]) => ({ name, bytes: enc(text) })), report), report);
  const plan = checkReferences(bundle, { districtId: 'd', known, emailOwners: new Map() }, report);
  return { report, plan, paths: report.problems.map(problemPath) };
}

describe('dates and grades', () => {
  it('reads ISO dates and normalises untidy ones, saying so', () => {
    expect(readDate('2023-01-05')).toEqual({ value: '2023-01-05' });
    expect(readDate('1/05/2023')).toMatchObject({ value: '2023-01-05', note: expect.stringMatching(/month\/day\/year/) });
    expect(readDate('12/31/2026')?.value).toBe('2026-12-31');
    expect(readDate('2023-1-5')?.value).toBe('2023-01-05');
    expect(readDate('2026-08-17T00:00:00Z')?.value).toBe('2026-08-17');
    expect(readDate('2024/02/29')?.value).toBe('2024-02-29');
  });

  it('refuses dates that cannot be read', () => {
    for (const bad of ['2023-02-30', '13/01/2023', '1/5/23', 'next tuesday', '2023-13-01', '05.01.2023']) expect(readDate(bad)).toBeUndefined();
  });

  it('normalises grade codes to CEDS', () => {
    expect(readGrade('03').value).toBe('03');
    expect(readGrade('3')).toMatchObject({ value: '03', note: expect.any(String) });
    expect(readGrade('K').value).toBe('KG');
    expect(readGrade('kg').value).toBe('KG');
    expect(readGrade('Grade 3')).toMatchObject({ value: 'Grade 3', note: expect.stringMatching(/not a CEDS/) });
  });
});

describe('CSV records', () => {
  it('splits quote-free lines directly and parses quoted (even multi-line) records with their start line', () => {
    const errors: string[] = [];
    const records = splitRecords('a,b,c\r\n1,"x,y",3\n\n2,"multi\nline",4\n5,6,7', (line, m) => errors.push(`${line}:${m}`));
    expect(records).toEqual([
      { line: 1, record: ['a', 'b', 'c'] },
      { line: 2, record: ['1', 'x,y', '3'] },
      { line: 4, record: ['2', 'multi\nline', '4'] },
      { line: 6, record: ['5', '6', '7'] },
    ]);
    expect(errors).toEqual([]);
  });

  it('reports an unclosed quote at its line', () => {
    const errors: number[] = [];
    splitRecords('a,b\n1,"open\n', (line) => errors.push(line));
    expect(errors).toEqual([2]);
  });
});

describe('reading a bundle', () => {
  it('accepts a generated bundle without problems and decides kinds and roles', () => {
    const { report, plan } = check(generateBundle({ schools: 2, teachersPerSchool: 2, studentsPerSchool: 5 }));
    expect(report.problems).toEqual([]);
    expect(plan.users!.filter((u) => u.kind === 'staff')).toHaveLength(1 + 2 * 3);
    expect(plan.users!.filter((u) => u.kind === 'student')).toHaveLength(10);
    expect(plan.schoolRoles).toEqual(expect.arrayContaining([{ userSourcedId: 'principal-1', schoolSourcedId: 'school-1', role: 'principal' }]));
    expect(plan.schoolRoles!.filter((r) => r.role === 'teacher')).toHaveLength(4);
    // The district-level administrator is staff with no school role; students keep no email.
    expect(plan.schoolRoles!.some((r) => r.userSourcedId === 'district-admin')).toBe(false);
    expect(plan.users!.find((u) => u.sourcedId === 'student-1-1')!.email).toBeNull();
  });

  it('reads OneRoster 1.2 roles from roles.csv', () => {
    const { report, plan } = check(generateBundle({ schools: 1, teachersPerSchool: 2, studentsPerSchool: 3, version: '1.2' }));
    expect(report.problems).toEqual([]);
    expect(plan.bundle.version).toBe('1.2');
    expect(plan.schoolRoles).toHaveLength(3);
    expect(plan.memberships).toHaveLength(6);
  });

  it('is lenient with untidy files and says how it read them', () => {
    const tidy = generateBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 2 });
    let files = editCsv(tidy, 'enrollments.csv', (r) => ({ ...r, beginDate: r.beginDate ? '8/17/2026' : '', status: '' }));
    files = { ...files, 'users.csv': '\ufeff' + files['users.csv']!.replace('sourcedId,', ' SourcedID ,').replace(',grades', ',gradse').replace(/\n/g, '\r\n') };
    const { report, plan } = check(files);
    expect(report.problems).toEqual([]);
    expect(plan.bundle.enrollments!.find((e) => e.role === 'teacher')!.beginDate).toBe('2026-08-17');
    expect(plan.bundle.enrollments!.every((e) => e.status === 'active')).toBe(true);
    const messages = report.warnings.map((w) => `${w.file} ${w.message}`).join('\n');
    expect(messages).toMatch(/users.csv The file starts with a byte-order mark/);
    expect(messages).toMatch(/users.csv The file uses Windows \(CRLF\)/);
    expect(messages).toMatch(/users.csv Header " ?SourcedID ?" was read as sourcedId/);
    expect(messages).toMatch(/users.csv Column "gradse" is not a OneRoster column/);
    expect(messages).toMatch(/enrollments.csv Dates written as M\/D\/YYYY/);
    expect(messages).toMatch(/enrollments.csv Blank status was read as active/);
  });

  it('is strict where data would be wrong, naming file, line and column of every problem', () => {
    let files = generateBundle({ schools: 1, teachersPerSchool: 2, studentsPerSchool: 4 });
    files = editCsv(files, 'users.csv', (r) => (r.sourcedId === 'teacher-1-2' ? { ...r, role: 'wizard' } : r.sourcedId === 'student-1-1' ? { ...r, sourcedId: '' } : r));
    files = editCsv(files, 'orgs.csv', (r) => (r.type === 'school' ? { ...r, type: 'campus' } : r));
    files = editCsv(files, 'enrollments.csv', (r) => (r.userSourcedId === 'student-1-2' ? { ...r, classSourcedId: 'class-nope' } : r));
    files = editCsv(files, 'academicSessions.csv', (r) => (r.sourcedId === 'fall-2026' ? { ...r, endDate: '2027-02-30' } : r));
    const { report, paths } = check(files);
    const users = files['users.csv']!.split('\n');
    const line = (id: string) => users.findIndex((l) => l.startsWith(`${id},`)) + 1;
    expect(paths).toEqual(
      expect.arrayContaining([
        'orgs.csv:3:type',
        `users.csv:${line('teacher-1-2')}:role`,
        'academicSessions.csv:3:endDate',
        expect.stringMatching(/^enrollments\.csv:\d+:classSourcedId$/),
        expect.stringMatching(/^users\.csv:\d+:sourcedId$/),
      ]),
    );
    expect(report.problems.find((p) => p.column === 'role')!.message).toMatch(/"wizard" is not a valid role/);
    expect(report.problems.find((p) => p.column === 'classSourcedId')!.message).toMatch(/Class "class-nope" is not known/);
    // References to rows that had their own problem are not reported again (the school org, the teacher).
    expect(paths.filter((p) => p.startsWith('classes.csv'))).toEqual([]);
  });

  it('refuses duplicate ids and missing required headers', () => {
    const files = generateBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 2 });
    const users = files['users.csv']!.split('\n');
    const dup = { ...files, 'users.csv': [...users.slice(0, -1), users[users.length - 2], ''].join('\n') };
    expect(check(dup).paths).toContain(`users.csv:${users.length}:sourcedId`);
    const noHeader = { ...files, 'classes.csv': files['classes.csv']!.replace('courseSourcedId', 'course') };
    expect(check(noHeader).paths).toContain('classes.csv:1:courseSourcedId');
  });

  it('reads delta files: tobedeleted rows need only their sourcedId, references may point at stored records', () => {
    const deltaManifest = manifest({ 'users.csv': 'delta', 'enrollments.csv': 'delta' });
    const users = toCsv(['sourcedId', 'status', 'dateLastModified', 'orgSourcedIds', 'role', 'givenName', 'familyName'], [
      ['student-1-3', 'active', '2026-09-01T00:00:00Z', 'school-1', 'student', 'New', 'Student'],
      ['student-1-1', 'tobedeleted', '2026-09-01T00:00:00Z', '', '', '', ''],
    ]);
    const enrollments = toCsv(['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'userSourcedId', 'role'], [['enr-new', 'active', '', 'class-1-1-1', 'student-1-3', 'student']]);
    const known: KnownRecords = { districtSourcedId: 'district-1', schools: new Set(['school-1']), classes: new Map([['class-1-1-1', 'school-1']]), users: new Map([['student-1-1', 'student']]) };
    const { report, plan } = check({ 'manifest.csv': deltaManifest, 'users.csv': users, 'enrollments.csv': enrollments }, known);
    expect(report.problems).toEqual([]);
    expect(plan.bundle.modes).toEqual({ 'users.csv': 'delta', 'enrollments.csv': 'delta' });
    expect(plan.bundle.deletions).toEqual([{ file: 'users.csv', sourcedId: 'student-1-1', line: 3 }]);
    expect(plan.users!.map((u) => u.sourcedId)).toEqual(['student-1-3']);
    // The same enrollment against an empty district: the class is not known.
    expect(check({ 'manifest.csv': deltaManifest, 'users.csv': users, 'enrollments.csv': enrollments }).paths).toContain('enrollments.csv:2:classSourcedId');
    // A bulk file keeps the strict reading: a tobedeleted row still needs its fields.
    const bulk = check({ 'manifest.csv': manifest({ 'users.csv': 'bulk' }), 'users.csv': users }, known);
    expect(bulk.paths).toEqual(expect.arrayContaining(['users.csv:3:givenName', 'users.csv:3:role']));
  });

  it('accepts dangling parentSourcedId on orgs and sessions with a warning, and drops the parent', () => {
    let files = generateBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 2 });
    files = editCsv(files, 'orgs.csv', (r) => (r.type === 'district' ? { ...r, parentSourcedId: 'state-of-nowhere' } : r));
    files = editCsv(files, 'academicSessions.csv', (r) => (r.sourcedId === 'fall-2026' ? { ...r, parentSourcedId: 'no-such-year' } : r));
    const { report, plan } = check(files);
    expect(report.problems).toEqual([]);
    const warnings = report.warnings.map((w) => `${w.file} ${w.column}: ${w.message} ${w.lines.join(',')}`);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^orgs\.csv parentSourcedId: Parent orgs that are not in orgs\.csv were ignored.* 2$/),
        expect.stringMatching(/^academicSessions\.csv parentSourcedId: Parent sessions that are not known were ignored.* 3$/),
      ]),
    );
    expect(plan.bundle.sessions!.find((s) => s.sourcedId === 'fall-2026')!.parentSourcedId).toBeNull();
    // A session that is its own parent is still wrong.
    const loop = editCsv(files, 'academicSessions.csv', (r) => (r.sourcedId === 'fall-2026' ? { ...r, parentSourcedId: 'fall-2026' } : r));
    expect(check(loop).paths).toEqual(['academicSessions.csv:3:parentSourcedId']);
  });

  it('checks references against the district when a file is absent', () => {
    const files = generateBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 2 });
    const onlyEnrollments = { 'enrollments.csv': files['enrollments.csv']! };
    expect(check(onlyEnrollments).report.problemCount).toBeGreaterThan(0);
    const known: KnownRecords = {
      districtSourcedId: 'district-1',
      classes: new Map([1, 2, 3].map((k) => [`class-1-1-${k}`, 'school-1'])),
      users: new Map([['teacher-1-1', 'staff'], ['student-1-1', 'student'], ['student-1-2', 'student']]),
    };
    expect(check(onlyEnrollments, known).report.problems).toEqual([]);
  });

  it('refuses a bundle for another district', () => {
    const files = generateBundle({ schools: 1, teachersPerSchool: 1, studentsPerSchool: 1, districtSourcedId: 'other-district' });
    const { report } = check(files, { districtSourcedId: 'my-district' });
    expect(report.problems[0]).toMatchObject({ file: 'orgs.csv', line: 2, column: 'sourcedId' });
  });

  it('caps the listed problems but counts them all', () => {
    const rows = Array.from({ length: PROBLEM_CAP + 50 }, (_, i) => [`o${i}`, 'active', '', `Org ${i}`, 'planet']);
    const { report } = check({ 'orgs.csv': toCsv(['sourcedId', 'status', 'dateLastModified', 'name', 'type'], rows) });
    expect(report.problems).toHaveLength(PROBLEM_CAP);
    expect(report.problemCount).toBe(PROBLEM_CAP + 50);
  });

  it('caps distinct warnings and long messages', () => {
    const report = new Report();
    for (let i = 0; i < WARNING_CAP + 20; i++) report.warn('users.csv', 'grades', `Grade "g${i}" is odd.`, i + 2);
    report.problem('users.csv', 2, 'role', `"${'x'.repeat(5000)}" is not a valid role.`);
    expect(report.warnings).toHaveLength(WARNING_CAP + 1);
    expect(report.warnings.at(-1)).toMatchObject({ message: expect.stringMatching(/More warnings/), count: 20 });
    expect(report.problems[0]!.message.length).toBeLessThanOrEqual(400);
  });
});

describe('collecting uploaded files', () => {
  it('opens zips (also nested, in folders), matches names case-insensitively and ignores other files with a warning', () => {
    const report = new Report();
    const inner = zipSync({ 'export/Users.CSV': strToU8('x'), '__MACOSX/._users.csv': strToU8('junk') });
    const outer = zipSync({ 'orgs.csv': strToU8('y'), 'inner.zip': inner, 'readme.txt': strToU8('hi'), 'lineItems.csv': strToU8('z') });
    const bundle = collectFiles([{ name: 'bundle.zip', bytes: outer }], report);
    expect([...bundle.keys()].sort()).toEqual(['orgs.csv', 'users.csv']);
    expect(report.warnings.map((w) => w.file)).toEqual(expect.arrayContaining(['readme.txt', 'lineItems.csv', 'users.csv']));
  });

  it('does not open zips nested more than one level deep (a zip that contains itself ends there)', () => {
    const report = new Report();
    const deepest = zipSync({ 'users.csv': strToU8('x') });
    const middle = zipSync({ 'deep.zip': deepest, 'orgs.csv': strToU8('y') });
    const bundle = collectFiles([{ name: 'upload', bytes: zipSync({ 'middle.zip': middle }), label: 'The upload' }], report);
    expect([...bundle.keys()]).toEqual(['orgs.csv']);
    expect(report.warnings[0]!.message).toMatch(/nested/);
  });

  it('answers a clear 400 for an upload that is not a zip', () => {
    const report = new Report();
    const attempt = () => collectFiles([{ name: 'upload', bytes: enc('hello, world'), label: 'The upload' }], report);
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(/not a zip file/);
    const broken = zipSync({ 'users.csv': strToU8('a'.repeat(1000)) }).slice(0, 60);
    expect(() => collectFiles([{ name: 'b.zip', bytes: broken }], report)).toThrow(/not a readable zip/);
  });
});
