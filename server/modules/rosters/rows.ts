import type { RosterFile } from '../../../schemas/rosters';
import { decodeText, parseTable, type CsvRow, type CsvTable, type RawBundle } from './csv';
import { RowReader } from './fields';
import type { ClassRec, CourseRec, Deletion, DemographicRec, EnrollmentRec, FileModes, OrgRec, ParsedBundle, SessionRec, UserRec, UserRoleRec } from './model';
import type { Report } from './report';
import { ENROLLMENT_ROLES, ORG_TYPES, SESSION_TYPES, USER_ROLES } from './spec';

const SUPPORTED_VERSIONS = ['1.1', '1.2'];
const FILE_OF_MANIFEST: Record<string, RosterFile> = {
  'file.orgs': 'orgs.csv',
  'file.academicsessions': 'academicSessions.csv',
  'file.courses': 'courses.csv',
  'file.classes': 'classes.csv',
  'file.users': 'users.csv',
  'file.roles': 'roles.csv',
  'file.enrollments': 'enrollments.csv',
  'file.demographics': 'demographics.csv',
};
const RACE_COLUMNS: [string, string][] = [
  ['americanIndianOrAlaskaNative', 'americanIndianOrAlaskaNative'],
  ['asian', 'asian'],
  ['blackOrAfricanAmerican', 'black'],
  ['nativeHawaiianOrOtherPacificIslander', 'nativeHawaiianOrOtherPacificIslander'],
  ['white', 'white'],
  ['demographicRaceTwoOrMoreRaces', 'twoOrMoreRaces'],
];
const SEXES = ['male', 'female', 'other', 'unspecified'] as const;

/**
 * Reads manifest.csv: the OneRoster version and each file's mode. `bulk` files are the whole truth (records they do
 * not list become inactive); `delta` files carry only changes (rows to add or update, and rows with status
 * tobedeleted to make inactive). Files it promises but lacks are problems.
 */
function readManifest(table: CsvTable | undefined, raw: RawBundle, report: Report): { version: string | null; modes: FileModes } {
  const modes: FileModes = {};
  if (!table) {
    report.warn('manifest.csv', null, 'The bundle has no manifest.csv; every file present was read as a bulk file.');
    return { version: null, modes };
  }
  const r = new RowReader(table, report);
  let version: string | null = null;
  for (const row of table.rows) {
    r.at(row);
    const property = r.get('propertyName');
    const value = r.get('value');
    const key = property.toLowerCase();
    if (key === 'oneroster.version') {
      if (!SUPPORTED_VERSIONS.includes(value)) r.fail('value', `OneRoster version "${value}" is not supported; export OneRoster 1.1 or 1.2.`);
      else version = value;
    }
    const file = FILE_OF_MANIFEST[key];
    if (!file) continue;
    const mode = value.toLowerCase();
    if ((mode === 'bulk' || mode === 'delta') && !raw.has(file)) r.fail('value', `The manifest lists ${file} as ${mode}, but the bundle has no ${file}.`);
    else if (mode === 'delta') modes[file] = 'delta';
    else if (mode === 'absent' && raw.has(file)) report.warn(file, null, 'The manifest says this file is absent, but it is in the bundle; it was imported as bulk.');
    else if (!['bulk', 'delta', 'absent'].includes(mode)) r.fail('value', `"${value}" is not a file mode; use bulk, delta or absent.`);
  }
  if (!version) report.warn('manifest.csv', null, 'The manifest names no oneroster.version; the files were read as OneRoster 1.1/1.2.');
  return { version, modes };
}

/** Reports a second row with the same id, naming the line of the first. */
function uniqueIds<T extends { sourcedId: string; line: number }>(file: RosterFile, rows: T[], report: Report, column = 'sourcedId'): T[] {
  const seen = new Map<string, number>();
  return rows.filter((row) => {
    const first = seen.get(row.sourcedId);
    if (first !== undefined) {
      report.problem(file, row.line, column, `${column} "${row.sourcedId}" appears again (first on line ${first}); each row needs its own id.`);
      return false;
    }
    seen.set(row.sourcedId, row.line);
    return true;
  });
}

/**
 * Reads every row of a file into records with `build`; a row with a problem is left out (its id remembered as
 * invalid, so rows that refer to it are not reported twice), and a repeated id is reported. In a delta file a row
 * with status tobedeleted only names what to make inactive: it needs its sourcedId and nothing else.
 */
