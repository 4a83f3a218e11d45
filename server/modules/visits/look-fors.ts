import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import { DEFAULT_EVALUATIVE_WORDS } from '../../../schemas/visits';
import type { RequestSchool } from '../../http/access';
import { AppError, notFound } from '../../http/errors';

const toLookFor = (r: { id: string; name: string; description: string | null; active: boolean; position: number }) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  active: r.active,
  position: r.position,
});

/** The school's look-fors in display order (retired ones last). */
export async function listLookFors(db: Db, school: RequestSchool) {
  const rows = await db
    .selectFrom('look_fors')
    .select(['id', 'name', 'description', 'active', 'position'])
    .where('school_id', '=', school.id)
    .orderBy('active', 'desc')
    .orderBy('position')
    .orderBy('name')
    .execute();
  return rows.map(toLookFor);
}

const duplicate = () =>
  new AppError('validation_failed', 'Some fields need attention.', [{ path: 'body.name', message: 'This school already has a look-for with that name' }]);

/** Adds a look-for at the end of the list. */
export async function addLookFor(db: Db, school: RequestSchool, input: { name: string; description?: string }) {
  const row = await db
    .insertInto('look_fors')
    .values({
      school_id: school.id,
      name: input.name,
      description: input.description || null,
      position: sql<number>`(SELECT COALESCE(max(position) + 1, 0) FROM look_fors WHERE school_id = ${school.id})`,
    })
    .onConflict((oc) => oc.expression(sql`school_id, lower(name)`).doNothing())
    .returning(['id', 'name', 'description', 'active', 'position'])
    .executeTakeFirst();
  if (!row) throw duplicate();
  return toLookFor(row);
}

/** Renames, describes, retires or reorders a look-for (visits keep their tags when it is retired). */
export async function updateLookFor(
  db: Db,
  school: RequestSchool,
  id: string,
  input: { name?: string; description?: string | null; active?: boolean; position?: number },
) {
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description || null } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
  };
  if (Object.keys(changes).length === 0) {
    const found = (await listLookFors(db, school)).find((l) => l.id === id);
    if (!found) throw notFound('That look-for');
    return found;
  }
  try {
    const row = await db
      .updateTable('look_fors')
      .set(changes)
      .where('id', '=', id)
      .where('school_id', '=', school.id)
      .returning(['id', 'name', 'description', 'active', 'position'])
      .executeTakeFirst();
    if (!row) throw notFound('That look-for');
    return toLookFor(row);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw duplicate();
    throw error;
  }
}

/** The school's visit settings, defaults included. */
export async function getVisitSettings(db: Db, schoolId: string) {
  const row = await db
    .selectFrom('school_visit_settings')
    .select(['evaluative_words', 'unvisited_days', 'share_mode', 'coach_visibility', 'follow_up_days'])
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return {
    evaluativeWords: row?.evaluative_words ?? DEFAULT_EVALUATIVE_WORDS,
    unvisitedDays: row?.unvisited_days ?? 14,
    shareMode: row?.share_mode ?? ('immediate' as const),
    coachVisibility: row?.coach_visibility ?? ('school' as const),
    followUpDays: row?.follow_up_days ?? 5,
  };
}

/** Changes the school's visit settings. */
export async function updateVisitSettings(
  db: Db,
  schoolId: string,
  input: { evaluativeWords?: string[]; unvisitedDays?: number; shareMode?: 'immediate' | 'held'; coachVisibility?: 'school' | 'own'; followUpDays?: number },
) {
  const current = await getVisitSettings(db, schoolId);
  const next = {
    evaluative_words: input.evaluativeWords ? [...new Set(input.evaluativeWords)] : current.evaluativeWords,
    unvisited_days: input.unvisitedDays ?? current.unvisitedDays,
    share_mode: input.shareMode ?? current.shareMode,
    coach_visibility: input.coachVisibility ?? current.coachVisibility,
    follow_up_days: input.followUpDays ?? current.followUpDays,
  };
  await db
    .insertInto('school_visit_settings')
    .values({ school_id: schoolId, ...next })
    .onConflict((oc) => oc.column('school_id').doUpdateSet({ ...next, updated_at: sql<Date>`now()` }))
    .execute();
  return getVisitSettings(db, schoolId);
}

/** Sets the leader's daily visit goal. */
export async function setDailyGoal(db: Db, personId: string, daily: number) {
  await db
    .insertInto('leader_goals')
    .values({ person_id: personId, daily_visits: daily })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ daily_visits: daily, updated_at: sql<Date>`now()` }))
    .execute();
}
