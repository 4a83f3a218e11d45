import { z } from 'zod';
import { Id, Role } from './common';

/** A staff member as listed in a school's directory (`GET /api/schools/{schoolId}/staff`). */
export const StaffMember = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  roles: z.array(Role),
});
export const StaffList = z.array(StaffMember);
export type StaffMember = z.infer<typeof StaffMember>;

/** Optional filters of the staff directory. */
export const StaffQuery = z.object({
  /** Only staff holding this role in the school. */
  role: Role.optional(),
  /** Case-insensitive search in name and email. */
  q: z.string().trim().max(100).optional(),
});

/** One weekly meeting of a class: weekday 1 = Monday .. 7 = Sunday, times as HH:MM. */
export const Meeting = z.object({
  weekday: z.number().int().min(1).max(7),
  period: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  room: z.string().nullable(),
});
export type Meeting = z.infer<typeof Meeting>;

/** A class (section) with its teachers, size and weekly meetings. */
export const ClassSummary = z.object({
  id: z.string(),
  title: z.string(),
  courseTitle: z.string().nullable(),
  subjects: z.array(z.string()),
  grades: z.array(z.string()),
  periods: z.array(z.string()),
  room: z.string().nullable(),
  teachers: z.array(z.object({ id: z.string(), name: z.string() })),
  studentCount: z.number().int(),
  meetings: z.array(Meeting),
});
export type ClassSummary = z.infer<typeof ClassSummary>;
export const ClassList = z.array(ClassSummary);

/** A class with its student roster (names and grades only: the minimum a visitor needs). */
export const ClassDetail = ClassSummary.extend({
  students: z.array(z.object({ id: z.string(), name: z.string(), grades: z.array(z.string()) })),
  /** True for district leaders: they see the class and its counts, never student names. */
  studentsHidden: z.boolean(),
});

/** A school's overview. */
export const SchoolSummary = z.object({
  id: z.string(),
  name: z.string(),
  gradeBand: z.string().nullable(),
  timezone: z.string(),
  counts: z.object({ staff: z.number().int(), teachers: z.number().int(), students: z.number().int(), classes: z.number().int() }),
});

/** A teacher's week: `GET /api/schools/{schoolId}/teachers/{teacherId}/schedule`. */
export const TeacherSchedule = z.object({
  teacher: z.object({ id: z.string(), name: z.string(), email: z.string().nullable() }),
  classes: ClassList,
});
export type TeacherSchedule = z.infer<typeof TeacherSchedule>;

export const TeacherParams = z.object({ schoolId: Id, teacherId: Id });
export const ClassParams = z.object({ schoolId: Id, classId: Id });