function readRecords<T extends { sourcedId: string; line: number }>(
  t: CsvTable,
  report: Report,
  invalid: Set<string>,
  build: (r: RowReader, row: CsvRow) => { sourcedId?: string | null },
  deletions?: Deletion[],
): T[] {
  const r = new RowReader(t, report);
  const out: T[] = [];
  const deleted: Deletion[] = [];
  for (const row of t.rows) {
    r.at(row);
    if (deletions && r.get('status').toLowerCase() === 'tobedeleted') {
      const sourcedId = r.required('sourcedId');
      if (sourcedId) deleted.push({ file: t.file, sourcedId, line: row.line });
      continue;
    }
    const rec = build(r, row);
    if (r.ok) out.push(rec as T);
    else if (rec.sourcedId) invalid.add(`${t.file}:${rec.sourcedId}`);
  }
  const kept = uniqueIds(t.file, out, report);
  if (deletions) {
    const upserted = new Map(kept.map((k) => [k.sourcedId, k.line]));
    for (const d of uniqueIds(t.file, deleted, report)) {
      const other = upserted.get(d.sourcedId);
      if (other !== undefined) report.problem(t.file, d.line, 'sourcedId', `sourcedId "${d.sourcedId}" is also listed as active on line ${other}; list it once.`);
      else deletions.push(d);
    }
  }
  return kept;
}

function readOrgs(t: CsvTable, report: Report, invalid: Set<string>, deletions?: Deletion[]): OrgRec[] {
  return readRecords<OrgRec>(t, report, invalid, (r, row) => {
    const rec = {
      line: row.line,
      sourcedId: r.required('sourcedId'),
      status: r.status(),
      name: r.required('name'),
      type: r.oneOf('type', ORG_TYPES),
      identifier: r.optional('identifier'),
      parentSourcedId: r.optional('parentSourcedId'),
    };
    return rec;
  }, deletions);
}

function readSessions(t: CsvTable, report: Report, invalid: Set<string>, deletions?: Deletion[]): SessionRec[] {
  return readRecords<SessionRec>(t, report, invalid, (r, row) => {
    const startDate = r.date('startDate', true);
    const endDate = r.date('endDate', true);
    if (startDate && endDate && endDate < startDate) r.fail('endDate', `endDate ${endDate} is before startDate ${startDate}.`);
    const yearRaw = r.get('schoolYear');
    let schoolYear: number | undefined;
    if (yearRaw === '') {
      if (endDate) {
        schoolYear = Number(endDate.slice(0, 4));
        r.warn('schoolYear', 'Blank schoolYear was taken from the year of endDate.');
      }
    } else if (/^\d{4}$/.test(yearRaw)) schoolYear = Number(yearRaw);
    else r.fail('schoolYear', `"${yearRaw}" is not a school year; use the four-digit year the session ends in (e.g. 2027).`);
    const rec = {
      line: row.line,
      sourcedId: r.required('sourcedId'),
      status: r.status(),
      title: r.required('title'),
      type: r.oneOf('type', SESSION_TYPES),
      startDate,
      endDate,
      parentSourcedId: r.optional('parentSourcedId'),
      schoolYear,
    };
    return rec;
  }, deletions);
}

function readCourses(t: CsvTable, report: Report, invalid: Set<string>, deletions?: Deletion[]): CourseRec[] {
  return readRecords<CourseRec>(t, report, invalid, (r, row) => {
    const rec = {
      line: row.line,
      sourcedId: r.required('sourcedId'),
      status: r.status(),
      title: r.required('title'),
      courseCode: r.optional('courseCode'),
      grades: r.grades(),
      subjects: r.list('subjects'),
      orgSourcedId: r.required('orgSourcedId'),
      schoolYearSourcedId: r.optional('schoolYearSourcedId'),
    };
    return rec;
  }, deletions);
}

function readClasses(t: CsvTable, report: Report, invalid: Set<string>, deletions?: Deletion[]): ClassRec[] {
  return readRecords<ClassRec>(t, report, invalid, (r, row) => {
    const rec = {
      line: row.line,
      sourcedId: r.required('sourcedId'),
      status: r.status(),
      title: r.required('title'),
      classCode: r.optional('classCode'),
      classType: r.oneOf('classType', ['homeroom', 'scheduled'] as const, { value: 'scheduled', warning: 'Blank classType was read as scheduled.' }),
      location: r.optional('location'),
      grades: r.grades(),
      subjects: r.list('subjects'),
      periods: r.list('periods'),
      courseSourcedId: r.required('courseSourcedId'),
      schoolSourcedId: r.required('schoolSourcedId'),
      termSourcedIds: r.list('termSourcedIds'),
    };
    return rec;
  }, deletions);
}

