import type { Role } from '../../../schemas/common';
import type { RequestSchool, SessionUser } from '../../http/access';

/** School staff who work with assessments: leaders see the whole school, teachers the classes they teach. */
export const ASSESSMENT_STAFF: Role[] = ['principal', 'assistant_principal', 'coach', 'teacher'];
/** School leaders who see every student's results in the school. */
export const RESULT_LEADERS: Role[] = ['principal', 'assistant_principal', 'coach'];
/** Who deletes any assessment of the school (besides its creator). */
const DELETERS: Role[] = ['principal', 'assistant_principal'];

/**
 * Whose students a caller may see: `teacherId` null = the whole school (a leader, or aggregates for district
 * roles); otherwise only students of assessed classes that this person teaches.
 */
export interface ResultScope {
  schoolId: string;
  districtId: string;
  teacherId: string | null;
}

/** Who may do what with assessments and results; the first line of every use case. */
export const assessmentPolicy = {
  /** The scope of student-level reads and writes: school leaders the school, teachers their own classes. */
  studentScope(user: SessionUser, school: RequestSchool): ResultScope {
    const whole = school.roles.some((r) => RESULT_LEADERS.includes(r));
    return { schoolId: school.id, districtId: school.districtId, teacherId: whole ? null : user.id };
  },
  /** The scope of aggregate analysis: district roles and leaders see the school; a teacher their own classes. */
  aggregateScope(user: SessionUser, school: RequestSchool): ResultScope {
    const whole = school.roles.some((r) => r !== 'teacher');
    return { schoolId: school.id, districtId: school.districtId, teacherId: whole ? null : user.id };
  },
  /** The creator, the principal and assistant principals delete an assessment (and its results). */
  canDelete(user: SessionUser, school: RequestSchool, assessment: { createdById: string }): boolean {
    return assessment.createdById === user.id || school.roles.some((r) => DELETERS.includes(r));
  },
};
