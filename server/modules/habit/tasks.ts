import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { SessionUser } from '../../http/access';
import { notFound } from '../../http/errors';

const toTask = (r: { id: string; title: string; due_on: string | null; done_at: Date | null; created_at: Date }) => ({
  id: r.id,
  title: r.title,
  dueOn: r.due_on,
  done: r.done_at !== null,
  createdAt: new Date(r.created_at).toISOString(),
});
const COLUMNS = ['id', 'title', 'due_on', 'done_at', 'created_at'] as const;

/** The leader's tasks: open ones first by due date, then the last 20 done. */
export async function listTasks(db: Db, user: SessionUser) {
  const open = await db.selectFrom('leader_tasks').select(COLUMNS).where('person_id', '=', user.id).where('done_at', 'is', null)
    .orderBy(sql`due_on NULLS LAST`).orderBy('created_at').execute();
  const done = await db.selectFrom('leader_tasks').select(COLUMNS).where('person_id', '=', user.id).where('done_at', 'is not', null)
    .orderBy('done_at', 'desc').limit(20).execute();
  return [...open, ...done].map(toTask);
}

export async function addTask(db: Db, user: SessionUser, input: { title: string; dueOn?: string | null }) {
  const row = await db.insertInto('leader_tasks').values({ person_id: user.id, title: input.title, due_on: input.dueOn ?? null }).returning(COLUMNS).executeTakeFirstOrThrow();
  return toTask(row);
}

/** Renames, re-dates, or ticks a task off (or back on). */
export async function updateTask(db: Db, user: SessionUser, id: string, input: { title?: string; dueOn?: string | null; done?: boolean }) {
  const row = await db
    .updateTable('leader_tasks')
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
      ...(input.done !== undefined ? { done_at: input.done ? sql<Date>`COALESCE(done_at, now())` : null } : {}),
      // A no-op assignment keeps the statement valid when nothing else changes.
      person_id: user.id,
    })
    .where('id', '=', id)
    .where('person_id', '=', user.id)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('That task');
  return toTask(row);
}

export async function deleteTask(db: Db, user: SessionUser, id: string) {
  const res = await db.deleteFrom('leader_tasks').where('id', '=', id).where('person_id', '=', user.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That task');
}
