import type { Role } from '../../../schemas/common';
import type { RequestSchool, SessionUser } from '../../http/access';
import { rolesInSchool } from '../../http/access';

/** Roles that capture visits and read a school's visits (never a rating; notes stay in the school). */
export const VISITING_ROLES: Role[] = ['principal', 'assistant_principal', 'coach'];
/** Roles that configure a school's look-fors. */
export const LOOK_FOR_EDITORS: Role[] = ['principal', 'assistant_principal'];

/** Who may do what with visits; the first line of every visits use case. */
export const visitsPolicy = {
  /** A school leader may read a visit of their school; its private note only its author. */
  canRead(user: SessionUser, visit: { observer_id: string; school_id: string; district_id: string }): boolean {
    if (visit.observer_id === user.id) return true;
    const roles = rolesInSchool(user, { id: visit.school_id, districtId: visit.district_id });
    return roles.some((r) => VISITING_ROLES.includes(r));
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
