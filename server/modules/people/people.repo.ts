import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { Role } from '../../../schemas/common';
import type { ClassSummary, Meeting } from '../../../schemas/people';

const hhmm = (t: string) => t.slice(0, 5);

/** Staff holding a school role in the school, with those roles; optionally filtered. */
export async function listStaff(db: Db, schoolId: string, filter: { role?: Role; q?: string }) {
  let query = db
    .selectFrom('role_assignments as ra')
    .innerJoin('people as p', 'p.id', 'ra.person_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.email',
      sql<Role[]>`array_agg(DISTINCT ra.role ORDER BY ra.role)`.as('roles'),
    ])
    .where('ra.school_id', '=', schoolId)
    .where('p.status', '=', 'active')
    .groupBy(['p.id', 'p.given_name', 'p.family_name', 'p.email'])
    .orderBy('p.family_name')
    .orderBy('p.given_name');
  if (filter.role) query = query.having(sql<boolean>`bool_or(ra.role = ${filter.role})`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`p.given_name || ' ' || p.family_name`, 'ilike', like),
        eb('p.email', 'ilike', like),
      ]),
    );
  }
  return query.execute();
}

export async function schoolSummary(db: Db, schoolId: string) {
  const school = await db
    .selectFrom('schools')
    .select(['id', 'name', 'grade_band', 'timezone'])
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
  const counts = await db
    .selectNoFrom([
      sql<number>`(SELECT count(DISTINCT person_id) FROM role_assignments WHERE school_id = ${schoolId})`.as('staff'),
      sql<number>`(SELECT count(DISTINCT person_id) FROM role_assignments WHERE school_id = ${schoolId} AND role = 'teacher')`.as('teachers'),
      sql<number>`(SELECT count(*) FROM person_schools ps JOIN people p ON p.id = ps.person_id WHERE ps.school_id = ${schoolId} AND p.kind = 'student' AND p.status = 'active')`.as('students'),
      sql<number>`(SELECT count(*) FROM classes WHERE school_id = ${schoolId} AND status = 'active')`.as('classes'),
    ])
    .executeTakeFirstOrThrow();
  return { school, counts };
}

/** Active classes of a school, optionally only those a given person teaches, with teachers, sizes and meetings. */
export async function listClasses(db: Db, schoolId: string, filter: { teacherId?: string; classId?: string } = {}): Promise<ClassSummary[]> {
  let query = db
    .selectFrom('classes as c')
    .leftJoin('courses as co', 'co.id', 'c.course_id')
    .select([
      'c.id',
      'c.title',
      'co.title as course_title',
      'c.subjects',
      'c.grades',
      'c.periods',
      'c.location',
      sql<{ id: string; name: string }[]>`COALESCE((
        SELECT json_agg(json_build_object('id', p.id, 'name', p.given_name || ' ' || p.family_name) ORDER BY e.is_primary DESC, p.family_name)
        FROM enrollments e JOIN people p ON p.id = e.person_id
        WHERE e.class_id = c.id AND e.role = 'teacher' AND e.status = 'active'), '[]')`.as('teachers'),
      sql<number>`(SELECT count(*) FROM enrollments e WHERE e.class_id = c.id AND e.role = 'student' AND e.status = 'active')`.as('student_count'),
      sql<{ weekday: number; period: string | null; start_time: string; end_time: string; room: string | null }[]>`COALESCE((
        SELECT json_agg(json_build_object('weekday', m.weekday, 'period', m.period, 'start_time', m.start_time, 'end_time', m.end_time, 'room', m.room) ORDER BY m.weekday, m.start_time)
        FROM class_meetings m WHERE m.class_id = c.id), '[]')`.as('meetings'),
    ])
    .where('c.school_id', '=', schoolId)
    .where('c.status', '=', 'active');
  if (filter.classId) query = query.where('c.id', '=', filter.classId);
  if (filter.teacherId) {
    const teacherId = filter.teacherId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('enrollments as e')
          .select(sql`1`.as('one'))
          .whereRef('e.class_id', '=', 'c.id')
          .where('e.person_id', '=', teacherId)
          .where('e.role', '=', 'teacher')
          .where('e.status', '=', 'active'),
      ),
    );
  }
  const rows = await query.execute();
  const firstStart = (r: (typeof rows)[number]) => r.meetings[0]?.start_time ?? '99';
  rows.sort((a, b) => firstStart(a).localeCompare(firstStart(b)) || a.title.localeCompare(b.title));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    courseTitle: r.course_title,
    subjects: r.subjects,
    grades: r.grades,
    periods: r.periods,
    room: r.location,
    teachers: r.teachers,
    studentCount: Number(r.student_count),
    meetings: r.meetings.map(
      (m): Meeting => ({ weekday: m.weekday, period: m.period, start: hhmm(m.start_time), end: hhmm(m.end_time), room: m.room }),
    ),
  }));
}

export async function listStudentsOfClass(db: Db, classId: string) {
  return db
    .selectFrom('enrollments as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.grades'])
    .where('e.class_id', '=', classId)
    .where('e.role', '=', 'student')
    .where('e.status', '=', 'active')
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
}

/** A person who holds the teacher role in the school, or undefined. */
export async function findTeacher(db: Db, schoolId: string, teacherId: string) {
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.email'])
    .where('p.id', '=', teacherId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('role_assignments as ra')
          .select(sql`1`.as('one'))
          .whereRef('ra.person_id', '=', 'p.id')
          .where('ra.school_id', '=', schoolId)
          .where('ra.role', '=', 'teacher'),
      ),
    )
    .executeTakeFirst();
}
