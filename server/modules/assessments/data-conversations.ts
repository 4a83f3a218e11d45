import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { DataConversationCreate } from '../../../schemas/assessments';
import type { RequestSchool, SessionUser } from '../../http/access';
import { getAssessment } from './assessments.service';

function conversationsQuery(db: Db) {
  return db
    .selectFrom('data_conversations as d')
    .innerJoin('people as p', 'p.id', 'd.recorded_by')
    .select(['d.id', 'd.assessment_id', 'd.held_on', 'd.participants', 'd.questions', 'd.notice', 'd.wonder', 'd.try_next', 'd.next_step', 'p.id as pid', sql<string>`p.given_name || ' ' || p.family_name`.as('pname')]);
}
type Row = Awaited<ReturnType<ReturnType<typeof conversationsQuery>['executeTakeFirstOrThrow']>>;
type PlanActionRef = { id: string; title: string; planId: string };
/** Where a data conversation is, as the evidence of a plan action made from it links to it. */
export const conversationLinkPath = (schoolId: string, assessmentId: string, conversationId: string) => `/schools/${schoolId}/assessments/${assessmentId}#conversation-${conversationId}`;

/** The work-plan actions made from these conversations (found by their evidence's link back), by conversation. */
async function planActionsOf(db: Db, schoolId: string, rows: Row[]): Promise<Map<string, PlanActionRef[]>> {
  const byPath = new Map(rows.map((r) => [conversationLinkPath(schoolId, r.assessment_id, r.id), r.id]));
  const found = new Map<string, PlanActionRef[]>();
  if (byPath.size === 0) return found;
  const links = await db
    .selectFrom('plan_evidence as e')
    .innerJoin('plan_actions as a', 'a.id', 'e.action_id')
    .innerJoin('plan_strategies as s', 's.id', 'a.strategy_id')
    .innerJoin('plan_goals as g', 'g.id', 's.goal_id')
    .innerJoin('work_plans as p', 'p.id', 'g.plan_id')
    .select(['e.link_path', 'a.id', 'a.title', 'p.id as plan_id'])
    .where('p.school_id', '=', schoolId)
    .where('e.link_path', 'in', [...byPath.keys()])
    .orderBy('e.created_at')
    .execute();
  for (const l of links) {
    const conversationId = byPath.get(l.link_path ?? '');
    if (!conversationId) continue;
    const list = found.get(conversationId) ?? [];
    if (!list.some((x) => x.id === l.id)) list.push({ id: l.id, title: l.title, planId: l.plan_id });
    found.set(conversationId, list);
  }
  return found;
}

const toConversation = (r: Row, planActions: PlanActionRef[] = []) => ({
  id: r.id,
  assessmentId: r.assessment_id,
  heldOn: r.held_on,
  participants: r.participants,
  questions: r.questions,
  notice: r.notice,
  wonder: r.wonder,
  tryNext: r.try_next,
  nextStep: r.next_step,
  recordedBy: { id: r.pid, name: r.pname },
  planActions,
});

/** Data conversations about an assessment the caller may see, newest first. */
export async function listDataConversations(db: Db, user: SessionUser, school: RequestSchool, assessmentId: string) {
  await getAssessment(db, user, school, assessmentId);
  const rows = await conversationsQuery(db).where('d.school_id', '=', school.id).where('d.assessment_id', '=', assessmentId).orderBy('d.held_on', 'desc').orderBy('d.created_at', 'desc').execute();
  const actions = await planActionsOf(db, school.id, rows);
  return rows.map((r) => toConversation(r, actions.get(r.id)));
}

/** Records a data conversation (notice, wonder, try, next step) about an assessment the caller may see. */
export async function recordDataConversation(db: Db, user: SessionUser, school: RequestSchool, assessmentId: string, input: z.infer<typeof DataConversationCreate>) {
  await getAssessment(db, user, school, assessmentId);
  const row = await db
    .insertInto('data_conversations')
    .values({ school_id: school.id, assessment_id: assessmentId, held_on: input.heldOn, participants: input.participants, questions: input.questions, notice: input.notice, wonder: input.wonder, try_next: input.tryNext, next_step: input.nextStep, recorded_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toConversation(await conversationsQuery(db).where('d.id', '=', row.id).executeTakeFirstOrThrow());
}

/** Sets the school's minimum group size for suppression. */
export async function setMinimumGroupSize(db: Db, school: RequestSchool, size: number) {
  await db
    .insertInto('school_assessment_settings')
    .values({ school_id: school.id, minimum_group_size: size })
    .onConflict((oc) => oc.column('school_id').doUpdateSet({ minimum_group_size: size, updated_at: new Date() }))
    .execute();
  return { minimumGroupSize: size };
}
