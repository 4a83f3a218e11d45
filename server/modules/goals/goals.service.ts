import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { GoalCreate, GoalUpdate, VisionUpdate } from '../../../schemas/goals';
import type { RequestSchool, SessionUser } from '../../http/access';
import { notFound, validation } from '../../http/errors';
import { minimumGroupSize } from '../assessments/assessments.repo';
import { addDays, localParts, mondayOf, mondaysBetween } from '../visits/school-time';
import { linkedLookFors, lookForWeeks, progressPoints, type Measure } from './goals.repo';

const round1 = (x: number) => Math.round(x * 10) / 10;
const num = (v: string | null) => (v === null ? null : Number(v));
/** The most weeks of look-for visits a goal shows. */
const MAX_WEEKS = 104;

/** The school's vision and action statements per role. */
export async function getVision(db: Db, school: RequestSchool) {
  const row = await db
    .selectFrom('school_visions as v')
    .leftJoin('people as p', 'p.id', 'v.updated_by')
    .select(['v.vision', 'v.for_students', 'v.for_teachers', 'v.for_principals', 'v.for_staff', 'v.updated_at', 'p.id as pid', sql<string | null>`p.given_name || ' ' || p.family_name`.as('pname')])
    .where('v.school_id', '=', school.id)
    .executeTakeFirst();
  if (!row) return { vision: '', actions: { students: '', teachers: '', principals: '', staff: '' }, updatedAt: null, updatedBy: null };
  return {
    vision: row.vision,
    actions: { students: row.for_students, teachers: row.for_teachers, principals: row.for_principals, staff: row.for_staff },
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.pid ? { id: row.pid, name: row.pname ?? '' } : null,
  };
}

/** Replaces the school's vision and action statements. */
export async function setVision(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof VisionUpdate>) {
  const values = { vision: input.vision, for_students: input.actions.students, for_teachers: input.actions.teachers, for_principals: input.actions.principals, for_staff: input.actions.staff, updated_by: user.id, updated_at: new Date() };
  await db.insertInto('school_visions').values({ school_id: school.id, ...values }).onConflict((oc) => oc.column('school_id').doUpdateSet(values)).execute();
  return getVision(db, school);
}

type GoalRow = { id: string; title: string; description: string; standard: string; grade: string | null; threshold_percent: string | null; baseline_percent: string | null; target_percent: string; target_date: string };
const goalColumns = ['id', 'title', 'description', 'standard', 'grade', 'threshold_percent', 'baseline_percent', 'target_percent', 'target_date'] as const;
const measureOf = (g: GoalRow): Measure => ({ standard: g.standard, grade: g.grade, thresholdPercent: num(g.threshold_percent) });

/** Progress points with suppression of dates with fewer students than the minimum. */
function points(rows: Awaited<ReturnType<typeof progressPoints>>, minimum: number) {
  return rows.map((p) =>
    p.students < minimum
      ? { date: p.date, week: mondayOf(p.date), suppressed: true as const }
      : { date: p.date, week: mondayOf(p.date), suppressed: false as const, students: p.students, percentAtOrAbove: round1(p.share * 100) },
  );
}

async function shape(db: Db, school: RequestSchool, goals: GoalRow[]) {
  const links = await linkedLookFors(db, school.id, goals.map((g) => g.id));
  return goals.map((g) => ({
    id: g.id,
    title: g.title,
    description: g.description,
    measure: measureOf(g),
    baselinePercent: num(g.baseline_percent),
    targetPercent: Number(g.target_percent),
    targetDate: g.target_date,
    lookFors: links.filter((l) => l.goal_id === g.id).map((l) => ({ id: l.id, name: l.name })),
  }));
}

/** The school's goals, each with its latest progress point. */
export async function listGoals(db: Db, school: RequestSchool, now: Date) {
  const today = localParts(now, school.timezone).date;
  const rows = await db.selectFrom('school_goals').select(goalColumns).where('school_id', '=', school.id).orderBy('position').orderBy('created_at').execute();
  const minimum = await minimumGroupSize(db, school.id);
  const shaped = await shape(db, school, rows);
  return Promise.all(shaped.map(async (g, i) => ({ ...g, latest: points(await progressPoints(db, school.id, measureOf(rows[i]!), { to: today }), minimum).at(-1) ?? null })));
}

