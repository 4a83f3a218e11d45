import { SCHOOL_LEADER_ROLES, type Role } from '../../../schemas/common';
import type { RequestSchool, SessionUser } from '../../http/access';

/** Roles that see every class and every teacher's schedule in a school. */
const SEES_WHOLE_SCHOOL: readonly Role[] = [...SCHOOL_LEADER_ROLES, 'district_admin', 'district_leader'];

/** Who may see what in the people module; the first line of every use case. */
export const peoplePolicy = {
  /** Leaders see the whole school; a teacher sees only their own classes. */
  seesAllClasses(school: RequestSchool): boolean {
    return school.roles.some((r) => SEES_WHOLE_SCHOOL.includes(r));
  },
  /** Student names: school staff and the district administrator; a district leader sees counts only. */
  seesStudents(school: RequestSchool): boolean {
    return school.roles.some((r) => r !== 'district_leader');
  },
  /** A teacher's schedule: leaders see anyone's, a teacher only their own. */
  canSeeTeacher(user: SessionUser, school: RequestSchool, teacherId: string): boolean {
    return this.seesAllClasses(school) || user.id === teacherId;
  },
};
