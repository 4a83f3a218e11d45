import fs from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { rng } from './demo';

/** A OneRoster CSV bundle as file name → CSV text. */
export type BundleFiles = Record<string, string>;

/** The shape of a generated bundle; every option has a small default. */
export interface BundleOptions {
  /** Number of schools (default 2). */
  schools?: number;
  /** Teachers per school (default 4). */
  teachersPerSchool?: number;
  /** Students per school (default 30). */
  studentsPerSchool?: number;
  /** Classes each teacher teaches, one per period (default 3). */
  classesPerTeacher?: number;
  /** Classes each student is enrolled in (default 4, at most the school's classes). */
  classesPerStudent?: number;
  /** Random seed: the same options always give the same bundle (default 1). */
  seed?: number;
  /** The district org's sourcedId (unique per installation; tests give each district its own). */
  districtSourcedId?: string;
  /** Domain of staff emails (staff emails are unique per installation; tests give each district its own). */
  emailDomain?: string;
  /** `1.1` puts roles in users.csv; `1.2` writes roles.csv (default 1.1). */
  version?: '1.1' | '1.2';
}

const GIVEN = ['Ada', 'Ben', 'Cleo', 'Dev', 'Esme', 'Finn', 'Gia', 'Hugo', 'Ines', 'Jon', 'Kira', 'Luis', 'Mina', 'Nico', 'Omar', 'Pia', 'Quin', 'Rosa', 'Sami', 'Tara', 'Uma', 'Vik', 'Wren', 'Yara', 'Zane'];
const FAMILY = ['Abbott', 'Baker', 'Chen', 'Diaz', 'Evans', 'Flores', 'Garcia', 'Hughes', 'Ito', 'Jones', 'Khan', 'Lopez', 'Moreau', 'Nguyen', 'Okafor', 'Patel', 'Quinn', 'Reyes', 'Silva', 'Tanaka', 'Usman', 'Varga', 'Walsh', 'Xu', 'Young'];
const SUBJECTS = ['English Language Arts', 'Mathematics', 'Science', 'Social Studies', 'Art', 'Music', 'Physical Education'];
const BANDS = [
  ['KG', '01', '02', '03', '04', '05'],
  ['06', '07', '08'],
  ['09', '10', '11', '12'],
];
const RACES = ['americanIndianOrAlaskaNative', 'asian', 'blackOrAfricanAmerican', 'nativeHawaiianOrOtherPacificIslander', 'white', 'demographicRaceTwoOrMoreRaces'];

