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
   * A peer visit (a teacher visiting a colleague) belongs to the visited teacher: only they and the peer read it,
   * until the visited teacher shares it with the school's leaders.
   */
  canRead(
    user: SessionUser,
    visit: {
      observer_id: string;
      school_id: string;
      district_id: string;
      subject_id: string;
      shared_at: Date | string | null;
      coach_visibility: 'school' | 'own';
      kind: 'leader' | 'peer';
      shared_with_leaders_at: Date | string | null;
    },
  ): boolean {
    if (visit.observer_id === user.id) return true;
    if (visit.subject_id === user.id) return visit.shared_at !== null;
    if (visit.kind === 'peer' && visit.shared_with_leaders_at === null) return false;
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
  /** Only the visited teacher shares a peer visit with the school's leaders. */
  canSharePeerVisit(user: SessionUser, visit: { kind: 'leader' | 'peer'; subject_id: string }): boolean {
    return visit.kind === 'peer' && visit.subject_id === user.id;
  },
  /** A teacher of the school visits a colleague's classroom (with the colleague's consent, checked by the request). */
  canPeerVisit(school: RequestSchool): boolean {
    return school.roles.includes('teacher');
  },
  canCapture(school: RequestSchool): boolean {
    return school.roles.some((r) => VISITING_ROLES.includes(r));
  },
};
