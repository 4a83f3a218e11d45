import type { Db } from '../../../db/database';

/**
 * Why a visit cannot be recorded as an observation of a coaching cycle, or null when it can: the cycle must be of
 * this school and this teacher, coached by the person recording, and active.
 */
export async function checkCycleLink(db: Db, link: { cycleId: string; schoolId: string; teacherId: string; coachId: string }): Promise<string | null> {
  const cycle = await db
    .selectFrom('coaching_cycles')
    .select(['school_id', 'teacher_id', 'coach_id', 'status'])
    .where('id', '=', link.cycleId)
    .executeTakeFirst();
  if (!cycle || cycle.school_id !== link.schoolId || cycle.coach_id !== link.coachId) return 'Not a coaching cycle you coach in this school';
  if (cycle.teacher_id !== link.teacherId) return 'This coaching cycle is with another teacher';
  if (cycle.status !== 'active') return `This coaching cycle is ${cycle.status}: observations are recorded while it is active`;
  return null;
}
