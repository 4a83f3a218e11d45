import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types';
import { writeAudit } from '../audit/audit';
import { notify } from '../notifications/notify';

/** Where links in emails point and whether email can be sent. */
export interface ShareContext {
  origin: string;
  smtpConfigured: boolean;
}

/** The link a teacher follows to a shared visit. */
export const visitLink = (visitId: string) => `/my-classroom/visits/${visitId}`;

/**
 * Shares a visit's evidence (never its private note) with the teacher, in the caller's transaction: marks it
 * shared, notifies the teacher in the app, and queues one email with a link and no evidence text in it.
 * Returns false when it was already shared.
 */
export async function shareInTransaction(
  trx: Kysely<Database>,
  visitId: string,
  actorId: string,
  guidingQuestion: string | null | undefined,
  ctx: ShareContext,
): Promise<boolean> {
  const row = await trx
    .updateTable('visits')
    .set({
      shared_at: sql<Date>`now()`,
      ...(guidingQuestion ? { guiding_question: guidingQuestion } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', visitId)
    .where('shared_at', 'is', null)
    .returning(['id', 'teacher_id', 'observer_id', 'district_id', 'school_id', 'started_at'])
    .executeTakeFirst();
  if (!row) return false;
  const people = await trx
    .selectFrom('people')
    .select(['id', 'email', 'given_name', 'family_name'])
    .where('id', 'in', [row.teacher_id, row.observer_id])
    .execute();
  const teacher = people.find((p) => p.id === row.teacher_id)!;
  const observer = people.find((p) => p.id === row.observer_id)!;
  const observerName = `${observer.given_name} ${observer.family_name}`;
  const link = `${ctx.origin}${visitLink(row.id)}`;
  const day = new Date(row.started_at).toISOString().slice(0, 10);
  await notify(
    trx,
    {
      personId: teacher.id,
      kind: 'visit.shared',
      title: `${observerName} shared evidence from a visit to your classroom`,
      link: visitLink(row.id),
      visitId: row.id,
      email: teacher.email
        ? {
            to: teacher.email,
            districtId: row.district_id,
            subject: `${observerName} shared what they saw in your classroom`,
            text:
              `Hello ${teacher.given_name},\n\n${observerName} visited your classroom on ${day} and shared the evidence they gathered` +
              `${guidingQuestion ? ', with a question for you to think about' : ''}.\n\nRead it and add your reflection: ${link}\n\n` +
              `Visits are not evaluations: the evidence is yours to reflect on, and you decide what, if anything, to change.\n\n— Rounds`,
          }
        : undefined,
    },
    ctx.smtpConfigured,
  );
  await writeAudit(trx, { action: 'visit.shared', actorId, districtId: row.district_id, schoolId: row.school_id, entity: 'visit', entityId: row.id });
  return true;
}
