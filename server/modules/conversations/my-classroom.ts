import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { SessionUser } from '../../http/access';
import { AppError, notFound } from '../../http/errors';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Evidence the teacher added about their own classroom. */
export async function listEvidence(db: Db, user: SessionUser) {
  const rows = await db.selectFrom('teacher_evidence').select(['id', 'title', 'body', 'created_at']).where('teacher_id', '=', user.id).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, createdAt: iso(r.created_at) }));
}

export async function addEvidence(db: Db, user: SessionUser, schoolId: string, input: { title: string; body: string }) {
  const r = await db.insertInto('teacher_evidence').values({ school_id: schoolId, teacher_id: user.id, title: input.title, body: input.body }).returning(['id', 'title', 'body', 'created_at']).executeTakeFirstOrThrow();
  return { id: r.id, title: r.title, body: r.body, createdAt: iso(r.created_at) };
}

export async function deleteEvidence(db: Db, user: SessionUser, id: string) {
  const res = await db.deleteFrom('teacher_evidence').where('id', '=', id).where('teacher_id', '=', user.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That evidence');
}

/** Strengths the teacher is glad to share with colleagues. */
export async function listStrengths(db: Db, user: SessionUser) {
  return db.selectFrom('teacher_strengths').select(['id', 'body']).where('teacher_id', '=', user.id).orderBy('body').execute();
}

export async function addStrength(db: Db, user: SessionUser, schoolId: string, body: string) {
  const row = await db
    .insertInto('teacher_strengths')
    .values({ school_id: schoolId, teacher_id: user.id, body })
    .onConflict((oc) => oc.expression(sql`teacher_id, school_id, lower(body)`).doNothing())
    .returning(['id', 'body'])
    .executeTakeFirst();
  if (!row) throw new AppError('validation_failed', 'Some fields need attention.', [{ path: 'body.body', message: 'You already named this strength' }]);
  return row;
}

export async function deleteStrength(db: Db, user: SessionUser, id: string) {
  const res = await db.deleteFrom('teacher_strengths').where('id', '=', id).where('teacher_id', '=', user.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That strength');
}

/** The user's latest notifications. */
export async function listNotifications(db: Db, user: SessionUser) {
  const rows = await db.selectFrom('notifications').select(['id', 'kind', 'title', 'link', 'created_at', 'read_at']).where('person_id', '=', user.id).orderBy('created_at', 'desc').limit(50).execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, link: r.link, createdAt: iso(r.created_at), read: r.read_at !== null }));
}

export async function markRead(db: Db, user: SessionUser, input: { ids?: string[]; all?: boolean }) {
  let q = db.updateTable('notifications').set({ read_at: sql<Date>`now()` }).where('person_id', '=', user.id).where('read_at', 'is', null);
  if (!input.all) {
    if (!input.ids?.length) throw new AppError('validation_failed', 'Say which notifications.', [{ path: 'body.ids', message: 'List ids, or send all: true' }]);
    const ids = input.ids;
    const mine = new Set((await db.selectFrom('notifications').select('id').where('person_id', '=', user.id).where('id', 'in', ids).execute()).map((r) => r.id));
    const strangers = ids.flatMap((id, i) => (mine.has(id) ? [] : [{ path: `body.ids.${i}`, message: 'Not one of your notifications' }]));
    if (strangers.length > 0) throw new AppError('validation_failed', 'Some of those are not your notifications.', strangers);
    q = q.where('id', 'in', ids);
  }
  await q.execute();
}

/** Emails of the admin's district that are held (no SMTP), pending or failed, newest first. */
export async function listOutbox(db: Db, user: SessionUser) {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['id', 'to_address', 'subject', 'status', 'attempts', 'last_error', 'created_at', 'sent_at'])
    .where('district_id', '=', user.districtId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, status: r.status, attempts: r.attempts, lastError: r.last_error, createdAt: iso(r.created_at), sentAt: r.sent_at ? iso(r.sent_at) : null }));
}