/** Quotes a CSV value when it needs it. */
const esc = (value: string | number | boolean) => {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
/** One CSV text from a header and rows (LF line endings, no BOM: the tidy form). */
export const toCsv = (header: string[], rows: (string | number | boolean)[][]) =>
  [header.join(','), ...rows.map((r) => r.map(esc).join(','))].join('\n') + '\n';

/** Generates a complete, valid OneRoster bulk bundle, deterministic for given options. */
export function generateBundle(options: BundleOptions = {}): BundleFiles {
  const o = {
    schools: 2,
    teachersPerSchool: 4,
    studentsPerSchool: 30,
    classesPerTeacher: 3,
    classesPerStudent: 4,
    seed: 1,
    districtSourcedId: 'district-1',
    emailDomain: 'example.test',
    version: '1.1' as const,
    ...options,
  };
  const r = rng(o.seed);
  const name = () => ({ given: r.pick(GIVEN), family: r.pick(FAMILY) });
  const stamp = '2026-07-01T00:00:00Z';
  const orgs: (string | number)[][] = [[o.districtSourcedId, 'active', stamp, 'Generated Unified School District', 'district', 'GUSD', '']];
  const courses: string[][] = [];
  const classes: string[][] = [];
  const users: { row: string[]; role: string; orgs: string[] }[] = [];
  const enrollments: string[][] = [];
  const demographics: string[][] = [];
  const terms = 'fall-2026,spring-2027';

  const admin = name();
  users.push({
    row: ['district-admin', 'active', stamp, 'true', 'district.admin', `${admin.given}`, `${admin.family}`, 'DA-1', `district.admin@${o.emailDomain}`, ''],
    role: 'administrator',
    orgs: [o.districtSourcedId],
  });

  for (let s = 1; s <= o.schools; s++) {
    const school = `school-${s}`;
    const band = BANDS[(s - 1) % BANDS.length]!;
    orgs.push([school, 'active', stamp, `Generated School ${s}`, 'school', `S${String(s).padStart(3, '0')}`, o.districtSourcedId]);
    for (const [i, subject] of SUBJECTS.entries()) {
      courses.push([`course-${s}-${i}`, 'active', stamp, 'sy-2026', `${subject}`, `${subject.slice(0, 4).toUpperCase()}-${s}`, band.join(','), school, subject]);
    }
    const p = name();
    users.push({
      row: [`principal-${s}`, 'active', stamp, 'true', `principal.${s}`, p.given, p.family, `P-${s}`, `principal.${s}@${o.emailDomain}`, ''],
      role: 'administrator',
      orgs: [school],
    });
    const schoolClasses: string[] = [];
    for (let t = 1; t <= o.teachersPerSchool; t++) {
      const id = `teacher-${s}-${t}`;
      const n = name();
      const subjectIndex = (t - 1) % SUBJECTS.length;
      const subject = SUBJECTS[subjectIndex]!;
      users.push({
        row: [id, 'active', stamp, 'true', `t${s}.${t}`, n.given, n.family, `T-${s}-${t}`, `${n.given}.${n.family}.${s}-${t}@${o.emailDomain}`.toLowerCase(), band.join(',')],
        role: 'teacher',
        orgs: [school],
      });
      for (let k = 1; k <= o.classesPerTeacher; k++) {
        const cls = `class-${s}-${t}-${k}`;
        const period = String(((k - 1) % 7) + 1);
        classes.push([cls, 'active', stamp, `${subject} P${period} — ${n.family}`, band.join(','), `course-${s}-${subjectIndex}`, `${subject.slice(0, 3).toUpperCase()}-${t}-${k}`, 'scheduled', `Room ${s}${String(t).padStart(2, '0')}`, school, terms, subject, period]);
        enrollments.push([`enr-${cls}-${id}`, 'active', stamp, cls, school, id, 'teacher', 'true', '2026-08-17', '2027-06-04']);
        schoolClasses.push(cls);
      }
    }
    const perStudent = Math.min(o.classesPerStudent, schoolClasses.length);
    const stride = Math.max(1, Math.floor(schoolClasses.length / Math.max(1, perStudent)));
    for (let i = 1; i <= o.studentsPerSchool; i++) {
      const id = `student-${s}-${i}`;
      const n = name();
      const grade = band[i % band.length]!;
      users.push({
        row: [id, 'active', stamp, 'true', `s${s}.${i}`, n.given, n.family, `${s}${String(i).padStart(6, '0')}`, `s${s}.${i}@students.${o.emailDomain}`, grade],
        role: 'student',
        orgs: [school],
      });
      for (let j = 0; j < perStudent; j++) {
        const cls = schoolClasses[(i + j * stride) % schoolClasses.length]!;
        enrollments.push([`enr-${cls}-${id}`, 'active', stamp, cls, school, id, 'student', 'false', '', '']);
      }
      const race = r.pick(RACES);
      const birthYear = 2021 - Number(grade === 'KG' ? 0 : grade);
      demographics.push([
        id,
        'active',
        stamp,
        `${birthYear}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`,
        r.chance(0.5) ? 'female' : 'male',
        ...RACES.map((x) => String(x === race)),
        String(r.chance(0.3)),
        String(r.chance(0.12)),
        String(r.chance(0.13)),
        String(r.chance(0.45)),
      ]);
    }
  }

  const files: BundleFiles = {
    'manifest.csv': toCsv(['propertyName', 'value'], [
      ['manifest.version', '1.0'],
      ['oneroster.version', o.version],
      ...['academicSessions', 'orgs', 'courses', 'classes', 'users', 'enrollments', 'demographics'].map((f) => [`file.${f}`, 'bulk']),
      ['file.roles', o.version === '1.2' ? 'bulk' : 'absent'],
      ['source.systemName', 'Rounds generator'],
    ]),
    'orgs.csv': toCsv(['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'], orgs),
    'academicSessions.csv': toCsv(['sourcedId', 'status', 'dateLastModified', 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'], [
      ['sy-2026', 'active', stamp, '2026-2027', 'schoolYear', '2026-08-17', '2027-06-04', '', '2027'],
      ['fall-2026', 'active', stamp, 'Fall 2026', 'semester', '2026-08-17', '2027-01-15', 'sy-2026', '2027'],
      ['spring-2027', 'active', stamp, 'Spring 2027', 'semester', '2027-01-19', '2027-06-04', 'sy-2026', '2027'],
    ]),
    'courses.csv': toCsv(['sourcedId', 'status', 'dateLastModified', 'schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId', 'subjects'], courses),
    'classes.csv': toCsv(
      ['sourcedId', 'status', 'dateLastModified', 'title', 'grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', 'termSourcedIds', 'subjects', 'periods'],
      classes,
    ),
    'enrollments.csv': toCsv(['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'], enrollments),
    'demographics.csv': toCsv(
      ['sourcedId', 'status', 'dateLastModified', 'birthDate', 'sex', ...RACES, 'hispanicOrLatinoEthnicity', 'metadata.englishLearner', 'metadata.specialEducation', 'metadata.freeReducedLunch'],
      demographics,
    ),
  };
  const userHeader = ['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'username', 'givenName', 'familyName', 'identifier', 'email', 'grades'];
  if (o.version === '1.2') {
    files['users.csv'] = toCsv(userHeader, users.map((u) => u.row));
    files['roles.csv'] = toCsv(
      ['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'roleType', 'role', 'orgSourcedId'],
      users.flatMap((u) => u.orgs.map((org, i) => [`role-${u.row[0]}-${org}`, 'active', stamp, u.row[0]!, i === 0 ? 'primary' : 'secondary', u.role, org])),
    );
  } else {
    files['users.csv'] = toCsv([...userHeader.slice(0, 4), 'orgSourcedIds', 'role', ...userHeader.slice(4)], users.map((u) => [...u.row.slice(0, 4), u.orgs.join(','), u.role, ...u.row.slice(4)]));
  }
  return files;
}

/** Zips a bundle (what a SIS export download looks like). */
export function zipBundle(files: BundleFiles): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])), { level: 6 });
}

/** Writes a bundle's CSV files into a folder (created if needed). */
export async function writeBundle(dir: string, files: BundleFiles): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
}
