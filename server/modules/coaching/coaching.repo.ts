import { sql } from 'kysely';
import type { Db } from '../../../db/database';

/** Cycles with their people's names, counts and the school's coach visibility. */
export function selectCycles(db: Db) {
  return db
    .selectFrom('coaching_cycles as c')
    .innerJoin('people as co', 'co.id', 'c.coach_id')
    .innerJoin('people as t', 't.id', 'c.teacher_id')
    .select([
      'c.id',
      'c.district_id',
      'c.school_id',
      'c.coach_id',
      sql<string>`co.given_name || ' ' || co.family_name`.as('coach_name'),
      'c.teacher_id',
      sql<string>`t.given_name || ' ' || t.family_name`.as('teacher_name'),
      'c.goal',
      'c.baseline',
      'c.baseline_on',
      'c.status',
      'c.agreed_at',
      'c.closed_at',
      'c.outcome',
      'c.goal_met',
      'c.created_at',
      'c.updated_at',
      sql<number>`(SELECT count(*) FROM visits v WHERE v.coaching_cycle_id = c.id)`.as('observations'),
      sql<number>`(SELECT count(*) FROM coaching_debriefs d WHERE d.cycle_id = c.id)`.as('debriefs'),
      sql<'school' | 'own'>`COALESCE((SELECT s.coach_visibility FROM school_visit_settings s WHERE s.school_id = c.school_id), 'school')`.as('coach_visibility'),
    ]);
}
export type CycleRow = Awaited<ReturnType<ReturnType<typeof selectCycles>['executeTakeFirstOrThrow']>>;

export function findCycle(db: Db, id: string): Promise<CycleRow | undefined> {
  return selectCycles(db).where('c.id', '=', id).executeTakeFirst();
}

export function debriefsOf(db: Db, cycleId: string) {
  return db
    .selectFrom('coaching_debriefs as d')
    .innerJoin('people as p', 'p.id', 'd.recorded_by')
    .select(['d.id', 'd.held_on', 'd.notes', 'd.next_step', 'd.recorded_by', sql<string>`p.given_name || ' ' || p.family_name`.as('recorder_name'), 'd.created_at'])
    .where('d.cycle_id', '=', cycleId)
    .orderBy('d.held_on')
    .orderBy('d.created_at')
    .execute();
}

export function commentsOf(db: Db, cycleId: string) {
  return db
    .selectFrom('coaching_comments as m')
    .innerJoin('people as p', 'p.id', 'm.author_id')
    .select(['m.id', 'm.body', 'm.author_id', sql<string>`p.given_name || ' ' || p.family_name`.as('author_name'), 'm.created_at'])
    .where('m.cycle_id', '=', cycleId)
    .orderBy('m.created_at')
    .execute();
}

/** True when the person holds one of the roles in the school. */
export async function hasRole(db: Db, schoolId: string, personId: string, roles: string[]): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('people as p', 'p.id', 'ra.person_id')
    .select('ra.id')
    .where('ra.school_id', '=', schoolId)
    .where('ra.person_id', '=', personId)
    .where('ra.role', 'in', roles as never[])
    .where('p.status', '=', 'active')
    .executeTakeFirst();
  return Boolean(row);
}
