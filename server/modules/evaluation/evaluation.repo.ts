import { sql } from 'kysely';
import type { Db } from '../../../db/database';

const name = (alias: string) => sql<string>`${sql.ref(`${alias}.given_name`)} || ' ' || ${sql.ref(`${alias}.family_name`)}`;

/** Cycles with the names of their teacher and evaluator and their school's time zone. */
export function selectCycles(db: Db) {
  return db
    .selectFrom('evaluation_cycles as c')
    .innerJoin('people as t', 't.id', 'c.teacher_id')
    .innerJoin('people as e', 'e.id', 'c.evaluator_id')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select([
      'c.id',
      'c.district_id',
      'c.school_id',
      's.timezone',
      'c.teacher_id',
      name('t').as('teacher_name'),
      'c.evaluator_id',
      name('e').as('evaluator_name'),
      'c.school_year',
      'c.rubric_key',
      'c.rubric',
      'c.evaluator_signed_at',
      'c.teacher_signed_at',
      'c.teacher_response',
    ]);
}
export type CycleRow = Awaited<ReturnType<ReturnType<typeof selectCycles>['executeTakeFirstOrThrow']>>;

export const findCycle = (db: Db, id: string) => selectCycles(db).where('c.id', '=', id).executeTakeFirst();

export async function stepsOf(db: Db, cycleIds: string[]) {
  if (cycleIds.length === 0) return [];
  return db.selectFrom('evaluation_steps').select(['id', 'cycle_id', 'kind', 'due_on', 'completed_on', 'notes']).where('cycle_id', 'in', cycleIds).orderBy('due_on').orderBy('id').execute();
}
export type StepRow = Awaited<ReturnType<typeof stepsOf>>[number];

export async function ratingsOf(db: Db, cycleIds: string[]) {
  if (cycleIds.length === 0) return [];
  return db.selectFrom('evaluation_ratings').select(['cycle_id', 'component_key', 'level', 'evidence', 'rationale', 'updated_at']).where('cycle_id', 'in', cycleIds).execute();
}

/** Citations with the cited visit's shared evidence (never its private note) and observer. */
export async function citationsOf(db: Db, cycleId: string) {
  return db
    .selectFrom('evaluation_citations as ec')
    .innerJoin('visits as v', 'v.id', 'ec.visit_id')
    .innerJoin('people as o', 'o.id', 'v.observer_id')
    .select(['ec.id', 'ec.visit_id', 'v.started_at', 'v.observer_id', name('o').as('observer_name'), 'v.evidence', 'ec.component_key', 'ec.note', 'ec.created_at'])
    .where('ec.cycle_id', '=', cycleId)
    .orderBy('v.started_at')
    .execute();
}

/** Visits that may be cited in a cycle (see evaluationPolicy.citationProblem), not cited yet; newest first. */
export async function eligibleVisits(db: Db, cycle: { id: string; school_id: string; teacher_id: string }) {
  return db
    .selectFrom('visits as v')
    .innerJoin('people as o', 'o.id', 'v.observer_id')
    .select(['v.id', 'v.started_at', 'v.shared_at', 'v.observer_id', name('o').as('observer_name'), 'v.evidence'])
    .where('v.school_id', '=', cycle.school_id)
    .where('v.teacher_id', '=', cycle.teacher_id)
    .where('v.shared_at', 'is not', null)
    .where('v.kind', '=', 'leader')
    .where('v.coaching_cycle_id', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('evaluation_citations as ec').select('ec.id').where('ec.cycle_id', '=', cycle.id).whereRef('ec.visit_id', '=', 'v.id'))))
    .orderBy('v.started_at', 'desc')
    .limit(200)
    .execute();
}

/** The facts a citation is checked against. */
export async function visitFacts(db: Db, visitId: string) {
  return db.selectFrom('visits').select(['id', 'district_id', 'school_id', 'teacher_id', 'shared_at', 'kind', 'coaching_cycle_id']).where('id', '=', visitId).executeTakeFirst();
}

/** The person's roles in a school. */
export async function rolesOf(db: Db, schoolId: string, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('role_assignments').select('role').where('school_id', '=', schoolId).where('person_id', '=', personId).execute();
  return rows.map((r) => r.role);
}
