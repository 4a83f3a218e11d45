import { randomUUID } from 'node:crypto';
import type { Role } from '../../schemas/common';
import type { Db } from '../database';

/** Builders shared by the demo data and the tests: each makes real rows through the real schema. */

const uniq = () => randomUUID().slice(0, 8);

export async function createDistrict(db: Db, input: { name?: string; sourcedId?: string } = {}) {
  return db
    .insertInto('districts')
    .values({ name: input.name ?? `District ${uniq()}`, sourced_id: input.sourcedId ?? null })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function createSchool(
  db: Db,
  input: { districtId: string; name?: string; sourcedId?: string; gradeBand?: string; timezone?: string },
) {
  return db
    .insertInto('schools')
    .values({
      district_id: input.districtId,
      name: input.name ?? `School ${uniq()}`,
      sourced_id: input.sourcedId ?? `school-${uniq()}`,
      grade_band: input.gradeBand ?? null,
      timezone: input.timezone ?? 'America/Chicago',
    })
    .returning(['id', 'name', 'district_id'])
    .executeTakeFirstOrThrow();
}

export interface StaffInput {
  districtId: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  sourcedId?: string;
  /** School roles name a school; district roles do not. */
  roles?: { role: Role; schoolId?: string }[];
  /** A ready argon2 hash (hashing is slow: reuse one for many demo accounts). */
  passwordHash?: string;
  grades?: string[];
  source?: 'manual' | 'roster' | 'demo';
}

/** Creates a staff member with their roles, school memberships and optional sign-in credentials. */
export async function createStaff(db: Db, input: StaffInput) {
  const tag = uniq();
  const person = await db
    .insertInto('people')
    .values({
      district_id: input.districtId,
      sourced_id: input.sourcedId ?? `staff-${tag}`,
      kind: 'staff',
      given_name: input.givenName ?? 'Pat',
      family_name: input.familyName ?? `Staff-${tag}`,
      email: input.email ?? `staff-${tag}@example.test`,
      grades: input.grades ?? [],
    })
    .returning(['id', 'email', 'given_name', 'family_name'])
    .executeTakeFirstOrThrow();
  const roles = input.roles ?? [];
  if (roles.length > 0) {
    await db
      .insertInto('role_assignments')
      .values(roles.map((r) => ({ person_id: person.id, district_id: input.districtId, school_id: r.schoolId ?? null, role: r.role, source: input.source ?? 'manual' })))
      .execute();
    const schoolIds = [...new Set(roles.flatMap((r) => (r.schoolId ? [r.schoolId] : [])))];
    if (schoolIds.length > 0) {
      await db.insertInto('person_schools').values(schoolIds.map((school_id) => ({ person_id: person.id, school_id }))).execute();
    }
  }
  if (input.passwordHash) {
    await db.insertInto('credentials').values({ person_id: person.id, password_hash: input.passwordHash }).execute();
  }
  return { ...person, email: person.email!, name: `${person.given_name} ${person.family_name}` };
}

export interface StudentInput {
  givenName: string;
  familyName: string;
  grade: string;
  sourcedId?: string;
  demographics?: {
    gender?: string | null;
    raceEthnicity?: string[];
    hispanicLatino?: boolean | null;
    englishLearner?: boolean | null;
    specialEducation?: boolean | null;
    freeReducedLunch?: boolean | null;
    birthDate?: string | null;
  };
}

/** Creates many students of one school in a few statements. */
export async function createStudents(db: Db, districtId: string, schoolId: string, students: StudentInput[]) {
  if (students.length === 0) return [];
  const created: { id: string }[] = [];
  for (let i = 0; i < students.length; i += 1000) {
    const batch = students.slice(i, i + 1000);
    const rows = await db
      .insertInto('people')
      .values(
        batch.map((s) => ({
          district_id: districtId,
          sourced_id: s.sourcedId ?? `student-${uniq()}`,
          kind: 'student' as const,
          given_name: s.givenName,
          family_name: s.familyName,
          grades: [s.grade],
        })),
      )
      .returning('id')
      .execute();
    await db.insertInto('person_schools').values(rows.map((r) => ({ person_id: r.id, school_id: schoolId }))).execute();
    await db
      .insertInto('student_demographics')
      .values(
        rows.map((r, j) => {
          const d = batch[j]!.demographics ?? {};
          return {
            person_id: r.id,
            gender: d.gender ?? null,
            race_ethnicity: d.raceEthnicity ?? [],
            hispanic_latino: d.hispanicLatino ?? null,
            english_learner: d.englishLearner ?? null,
            special_education: d.specialEducation ?? null,
            free_reduced_lunch: d.freeReducedLunch ?? null,
            birth_date: d.birthDate ?? null,
          };
        }),
      )
      .execute();
    created.push(...rows);
  }
  return created;
}

export async function createTerm(
  db: Db,
  input: { districtId: string; title?: string; start: string; end: string; type?: 'schoolYear' | 'term' | 'semester' | 'gradingPeriod'; parentId?: string },
) {
  return db
    .insertInto('academic_sessions')
    .values({
      district_id: input.districtId,
      sourced_id: `term-${uniq()}`,
      title: input.title ?? 'Term',
      type: input.type ?? 'term',
      start_date: input.start,
      end_date: input.end,
      parent_id: input.parentId ?? null,
      school_year: Number(input.end.slice(0, 4)),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface ClassInput {
  districtId: string;
  schoolId: string;
  title: string;
  courseTitle?: string;
  subjects?: string[];
  grades?: string[];
  room?: string;
  termIds?: string[];
  teacherIds: string[];
  studentIds?: string[];
  /** Weekly meetings: weekday 1 = Monday. Times as HH:MM. */
  meetings?: { weekday: number; period?: string; start: string; end: string }[];
}

/** Creates a class with its course, teachers, students and weekly meetings. */
export async function createClass(db: Db, input: ClassInput) {
  const tag = uniq();
  const course = await db
    .insertInto('courses')
    .values({
      district_id: input.districtId,
      school_id: input.schoolId,
      sourced_id: `course-${tag}`,
      title: input.courseTitle ?? input.title,
      grades: input.grades ?? [],
      subjects: input.subjects ?? [],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const periods = [...new Set((input.meetings ?? []).flatMap((m) => (m.period ? [m.period] : [])))];
  const cls = await db
    .insertInto('classes')
    .values({
      district_id: input.districtId,
      school_id: input.schoolId,
      course_id: course.id,
      sourced_id: `class-${tag}`,
      title: input.title,
      location: input.room ?? null,
      grades: input.grades ?? [],
      subjects: input.subjects ?? [],
      periods,
      term_ids: input.termIds ?? [],
    })
    .returning(['id', 'title'])
    .executeTakeFirstOrThrow();
  const enrollments = [
    ...input.teacherIds.map((person_id, i) => ({ person_id, role: 'teacher' as const, is_primary: i === 0 })),
    ...(input.studentIds ?? []).map((person_id) => ({ person_id, role: 'student' as const, is_primary: false })),
  ];
  for (let i = 0; i < enrollments.length; i += 2000) {
    await db
      .insertInto('enrollments')
      .values(
        enrollments.slice(i, i + 2000).map((e) => ({
          ...e,
          district_id: input.districtId,
          school_id: input.schoolId,
          class_id: cls.id,
          sourced_id: `enr-${uniq()}-${e.person_id.slice(0, 8)}`,
        })),
      )
      .execute();
  }
  if (input.meetings && input.meetings.length > 0) {
    await db
      .insertInto('class_meetings')
      .values(
        input.meetings.map((m) => ({
          class_id: cls.id,
          weekday: m.weekday,
          period: m.period ?? null,
          start_time: m.start,
          end_time: m.end,
          room: input.room ?? null,
        })),
      )
      .execute();
  }
  return cls;
}

export async function createBellPeriods(
  db: Db,
  schoolId: string,
  periods: { period: string; start: string; end: string; kind?: 'class' | 'lunch' | 'break' }[],
) {
  await db
    .insertInto('bell_periods')
    .values(periods.map((p) => ({ school_id: schoolId, period: p.period, start_time: p.start, end_time: p.end, kind: p.kind ?? 'class' })))
    .execute();
}
