import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { Visit } from '../../../schemas/visits';
import type { SessionUser } from '../../http/access';
import { AppError, forbidden, notFound } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { notify } from '../notifications/notify';
import { shareInTransaction, visitLink, type ShareContext } from '../visits/share';
import { visitsPolicy } from '../visits/visits.policy';
import { findVisit, selectVisits, type VisitRow } from '../visits/visits.repo';
import { toVisit } from '../visits/visits.service';

async function readable(db: Db, user: SessionUser, visitId: string): Promise<VisitRow> {
  const row = await findVisit(db, visitId);
  if (!row || !visitsPolicy.canRead(user, row)) throw notFound('That visit');
  return row;
}

/** The author shares a held visit's evidence with the teacher, with an optional guiding question. */
export async function shareVisit(db: Db, user: SessionUser, visitId: string, guidingQuestion: string | null | undefined, ctx: ShareContext): Promise<Visit> {
  const row = await readable(db, user, visitId);
  if (!visitsPolicy.canEdit(user, row)) throw forbidden('Only the person who recorded a visit shares it.');
  if (row.shared_at) throw new AppError('conflict', 'This visit was already shared with the teacher.');
  const shared = await db.transaction().execute((trx) => shareInTransaction(trx, visitId, user.id, guidingQuestion, ctx));
  if (!shared) throw new AppError('conflict', 'This visit was already shared with the teacher.');
  return toVisit((await findVisit(db, visitId))!, user);
}

/** The teacher writes (or rewrites) their reflection on a visit shared with them, and may ask for a conversation. */
export async function reflect(
  db: Db,
  user: SessionUser,
  visitId: string,
  input: { body: string; nextStep?: string | null; wantsConversation: boolean },
): Promise<Visit> {
  const row = await readable(db, user, visitId);
  if (row.subject_id !== user.id) throw forbidden('Only the teacher whose classroom was visited reflects on it.');
  await db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('reflections').select('wants_conversation').where('visit_id', '=', visitId).executeTakeFirst();
    await trx
      .insertInto('reflections')
      .values({ visit_id: visitId, teacher_id: user.id, body: input.body, next_step: input.nextStep || null, wants_conversation: input.wantsConversation })
      .onConflict((oc) =>
        oc.column('visit_id').doUpdateSet({ body: input.body, next_step: input.nextStep || null, wants_conversation: input.wantsConversation, updated_at: sql<Date>`now()` }),
      )
      .execute();
    const asking = input.wantsConversation && !previous?.wants_conversation;
    await notify(
      trx,
      {
        personId: row.observer_id,
        kind: asking ? 'conversation.requested' : 'reflection.added',
        title: asking ? `${user.name} would like to talk about your visit` : `${user.name} reflected on your visit`,
        link: `/visits/${visitId}`,
        visitId,
      },
      false,
    );
    await writeAudit(trx, { action: 'visit.reflected', actorId: user.id, districtId: row.district_id, schoolId: row.school_id, entity: 'visit', entityId: visitId });
  });
  return toVisit((await findVisit(db, visitId))!, user);
}

/** A leader records a follow-up conversation about a shared visit; the notes are visible to the teacher. */
export async function recordConversation(
  db: Db,
  user: SessionUser,
  visitId: string,
  input: { heldOn: string; notes: string; nextStep?: string | null; followUpOn?: string | null },
): Promise<Visit> {
  const row = await readable(db, user, visitId);
  if (row.subject_id === user.id) throw forbidden('The leader who talked with you records the conversation.');
  if (!row.shared_at) {
    throw new AppError('validation_failed', 'Share the evidence with the teacher before recording a conversation about it.', [
      { path: 'visit', message: 'Not shared with the teacher yet' },
    ]);
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('conversations')
      .values({ visit_id: visitId, school_id: row.school_id, recorded_by: user.id, held_on: input.heldOn, notes: input.notes, next_step: input.nextStep || null, follow_up_on: input.followUpOn || null })
      .execute();
    await notify(trx, { personId: row.subject_id, kind: 'conversation.recorded', title: `${user.name} recorded your conversation`, link: visitLink(visitId), visitId }, false);
    await writeAudit(trx, { action: 'conversation.recorded', actorId: user.id, districtId: row.district_id, schoolId: row.school_id, entity: 'visit', entityId: visitId });
  });
  return toVisit((await findVisit(db, visitId))!, user);
}

/** Everything shared about the teacher's own classroom, newest first ("My classroom"). */
export async function myVisits(db: Db, user: SessionUser, schoolId?: string): Promise<Visit[]> {
  let q = selectVisits(db).where('v.teacher_id', '=', user.id).where('v.shared_at', 'is not', null);
  if (schoolId) q = q.where('v.school_id', '=', schoolId);
  const rows = await q.orderBy('v.started_at', 'desc').limit(1000).execute();
  return rows.map((r) => toVisit(r, user));
}

/** The caller's shared visits that still wait for a conversation: past the school's follow-up days, or asked for. */
export async function followUps(db: Db, user: SessionUser, schoolId: string, at: Date) {
  const rows = await sql<{ visit_id: string; teacher_id: string; teacher_name: string; started_at: Date; shared_at: Date; requested: boolean | null; reflected: boolean; days: number }>`
    SELECT v.id AS visit_id, v.teacher_id, t.given_name || ' ' || t.family_name AS teacher_name, v.started_at, v.shared_at,
           r.wants_conversation AS requested, r.visit_id IS NOT NULL AS reflected,
           floor(extract(epoch FROM (${at}::timestamptz - v.shared_at)) / 86400)::int AS days
    FROM visits v
    JOIN people t ON t.id = v.teacher_id
    LEFT JOIN reflections r ON r.visit_id = v.id
    LEFT JOIN school_visit_settings s ON s.school_id = v.school_id
    WHERE v.observer_id = ${user.id} AND v.school_id = ${schoolId} AND v.kind = 'leader' AND v.shared_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visit_id = v.id)
      AND (r.wants_conversation OR v.shared_at <= ${at}::timestamptz - make_interval(days => COALESCE(s.follow_up_days, 5)))
    ORDER BY r.wants_conversation DESC NULLS LAST, v.shared_at
    LIMIT 200`.execute(db);
  return rows.rows.map((r) => ({
    visitId: r.visit_id,
    teacher: { id: r.teacher_id, name: r.teacher_name },
    startedAt: new Date(r.started_at).toISOString(),
    sharedAt: new Date(r.shared_at).toISOString(),
    daysSinceShared: Math.max(0, Number(r.days)),
    requested: Boolean(r.requested),
    reflected: r.reflected,
  }));
}
