import type { Db } from '../../../db/database';
import type { Role } from '../../../schemas/common';
import type { RequestSchool, SessionUser } from '../../http/access';
import { notFound } from '../../http/errors';
import { peoplePolicy } from './people.policy';
import * as repo from './people.repo';

/** The school's staff directory. */
export async function listSchoolStaff(db: Db, school: RequestSchool, filter: { role?: Role; q?: string }) {
  const rows = await repo.listStaff(db, school.id, filter);
  return rows.map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`, email: r.email, roles: r.roles }));
}

/** A school's overview with its counts. */
export async function describeSchool(db: Db, school: RequestSchool) {
  const { school: row, counts } = await repo.schoolSummary(db, school.id);
  return {
    id: row.id,
    name: row.name,
    gradeBand: row.grade_band,
    timezone: row.timezone,
    counts: {
      staff: Number(counts.staff),
      teachers: Number(counts.teachers),
      students: Number(counts.students),
      classes: Number(counts.classes),
    },
  };
}

/** Classes the caller may see: all of them for leaders, their own for a teacher. */
export async function listSchoolClasses(db: Db, user: SessionUser, school: RequestSchool) {
  return repo.listClasses(db, school.id, peoplePolicy.seesAllClasses(school) ? {} : { teacherId: user.id });
}

/** One class with its students; a teacher may open only a class they teach (others answer 404). */
export async function getClass(db: Db, user: SessionUser, school: RequestSchool, classId: string) {
  const filter = peoplePolicy.seesAllClasses(school) ? { classId } : { classId, teacherId: user.id };
  const [found] = await repo.listClasses(db, school.id, filter);
  if (!found) throw notFound('That class');
  if (!peoplePolicy.seesStudents(school)) return { ...found, students: [], studentsHidden: true };
  const students = await repo.listStudentsOfClass(db, classId);
  return { ...found, students: students.map((s) => ({ id: s.id, name: `${s.given_name} ${s.family_name}`, grades: s.grades })), studentsHidden: false };
}

/** A teacher's classes and weekly meetings. */
export async function getTeacherSchedule(db: Db, user: SessionUser, school: RequestSchool, teacherId: string) {
  if (!peoplePolicy.canSeeTeacher(user, school, teacherId)) throw notFound('That teacher');
  const teacher = await repo.findTeacher(db, school.id, teacherId);
  if (!teacher) throw notFound('That teacher');
  const classes = await repo.listClasses(db, school.id, { teacherId });
  return { teacher: { id: teacher.id, name: `${teacher.given_name} ${teacher.family_name}`, email: teacher.email }, classes };
}
