import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RubricDefinition } from '../../schemas/evaluation';
import type { Db } from '../database';
import { schoolYearStarting } from '../../schemas/common';

/** The rubric Rounds ships with (a data file the evaluation module reads too). */
const BUILT_IN_RUBRIC = path.join(import.meta.dirname, '../../server/modules/evaluation/rubrics/rounds-generic.json');

/** A school day `days` from `date`: a Saturday moves back to Friday, a Sunday on to Monday. */
const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const weekday = d.getUTCDay();
  if (weekday === 6) d.setUTCDate(d.getUTCDate() - 1);
  if (weekday === 0) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The principal's formal evaluation of the demo teacher this school year, kept apart from visits: the goal-setting
 * conference held, one formal observation done with its evidence notes, a second one past due (flagged overdue),
 * and one shared visit cited as evidence. Nothing is rated or signed yet.
 */
export async function seedDemoEvaluation(db: Db, input: { districtId: string; schoolId: string; principalId: string; today: string }) {
  const teacher = await db.selectFrom('people').select('id').where('email', '=', 'teacher@demo.test').executeTakeFirst();
  if (!teacher) return;
  const rubric = RubricDefinition.parse(JSON.parse(readFileSync(BUILT_IN_RUBRIC, 'utf8')));
  const [y, m] = input.today.split('-').map(Number) as [number, number];
  const first = m >= 7 ? y : y - 1;
  const { today } = input;
  const cycle = await db
    .insertInto('evaluation_cycles')
    .values({ district_id: input.districtId, school_id: input.schoolId, teacher_id: teacher.id, evaluator_id: input.principalId, school_year: schoolYearStarting(first), rubric_key: 'rounds-generic', rubric: JSON.stringify(rubric), created_by: input.principalId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('evaluation_steps')
    .values([
      { cycle_id: cycle.id, kind: 'pre_conference', due_on: addDays(today, -45), completed_on: addDays(today, -47), notes: 'Grace chose a goal: more students explaining their reasoning in math, measured by exit tickets and by student talk in lessons.' },
      { cycle_id: cycle.id, kind: 'observation', due_on: addDays(today, -21), completed_on: addDays(today, -21), notes: 'Math, 9:35-10:20. Number talk on 3 × 14: five strategies shared, 14 of 22 students spoke. Exit ticket: 17 of 22 correct.' },
      { cycle_id: cycle.id, kind: 'observation', due_on: addDays(today, -3) },
      { cycle_id: cycle.id, kind: 'mid_year_review', due_on: addDays(today, 45) },
      { cycle_id: cycle.id, kind: 'ratings', due_on: addDays(today, 140) },
      { cycle_id: cycle.id, kind: 'summative_conference', due_on: addDays(today, 150) },
      { cycle_id: cycle.id, kind: 'sign_off', due_on: addDays(today, 160) },
    ])
    .execute();
  // Only a leader's visit the teacher has seen (shared), outside any coaching cycle, can be cited.
  const visit = await db
    .selectFrom('visits')
    .select('id')
    .where('school_id', '=', input.schoolId)
    .where('teacher_id', '=', teacher.id)
    .where('shared_at', 'is not', null)
    .where('kind', '=', 'leader')
    .where('coaching_cycle_id', 'is', null)
    .orderBy((eb) => eb.case().when('observer_id', '=', input.principalId).then(0).else(1).end())
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (visit) {
    await db
      .insertInto('evaluation_citations')
      .values({ cycle_id: cycle.id, visit_id: visit.id, component_key: 'instruction.discussion', note: 'Shared visit evidence of students talking about their strategies, consistent with the formal observation.', cited_by: input.principalId })
      .execute();
  }
}
