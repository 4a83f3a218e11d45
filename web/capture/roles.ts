import type { MeResponse } from '../../schemas/auth';
import type { Role } from '../../schemas/common';

/** Roles that record visits (a teacher gets 403 from the API). */
export const CAPTURE_ROLES: readonly Role[] = ['principal', 'assistant_principal', 'coach'];
export const canCapture = (school: MeResponse['schools'][number]) => school.roles.some((r) => CAPTURE_ROLES.includes(r));
