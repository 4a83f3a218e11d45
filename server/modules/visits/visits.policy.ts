import type { Role } from '../../../schemas/common';
import type { RequestSchool, SessionUser } from '../../http/access';
import { rolesInSchool } from '../../http/access';

/** Roles that capture visits and read a school's visits (never a rating; notes stay in the school). */
export const VISITING_ROLES: Role[] = ['principal', 'assistant_principal', 'coach'];
/** Roles that configure a school's look-fors. */
export const LOOK_FOR_EDITORS: Role[] = ['principal', 'assistant_principal'];

/** Who may do what with visits; the first line of every visits use case. */
export const visitsPolicy = {
  /**
   * Who reads a visit: its author; the principal and assistant principals of its school; coaches when the school
   * lets coaches read every visit; the teacher once the evidence is shared. Never district roles.
   */
  canRead(
    user: SessionUser,
    visit: { observer_id: string; school_id: string; district_id: string; subject_id: string; shared_at: Date | string | null; coach_visibility: 'school' | 'own' },
  ): boolean {
    if (visit.observer_id === user.id) return true;
    if (visit.subject_id === user.id) return visit.shared_at !== null;
    const roles = rolesInSchool(user, { id: visit.school_id, districtId: visit.district_id });
    if (roles.includes('principal') || roles.includes('assistant_principal')) return true;
    return roles.includes('coach') && visit.coach_visibility === 'school';
  },
  /** Leaders who see every visit of the school in lists (coaches only when the school allows it). */
  seesAllSchoolVisits(school: RequestSchool, coachVisibility: 'school' | 'own'): boolean {
    if (school.roles.includes('principal') || school.roles.includes('assistant_principal')) return true;
    return school.roles.includes('coach') && coachVisibility === 'school';
  },
  /** Only the author edits a visit. */
  canEdit(user: SessionUser, visit: { observer_id: string }): boolean {
    return visit.observer_id === user.id;
  },
  /** The private note leaves the server only for its author. */
  seesPrivateNote(user: SessionUser, visit: { observer_id: string }): boolean {
    return visit.observer_id === user.id;
  },
  canCapture(school: RequestSchool): boolean {
    return school.roles.some((r) => VISITING_ROLES.includes(r));
  },
};
