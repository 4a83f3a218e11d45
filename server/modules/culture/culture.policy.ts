import { ALL_ROLES, type Role } from '../../../schemas/common';
import type { RequestSchool } from '../../http/access';

/** Every role of the school reads agreements, the self-assessment and pulse results (which are never personal). */
export const CULTURE_READERS: Role[] = [...ALL_ROLES];
/** Who records the school's agreements (as for look-fors). */
export const AGREEMENT_EDITORS: Role[] = ['principal', 'assistant_principal'];
/** The instructional leadership team as Rounds knows it today: the school's leaders rate the core practices. */
export const ILT_ROLES: Role[] = ['principal', 'assistant_principal', 'coach'];
/** Who opens and closes a staff pulse. */
export const PULSE_OWNERS: Role[] = ['principal'];
/** Who responds to a staff pulse: the school's staff (district roles are not staff of the school). */
export const PULSE_RESPONDERS: Role[] = ['principal', 'assistant_principal', 'coach', 'teacher'];

/** Object-level rules of the culture module beyond the gate. */
export const culturePolicy = {
  canRate: (school: RequestSchool) => school.roles.some((r) => ILT_ROLES.includes(r)),
  canRespond: (school: RequestSchool) => school.roles.some((r) => PULSE_RESPONDERS.includes(r)),
};
