import type { CycleStatus } from '../../../schemas/coaching';
import type { Role } from '../../../schemas/common';
import type { RequestSchool, SessionUser } from '../../http/access';
import { rolesInSchool } from '../../http/access';

/** Who coaches: instructional coaches, and principals or assistant principals acting as coach. */
export const COACHING_ROLES: Role[] = ['principal', 'assistant_principal', 'coach'];

/** The facts of a cycle a rule needs. */
export interface CycleFacts {
  school_id: string;
  district_id: string;
  coach_id: string;
  teacher_id: string;
  status: CycleStatus;
  coach_visibility: 'school' | 'own';
}

/** The moves a cycle can make, and who makes each: the coach and the teacher agree; the coach closes. */
const NEXT: Record<CycleStatus, CycleStatus[]> = {
  proposed: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** Who may do what with coaching cycles; the first line of every coaching use case. */
export const coachingPolicy = {
  /**
   * Who reads a cycle: its teacher and its coach; the principal and assistant principals of its school; other
   * coaches when the school lets coaches read every visit (the same setting). Never other teachers or district roles.
   */
  canRead(user: SessionUser, cycle: CycleFacts): boolean {
    if (cycle.teacher_id === user.id || cycle.coach_id === user.id) return true;
    const roles = rolesInSchool(user, { id: cycle.school_id, districtId: cycle.district_id });
    if (roles.includes('principal') || roles.includes('assistant_principal')) return true;
    return roles.includes('coach') && cycle.coach_visibility === 'school';
  },
  /** Leaders who list every cycle of the school (coaches only when the school allows it). */
  seesAllSchoolCycles(school: RequestSchool, coachVisibility: 'school' | 'own'): boolean {
    if (school.roles.includes('principal') || school.roles.includes('assistant_principal')) return true;
    return school.roles.includes('coach') && coachVisibility === 'school';
  },
  canPropose(school: RequestSchool): boolean {
    return school.roles.some((r) => COACHING_ROLES.includes(r));
  },
  isParticipant(user: SessionUser, cycle: CycleFacts): boolean {
    return cycle.coach_id === user.id || cycle.teacher_id === user.id;
  },
  isCoach(user: SessionUser, cycle: CycleFacts): boolean {
    return cycle.coach_id === user.id;
  },
  /** A cycle that is still open (proposed or active) can change. */
  isOpen(cycle: { status: CycleStatus }): boolean {
    return cycle.status === 'proposed' || cycle.status === 'active';
  },
  /** Whether the cycle can move from its status to `to` at all. */
  canMove(from: CycleStatus, to: CycleStatus): boolean {
    return NEXT[from].includes(to);
  },
  /** Who makes a move: both participants agree and cancel; only the coach closes a cycle with its outcome. */
  mayMake(user: SessionUser, cycle: CycleFacts, to: CycleStatus): boolean {
    if (to === 'completed') return cycle.coach_id === user.id;
    return coachingPolicy.isParticipant(user, cycle);
  },
};
