import type { Role } from '../../../schemas/common';
import type { RequestSchool, SessionUser } from '../../http/access';
import { forbidden, notFound } from '../../http/errors';

/** Who evaluates teachers: the school's principal and assistant principals. */
export const EVALUATOR_ROLES: Role[] = ['principal', 'assistant_principal'];
/** Who uploads a rubric for the district (through one of its schools). */
export const RUBRIC_UPLOADERS: Role[] = ['principal', 'district_admin'];
/** Who reads the district's rubrics (to choose one for a cycle, or to check an upload). */
export const RUBRIC_READERS: Role[] = ['principal', 'assistant_principal', 'district_admin'];

/** The facts of a cycle every rule needs. */
export interface CycleFacts {
  school_id: string;
  teacher_id: string;
  evaluator_id: string;
}

/**
 * Formal evaluation is seen by three people only: the evaluator, the teacher and the principal of the cycle's school.
 * Everyone else (coaches, other teachers, assistant principals who are not the evaluator, district roles) is told the
 * cycle does not exist. Only the evaluator writes; the teacher signs ("seen") and responds.
 */
export const evaluationPolicy = {
  canRead(user: SessionUser, school: RequestSchool, cycle: CycleFacts): boolean {
    if (cycle.school_id !== school.id) return false;
    if (user.id === cycle.evaluator_id || user.id === cycle.teacher_id) return true;
    // Only a principal role held in this school itself (a district role never counts here).
    return (user.schoolRoles.get(school.id) ?? []).includes('principal');
  },
  /** The cycle, or 404 unless the caller may read it. */
  readable<T extends CycleFacts>(user: SessionUser, school: RequestSchool, cycle: T | undefined): T {
    if (!cycle || !evaluationPolicy.canRead(user, school, cycle)) throw notFound('That evaluation cycle');
    return cycle;
  },
  isEvaluator(user: SessionUser, cycle: CycleFacts): boolean {
    return user.id === cycle.evaluator_id;
  },
  /** The cycle, or 404 for those who may not see it and 403 for readers who are not its evaluator. */
  evaluated<T extends CycleFacts>(user: SessionUser, school: RequestSchool, cycle: T | undefined): T {
    const found = evaluationPolicy.readable(user, school, cycle);
    if (!evaluationPolicy.isEvaluator(user, found)) throw forbidden('Only the evaluator of this cycle changes it.');
    return found;
  },
  /** The cycle, for its evaluator or its teacher to sign; the principal who is neither only reads (403). */
  signable<T extends CycleFacts>(user: SessionUser, school: RequestSchool, cycle: T | undefined): T {
    const found = evaluationPolicy.readable(user, school, cycle);
    if (user.id !== found.evaluator_id && user.id !== found.teacher_id) throw forbidden('Only the evaluator and the teacher sign a cycle.');
    return found;
  },
  /** What the caller may do with a cycle they read: the evaluator edits until signing; the teacher signs after the evaluator. */
  abilities(user: SessionUser, cycle: CycleFacts & { evaluator_signed_at: unknown; teacher_signed_at: unknown }): { edit: boolean; sign: boolean } {
    const isEvaluator = user.id === cycle.evaluator_id;
    const open = cycle.evaluator_signed_at === null;
    return { edit: isEvaluator && open, sign: isEvaluator ? open : user.id === cycle.teacher_id && !open && cycle.teacher_signed_at === null };
  },
  /**
   * Why a visit may not be cited in the cycle, or undefined when it may: visit evidence reaches an evaluation only
   * when it was shared with the teacher, is about the teacher's classroom, and was made in the cycle's school. Peer
   * visits (the visited teacher's own) and the observations of a coaching cycle (coaching is not evaluation) never do.
   */
  citationProblem(
    cycle: CycleFacts & { teacher_name: string },
    visit: { school_id: string; teacher_id: string; shared_at: unknown; kind: string; coaching_cycle_id: string | null } | undefined,
  ): string | undefined {
    if (!visit || visit.school_id !== cycle.school_id) return 'No visit with this id was made in this school';
    if (visit.teacher_id !== cycle.teacher_id) return `This visit was to another teacher's classroom; cite only visits to ${cycle.teacher_name}'s classroom`;
    if (visit.kind !== 'leader') return "A peer visit belongs to the visited teacher and is never cited in an evaluation";
    if (visit.coaching_cycle_id !== null) return 'This visit is an observation of a coaching cycle; coaching is kept apart from evaluation';
    if (visit.shared_at === null) return 'This visit has not been shared with the teacher, so it cannot be cited: visit evidence reaches an evaluation only once the teacher has seen it';
    return undefined;
  },
  /** Which cycles of the school a caller lists: the principal every one, an assistant principal their own. */
  listScope(user: SessionUser, school: RequestSchool): { evaluatorId: string | null } {
    return { evaluatorId: (user.schoolRoles.get(school.id) ?? []).includes('principal') ? null : user.id };
  },
  /** A principal names any evaluator of the school; an assistant principal only themselves. */
  mayAssign(user: SessionUser, school: RequestSchool, evaluatorId: string): boolean {
    return evaluatorId === user.id || (user.schoolRoles.get(school.id) ?? []).includes('principal');
  },
};
