import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/database';

/**
 * Fixtures of teams, the work plan and professional learning for the authorization matrix: a team the teacher
 * belongs to, with a meeting and an action item the teacher owns; a plan whose action the teacher owns; a PD session
 * the principal facilitated and the teacher attended. `restore()` remakes whatever a call deleted.
 */
export function leadershipFixtures(db: Db, ids: { schoolId: string; principalId: string; teacherId: string }) {
  const f = {
    teamId: randomUUID(),
    memberId: randomUUID(),
    meetingId: randomUUID(),
    actionItemId: randomUUID(),
    planId: randomUUID(),
    planGoalId: randomUUID(),
    strategyId: randomUUID(),
    actionId: randomUUID(),
    pdSessionId: randomUUID(),
  };
  async function restore() {
    const { schoolId, principalId, teacherId } = ids;
    await db.insertInto('teams').values({ id: f.teamId, school_id: schoolId, name: 'Grade 3 team', kind: 'grade', created_by: principalId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('team_members').values({ id: f.memberId, team_id: f.teamId, person_id: teacherId, stakeholder: 'teacher' }).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto('team_meetings').values({ id: f.meetingId, team_id: f.teamId, held_on: '2026-11-24', recorded_by: principalId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('team_action_items').values({ id: f.actionItemId, meeting_id: f.meetingId, title: 'Bring student work', owner_id: teacherId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('work_plans').values({ id: f.planId, school_id: schoolId, school_year: '2026-27', title: 'Work plan', created_by: principalId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('plan_goals').values({ id: f.planGoalId, plan_id: f.planId, title: 'Reading' }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('plan_strategies').values({ id: f.strategyId, goal_id: f.planGoalId, title: 'Guided reading' }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('plan_actions').values({ id: f.actionId, strategy_id: f.strategyId, title: 'Small groups daily', owner_id: teacherId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('pd_sessions').values({ id: f.pdSessionId, school_id: schoolId, held_on: '2026-11-20', title: 'Questioning', facilitator_id: principalId, created_by: principalId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('pd_attendance').values({ session_id: f.pdSessionId, person_id: teacherId }).onConflict((oc) => oc.doNothing()).execute();
  }
  return { ...f, restore };
}
