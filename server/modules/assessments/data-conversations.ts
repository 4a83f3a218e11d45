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
const toConversation = (r: Row) => ({
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
});

/** Data conversations about an assessment the caller may see, newest first. */
export async function listDataConversations(db: Db, user: SessionUser, school: RequestSchool, assessmentId: string) {
  await getAssessment(db, user, school, assessmentId);
  const rows = await conversationsQuery(db).where('d.school_id', '=', school.id).where('d.assessment_id', '=', assessmentId).orderBy('d.held_on', 'desc').orderBy('d.created_at', 'desc').execute();
  return rows.map(toConversation);
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