function readUsers(t: CsvTable, report: Report, invalid: Set<string>, hasRolesFile: boolean, deletions?: Deletion[]): UserRec[] {
  let passwords = 0;
  const out = readRecords<UserRec>(t, report, invalid, (r, row) => {
    // With roles.csv (OneRoster 1.2) the role column may be absent or blank: roles come from roles.csv.
    const role = r.get('role') === '' && hasRolesFile ? undefined : r.oneOf('role', USER_ROLES);
    const email = r.optional('email');
    if (r.get('password') !== '') passwords += 1;
    const roles: UserRoleRec[] = role ? [{ role, orgSourcedId: null, file: 'users.csv', line: row.line }] : [];
    const rec = {
      line: row.line,
      sourcedId: r.required('sourcedId'),
      status: r.status(),
      givenName: r.required('givenName'),
      familyName: r.required('familyName'),
      email,
      username: r.optional('username'),
      identifier: r.optional('identifier'),
      grades: r.grades(),
      orgSourcedIds: r.list('orgSourcedIds'),
      roles,
    };
    return rec;
  }, deletions);
  if (passwords > 0) report.warn('users.csv', 'password', 'Passwords in the roster were ignored: Rounds never imports passwords.', null, passwords);
  return out;
}

/** Reads roles.csv (OneRoster 1.2) into the users' role lists; unknown users are problems. */
function readRoles(t: CsvTable, users: UserRec[], report: Report): void {
  const byId = new Map(users.map((u) => [u.sourcedId, u]));
  const r = new RowReader(t, report);
  for (const row of t.rows) {
    r.at(row);
    const userId = r.required('userSourcedId');
    const role = r.oneOf('role', USER_ROLES);
    const orgId = r.required('orgSourcedId');
    const status = r.status();
    if (!r.ok || !userId || !role || !orgId) continue;
    const user = byId.get(userId);
    if (!user) {
      r.fail('userSourcedId', `User "${userId}" is not in users.csv.`);
      continue;
    }
    if (status === 'active') user.roles.push({ role, orgSourcedId: orgId, file: 'roles.csv', line: row.line });
  }
}

function readEnrollments(t: CsvTable, report: Report, invalid: Set<string>, deletions?: Deletion[]): EnrollmentRec[] {
  return readRecords<EnrollmentRec>(t, report, invalid, (r, row) => {
    const beginDate = r.date('beginDate');
    const endDate = r.date('endDate');
    if (beginDate && endDate && endDate < beginDate) r.fail('endDate', `endDate ${endDate} is before beginDate ${beginDate}.`);
    const rec = {
      line: row.line,
      sourcedId: r.required('sourcedId'),
      status: r.status(),
      classSourcedId: r.required('classSourcedId'),
      schoolSourcedId: r.optional('schoolSourcedId'),
      userSourcedId: r.required('userSourcedId'),
      role: r.oneOf('role', ENROLLMENT_ROLES),
      primary: r.bool('primary') ?? false,
      beginDate,
      endDate,
    };
    return rec;
  }, deletions);
}

