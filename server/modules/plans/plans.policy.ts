import type { Role } from '../../../schemas/common';
import type { RequestSchool, SessionUser } from '../../http/access';
import { forbidden } from '../../http/errors';

/** Who edits the whole work plan. */
export const PLAN_EDITORS = ['principal', 'assistant_principal'] as const satisfies readonly Role[];
/** School staff: an action's owner is one of them. */
export const PLAN_STAFF = ['principal', 'assistant_principal', 'coach', 'teacher'] as const satisfies readonly Role[];
/** Who plans professional learning sessions. */
export const PD_PLANNERS = ['principal', 'assistant_principal', 'coach'] as const satisfies readonly Role[];

export const editsPlan = (school: RequestSchool) => school.roles.some((r) => (PLAN_EDITORS as readonly Role[]).includes(r));
export const plansPd = (school: RequestSchool) => school.roles.some((r) => (PD_PLANNERS as readonly Role[]).includes(r));

/** Leaders change any field of an action; its owner changes only its status; anyone else is refused. */
export function assertMayUpdateAction(user: SessionUser, school: RequestSchool, action: { owner_id: string }, fields: string[]): void {
  if (editsPlan(school)) return;
  if (action.owner_id !== user.id) throw forbidden('Only the action’s owner and the principal or assistant principal update this action.');
  const other = fields.filter((f) => f !== 'status');
  if (other.length > 0) throw forbidden('As the owner you update the status and add evidence; the principal or assistant principal change the rest.');
}

/** Leaders and the action's owner add evidence of progress. */
export function assertMayAddEvidence(user: SessionUser, school: RequestSchool, action: { owner_id: string }): void {
  if (!editsPlan(school) && action.owner_id !== user.id) throw forbidden('Only the action’s owner and the principal or assistant principal add evidence to it.');
}

/** Leaders, coaches and the session's facilitator take attendance. */
export function assertMayTakeAttendance(user: SessionUser, school: RequestSchool, session: { facilitator_id: string }): void {
  if (!plansPd(school) && session.facilitator_id !== user.id) throw forbidden('Only the facilitator, coaches and school leaders take attendance.');
}
