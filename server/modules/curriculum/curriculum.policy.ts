import { ALL_ROLES, type Role } from '../../../schemas/common';
import type { Db } from '../../../db/database';
import type { RequestSchool, SessionUser } from '../../http/access';

/** Every role of the school reads maps: they hold no personal data. */
export const MAP_READERS: Role[] = [...ALL_ROLES];
/** Who may create and edit maps at the gate; a teacher only for a grade they teach (below). */
export const MAP_EDITORS: Role[] = ['principal', 'assistant_principal', 'coach', 'teacher'];
/** School leaders who edit every map of the school. */
const MAP_LEADERS: Role[] = ['principal', 'assistant_principal', 'coach'];
/** Who deletes a map. */
export const MAP_DELETERS: Role[] = ['principal', 'assistant_principal'];

/** "03", "3" and " 3 " are the same grade; "KG" and "kg" too. */
export const gradeKey = (grade: string) => {
  const g = grade.trim();
  return /^\d+$/.test(g) ? String(Number(g)) : g.toLowerCase();
};

/** The grades a caller edits maps of: every grade (school leaders) or the grades they teach. */
export type EditableGrades = 'all' | Set<string>;

/** Who may do what with curriculum maps; the first line of every use case. */
export const curriculumPolicy = {
  /** Leaders edit every map; a teacher edits maps of the grades on their staff record or of active classes they teach. */
  async editableGrades(db: Db, user: SessionUser, school: RequestSchool): Promise<EditableGrades> {
    if (school.roles.some((r) => MAP_LEADERS.includes(r))) return 'all';
    if (!school.roles.includes('teacher')) return new Set();
    const person = await db.selectFrom('people').select('grades').where('id', '=', user.id).executeTakeFirst();
    const classes = await db
      .selectFrom('classes as c')
      .innerJoin('enrollments as e', 'e.class_id', 'c.id')
      .select('c.grades')
      .where('c.school_id', '=', school.id)
      .where('c.status', '=', 'active')
      .where('e.person_id', '=', user.id)
      .where('e.role', '=', 'teacher')
      .where('e.status', '=', 'active')
      .execute();
    return new Set([...(person?.grades ?? []), ...classes.flatMap((c) => c.grades)].map(gradeKey));
  },
  canEdit(grades: EditableGrades, mapGrade: string): boolean {
    return grades === 'all' || grades.has(gradeKey(mapGrade));
  },
  canDelete(school: RequestSchool): boolean {
    return school.roles.some((r) => MAP_DELETERS.includes(r));
  },
};