/** A goal with its progress per assessment date and its look-fors' visits per week over the same weeks. */
export async function goalDetail(db: Db, school: RequestSchool, goalId: string, q: { from?: string; to?: string }, now: Date) {
  const row = await db.selectFrom('school_goals').select(goalColumns).where('school_id', '=', school.id).where('id', '=', goalId).executeTakeFirst();
  if (!row) throw notFound('That goal');
  const to = q.to ?? localParts(now, school.timezone).date;
  if (q.from && q.from > to) throw validation([{ path: 'querystring.from', message: 'The start must be on or before the end' }]);
  const [goal] = await shape(db, school, [row]);
  const minimum = await minimumGroupSize(db, school.id);
  const progress = points(await progressPoints(db, school.id, measureOf(row), { from: q.from, to }), minimum);
  let first = mondayOf(q.from ?? progress[0]?.date ?? addDays(to, -77));
  if (first < addDays(mondayOf(to), -7 * (MAX_WEEKS - 1))) first = addDays(mondayOf(to), -7 * (MAX_WEEKS - 1));
  const weeks = mondaysBetween(first, to);
  const counts = await lookForWeeks(db, school.id, goal!.lookFors.map((l) => l.id), first, to);
  const lookForVisits = goal!.lookFors.map((l) => ({
    id: l.id,
    name: l.name,
    perWeek: weeks.map((w) => counts.find((c) => c.look_for_id === l.id && c.week === w)?.visits ?? 0),
  }));
  return { ...goal!, minimumGroupSize: minimum, progress, weeks, lookForVisits };
}

async function checkLookFors(db: Db, school: RequestSchool, ids: string[]) {
  if (ids.length === 0) return;
  const found = new Set((await db.selectFrom('look_fors').select('id').where('school_id', '=', school.id).where('id', 'in', ids).execute()).map((r) => r.id));
  const fields = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `body.lookForIds.${i}`, message: 'Not a look-for of this school' }]));
  if (fields.length > 0) throw validation(fields);
}

async function linkLookFors(db: Db, goalId: string, ids: string[]) {
  await db.deleteFrom('school_goal_look_fors').where('goal_id', '=', goalId).execute();
  const unique = [...new Set(ids)];
  if (unique.length > 0) await db.insertInto('school_goal_look_fors').values(unique.map((look_for_id) => ({ goal_id: goalId, look_for_id }))).execute();
}

/** Adds a goal at the end of the school's list. */
export async function createGoal(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof GoalCreate>, now: Date) {
  await checkLookFors(db, school, input.lookForIds);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('school_goals')
      .values({
        school_id: school.id,
        title: input.title,
        description: input.description,
        standard: input.measure.standard,
        grade: input.measure.grade,
        threshold_percent: input.measure.thresholdPercent,
        baseline_percent: input.baselinePercent,
        target_percent: input.targetPercent,
        target_date: input.targetDate,
        position: sql<number>`(SELECT COALESCE(max(position) + 1, 0) FROM school_goals WHERE school_id = ${school.id})`,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await linkLookFors(trx, row.id, input.lookForIds);
    return row.id;
  });
  return goalDetail(db, school, id, {}, now);
}

/** Changes a goal's fields and links. */
export async function updateGoal(db: Db, school: RequestSchool, goalId: string, input: z.infer<typeof GoalUpdate>, now: Date) {
  if (input.lookForIds) await checkLookFors(db, school, input.lookForIds);
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('school_goals')
      .set({
        updated_at: new Date(),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.measure ? { standard: input.measure.standard, grade: input.measure.grade, threshold_percent: input.measure.thresholdPercent } : {}),
        ...(input.baselinePercent !== undefined ? { baseline_percent: input.baselinePercent } : {}),
        ...(input.targetPercent !== undefined ? { target_percent: input.targetPercent } : {}),
        ...(input.targetDate !== undefined ? { target_date: input.targetDate } : {}),
      })
      .where('id', '=', goalId)
      .where('school_id', '=', school.id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('That goal');
    if (input.lookForIds) await linkLookFors(trx, goalId, input.lookForIds);
  });
  return goalDetail(db, school, goalId, {}, now);
}

/** Deletes a goal (its look-for links go with it; look-fors and assessments stay). */
export async function deleteGoal(db: Db, school: RequestSchool, goalId: string) {
  const res = await db.deleteFrom('school_goals').where('id', '=', goalId).where('school_id', '=', school.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That goal');
}