function readDemographics(t: CsvTable, report: Report, delta = false): DemographicRec[] {
  const r = new RowReader(t, report);
  const out: DemographicRec[] = [];
  const flag = (name: string, column: string) => {
    const raw = r.metadata(name).toLowerCase();
    if (raw === '') return null;
    if (['true', 't', 'yes', 'y', '1'].includes(raw)) return true;
    if (['false', 'f', 'no', 'n', '0'].includes(raw)) return false;
    return r.fail(column, `"${r.metadata(name)}" is not true or false (use true/false, Y/N or 1/0).`);
  };
  let kept = 0;
  for (const row of t.rows) {
    r.at(row);
    if (delta && r.get('status').toLowerCase() === 'tobedeleted') {
      kept += 1;
      continue;
    }
    const id = r.get('userSourcedId') || r.required('sourcedId');
    const races = RACE_COLUMNS.filter(([column]) => r.bool(column) === true).map(([, value]) => value);
    const sex = r.get('sex');
    let gender: string | null = null;
    if (sex !== '') {
      const lower = sex.toLowerCase();
      const mapped = lower === 'm' ? 'male' : lower === 'f' ? 'female' : SEXES.find((s) => s === lower);
      if (!mapped) r.fail('sex', `"${sex}" is not a valid sex; use male, female, other or unspecified.`);
      else {
        if (mapped !== sex) r.warn('sex', `Values like "${sex}" were read as ${mapped}.`);
        gender = mapped === 'unspecified' ? null : mapped;
      }
    }
    const rec = {
      line: row.line,
      userSourcedId: id,
      birthDate: r.date('birthDate'),
      gender,
      races,
      hispanicLatino: r.bool('hispanicOrLatinoEthnicity'),
      englishLearner: flag('englishLearner', 'metadata.englishLearner'),
      specialEducation: flag('specialEducation', 'metadata.specialEducation'),
      freeReducedLunch: flag('freeReducedLunch', 'metadata.freeReducedLunch'),
    };
    if (r.ok) out.push(rec as DemographicRec);
  }
  if (kept) report.warn('demographics.csv', 'status', 'Demographics rows marked tobedeleted were skipped: the stored demographics are kept.', null, kept);
  const seen = new Map<string, number>();
  return out.filter((d) => {
    const first = seen.get(d.userSourcedId);
    if (first !== undefined) return report.problem('demographics.csv', d.line, 'sourcedId', `User "${d.userSourcedId}" has a second demographics row (first on line ${first}).`);
    seen.set(d.userSourcedId, d.line);
    return true;
  });
}

/** Parses every file of a bundle row by row, reporting each wrong value at file:line:column. */
export function readBundle(raw: RawBundle, report: Report): ParsedBundle {
  const tables = new Map<RosterFile, CsvTable>();
  const usersNeedRoles = !raw.has('roles.csv');
  for (const [file, bytes] of raw) {
    const extra = file === 'users.csv' && usersNeedRoles ? ['role', 'orgSourcedIds'] : [];
    const table = parseTable(file, decodeText(file, bytes, report), report, extra);
    if (table) tables.set(file, table);
  }
  const { version, modes } = readManifest(tables.get('manifest.csv'), raw, report);
  const get = (file: RosterFile) => tables.get(file);
  const bundle: ParsedBundle = {
    version,
    files: [...raw.keys()],
    modes,
    deletions: [],
    invalid: new Set(),
    programColumns: { englishLearner: false, specialEducation: false, freeReducedLunch: false },
  };
  const { invalid } = bundle;
  /** Where a delta file's tobedeleted rows go (undefined for a bulk file, whose such rows are stored inactive). */
  const del = (file: RosterFile) => (modes[file] === 'delta' ? bundle.deletions : undefined);
  const orgs = get('orgs.csv');
  if (orgs) bundle.orgs = readOrgs(orgs, report, invalid, del('orgs.csv'));
  const sessions = get('academicSessions.csv');
  if (sessions) bundle.sessions = readSessions(sessions, report, invalid, del('academicSessions.csv'));
  const courses = get('courses.csv');
  if (courses) bundle.courses = readCourses(courses, report, invalid, del('courses.csv'));
  const classes = get('classes.csv');
  if (classes) bundle.classes = readClasses(classes, report, invalid, del('classes.csv'));
  const users = get('users.csv');
  if (users) bundle.users = readUsers(users, report, invalid, raw.has('roles.csv'), del('users.csv'));
  const roles = get('roles.csv');
  if (roles) {
    if (bundle.users) readRoles(roles, bundle.users, report);
    else if (!raw.has('users.csv')) report.problem('roles.csv', null, null, 'roles.csv needs users.csv in the same bundle.');
  }
  const enrollments = get('enrollments.csv');
  if (enrollments) bundle.enrollments = readEnrollments(enrollments, report, invalid, del('enrollments.csv'));
  const demographics = get('demographics.csv');
  if (demographics) {
    bundle.demographics = readDemographics(demographics, report, modes['demographics.csv'] === 'delta');
    const has = (name: string) => demographics.metadata.has(`metadata.${name.toLowerCase()}`);
    bundle.programColumns = { englishLearner: has('englishLearner'), specialEducation: has('specialEducation'), freeReducedLunch: has('freeReducedLunch') };
  }
  if (!['orgs.csv', 'academicSessions.csv', 'courses.csv', 'classes.csv', 'users.csv', 'enrollments.csv', 'demographics.csv'].some((f) => raw.has(f as RosterFile))) {
    report.problem(null, null, null, 'The upload holds no OneRoster data file (orgs.csv, users.csv, classes.csv, enrollments.csv...).');
  }
  return bundle;
}
