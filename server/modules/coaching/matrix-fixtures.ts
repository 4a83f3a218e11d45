import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/database';

/**
 * Fixtures of coaching and peer visits for the authorization matrix: an active coaching cycle the coach runs with
 * the teacher, and a pending peer-visit request from the teacher to another teacher. `restore()` puts both back
 * as they were (a call may cancel the request or move the cycle).
 */
export function coachingFixtures(db: Db, ids: { districtId: string; schoolId: string; coachId: string; teacherId: string; colleagueId: string }) {
  const f = { coachingCycleId: randomUUID(), requestId: randomUUID() };
  async function restore() {
    const cycle = { status: 'active' as const, outcome: null, goal_met: null, closed_at: null };
    await db
      .insertInto('coaching_cycles')
      .values({ id: f.coachingCycleId, district_id: ids.districtId, school_id: ids.schoolId, coach_id: ids.coachId, teacher_id: ids.teacherId, goal: 'Students explain their reasoning', agreed_at: new Date(), ...cycle })
      .onConflict((oc) => oc.column('id').doUpdateSet(cycle))
      .execute();
    const request = { status: 'pending' as const, visit_id: null, responded_at: null };
    await db
      .insertInto('peer_visit_requests')
      .values({ id: f.requestId, district_id: ids.districtId, school_id: ids.schoolId, requester_id: ids.teacherId, host_id: ids.colleagueId, topic: 'Number talks', ...request })
      .onConflict((oc) => oc.column('id').doUpdateSet(request))
      .execute();
  }
  return { ...f, restore };
}

/** The path parameters these fixtures fill. */
export const COACHING_PARAMS = { coachingCycleId: 1, requestId: 1 } as const;
