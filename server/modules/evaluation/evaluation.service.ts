import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { CycleCreate, RubricDefinition, StepKind } from '../../../schemas/evaluation';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, validation, type FieldError } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { localParts } from '../visits/school-time';
import { evaluationPolicy } from './evaluation.policy';
import { citationsOf, findCycle, ratingsOf, rolesOf, selectCycles, stepsOf, type CycleRow, type StepRow } from './evaluation.repo';
import { findRubric } from './rubrics';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
/** Steps in the order a cycle runs when two fall on the same day. */
const ORDER: StepKind[] = ['pre_conference', 'observation', 'mid_year_review', 'ratings', 'summative_conference', 'sign_off'];

/** Every component key of a rubric. */
export const componentKeys = (rubric: RubricDefinition) => rubric.domains.flatMap((d) => d.components.map((c) => c.key));

/** Whether each step is done and overdue, given the cycle's ratings and signatures and the school's today. */
function shapeSteps(cycle: CycleRow, steps: StepRow[], ratedKeys: Set<string>, today: string) {
  const keys = componentKeys(cycle.rubric as RubricDefinition);
  const allRated = keys.every((k) => ratedKeys.has(k));
  const bothSigned = cycle.evaluator_signed_at !== null && cycle.teacher_signed_at !== null;
  return steps
    .map((s) => {
      const done = s.kind === 'ratings' ? allRated : s.kind === 'sign_off' ? bothSigned : s.completed_on !== null;
      return { id: s.id, kind: s.kind, dueOn: s.due_on, completedOn: s.completed_on, done, overdue: !done && s.due_on < today, notes: s.notes };
    })
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/** The dates a school year's steps may fall on: July 1 to August 31 of the next year. */
export const yearBounds = (schoolYear: string) => {
  const first = Number(schoolYear.slice(0, 4));
  return { from: `${first}-07-01`, to: `${first + 1}-08-31` };
};

export const todayOf = (timezone: string, now: Date) => localParts(now, timezone).date;

function summary(cycle: CycleRow, steps: ReturnType<typeof shapeSteps>) {
  return {
    id: cycle.id,
    schoolId: cycle.school_id,
    schoolYear: cycle.school_year,
    teacher: { id: cycle.teacher_id, name: cycle.teacher_name },
    evaluator: { id: cycle.evaluator_id, name: cycle.evaluator_name },
    rubricName: (cycle.rubric as RubricDefinition).name,
    nextStep: steps.find((s) => !s.done) ?? null,
    overdueSteps: steps.filter((s) => s.overdue).length,
    evaluatorSignedAt: iso(cycle.evaluator_signed_at),
    teacherSignedAt: iso(cycle.teacher_signed_at),
  };
}

/** Summaries of cycles with their next step and overdue count. */
async function summaries(db: Db, cycles: CycleRow[], now: Date) {
  const ids = cycles.map((c) => c.id);
  const [steps, ratings] = await Promise.all([stepsOf(db, ids), ratingsOf(db, ids)]);
  return cycles.map((c) => {
    const rated = new Set(ratings.filter((r) => r.cycle_id === c.id).map((r) => r.component_key));
    return summary(c, shapeSteps(c, steps.filter((s) => s.cycle_id === c.id), rated, todayOf(c.timezone, now)));
  });
}

/** The school's cycles the caller evaluates (the principal: every cycle of the school), overdue first. */
export async function listCycles(db: Db, user: SessionUser, school: RequestSchool, query: { schoolYear?: string }, now: Date) {
  const scope = evaluationPolicy.listScope(user, school);
  let q = selectCycles(db).where('c.school_id', '=', school.id);
  if (scope.evaluatorId) q = q.where('c.evaluator_id', '=', scope.evaluatorId);
  if (query.schoolYear) q = q.where('c.school_year', '=', query.schoolYear);
  const rows = await q.orderBy('c.school_year', 'desc').orderBy('t.family_name').orderBy('t.given_name').execute();
  const list = await summaries(db, rows, now);
  return list.sort((a, b) => (b.overdueSteps > 0 ? 1 : 0) - (a.overdueSteps > 0 ? 1 : 0));
}

/** The caller's own cycles as the evaluated teacher, newest school year first. */
export async function myCycles(db: Db, user: SessionUser, now: Date) {
  const rows = await selectCycles(db).where('c.teacher_id', '=', user.id).orderBy('c.school_year', 'desc').execute();
  return summaries(db, rows, now);
}

/** Loads a cycle the caller may read (404 otherwise). */
export async function readableCycle(db: Db, user: SessionUser, school: RequestSchool, id: string) {
  return evaluationPolicy.readable(user, school, await findCycle(db, id));
}

/** Loads a cycle the caller evaluates (404 for non-readers, 403 for other readers), still open for changes. */
export async function editableCycle(db: Db, user: SessionUser, school: RequestSchool, id: string) {
  const cycle = evaluationPolicy.evaluated(user, school, await findCycle(db, id));
  if (cycle.evaluator_signed_at !== null) throw new AppError('conflict', 'The evaluator has signed this cycle; it can no longer be changed.');
  return cycle;
}

/** The whole cycle for one of its three readers; a read by anyone but the teacher is audited. */
export async function getCycle(db: Db, user: SessionUser, school: RequestSchool, id: string, now: Date, ip?: string) {
  const cycle = await readableCycle(db, user, school, id);
  const [steps, ratings, citations] = await Promise.all([stepsOf(db, [id]), ratingsOf(db, [id]), citationsOf(db, id)]);
  if (ip !== undefined && user.id !== cycle.teacher_id) {
    await writeAudit(db, { action: 'evaluation.cycle_viewed', actorId: user.id, districtId: cycle.district_id, schoolId: cycle.school_id, entity: 'evaluation_cycle', entityId: id, ip });
  }
  const shaped = shapeSteps(cycle, steps, new Set(ratings.map((r) => r.component_key)), todayOf(school.timezone, now));
  const signature = (id: string, name: string, at: Date | string | null) => (at === null ? null : { person: { id, name }, signedAt: iso(at)! });
  return {
    ...summary(cycle, shaped),
    rubric: cycle.rubric as RubricDefinition,
    steps: shaped,
    ratings: ratings.map((r) => ({ componentKey: r.component_key, level: r.level, evidence: r.evidence, rationale: r.rationale, updatedAt: iso(r.updated_at)! })),
    citations: citations.map((c) => ({
      id: c.id,
      visitId: c.visit_id,
      visitStartedAt: iso(c.started_at)!,
      observer: { id: c.observer_id, name: c.observer_name },
      evidence: c.evidence,
      componentKey: c.component_key,
      note: c.note,
      citedAt: iso(c.created_at)!,
    })),
    evaluatorSignature: signature(cycle.evaluator_id, cycle.evaluator_name, cycle.evaluator_signed_at),
    teacherSignature: signature(cycle.teacher_id, cycle.teacher_name, cycle.teacher_signed_at),
    teacherResponse: cycle.teacher_response,
    can: evaluationPolicy.abilities(user, cycle),
  };
}

const DUE_FIELDS = [
  ['preConference', 'pre_conference', 'goal-setting conference'],
  ['midYearReview', 'mid_year_review', 'mid-year review'],
  ['ratings', 'ratings', 'ratings'],
  ['summativeConference', 'summative_conference', 'summative conference'],
  ['signOff', 'sign_off', 'sign-off'],
] as const;

/** Every problem with a new cycle, as field errors. */
async function checkCreate(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof CycleCreate>, evaluatorId: string) {
  const fields: FieldError[] = [];
  const [teacherRoles, evaluatorRoles] = await Promise.all([rolesOf(db, school.id, input.teacherId), rolesOf(db, school.id, evaluatorId)]);
  if (!teacherRoles.includes('teacher')) fields.push({ path: 'body.teacherId', message: 'Choose a teacher of this school' });
  else if (input.teacherId === evaluatorId) fields.push({ path: 'body.teacherId', message: 'Nobody evaluates themselves' });
  if (!evaluatorRoles.some((r) => r === 'principal' || r === 'assistant_principal')) fields.push({ path: 'body.evaluatorId', message: 'The evaluator must be a principal or assistant principal of this school' });
  else if (!evaluationPolicy.mayAssign(user, school, evaluatorId)) fields.push({ path: 'body.evaluatorId', message: 'An assistant principal creates cycles they evaluate themselves; the principal assigns other evaluators' });
  const { from, to } = yearBounds(input.schoolYear);
  let previous: { date: string; label: string } | undefined;
  for (const [field, , label] of DUE_FIELDS) {
    const date = input.dueDates[field];
    if (date < from || date > to) fields.push({ path: `body.dueDates.${field}`, message: `Choose a date in the ${input.schoolYear} school year` });
    else if (previous && date < previous.date) fields.push({ path: `body.dueDates.${field}`, message: `Due on or after the ${previous.label} (${previous.date})` });
    previous = { date, label };
  }
  input.observations.forEach((date, i) => {
    if (date < from || date > to) fields.push({ path: `body.observations.${i}`, message: `Choose a date in the ${input.schoolYear} school year` });
  });
  if (new Set(input.observations).size !== input.observations.length) fields.push({ path: 'body.observations', message: 'Schedule each observation on a different day' });
  if (!(await findRubric(db, school.districtId, input.rubricKey))) fields.push({ path: 'body.rubricKey', message: 'Choose the built-in rubric or one your district uploaded' });
  if (fields.length === 0) {
    const existing = await db.selectFrom('evaluation_cycles').select('id').where('school_id', '=', school.id).where('teacher_id', '=', input.teacherId).where('school_year', '=', input.schoolYear).executeTakeFirst();
    if (existing) fields.push({ path: 'body.teacherId', message: `This teacher already has an evaluation cycle for ${input.schoolYear}` });
  }
  return fields;
}

/** Creates a cycle with its steps (one per scheduled observation); everything is checked first, nothing is half made. */
export async function createCycle(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof CycleCreate>, now: Date, ip: string) {
  const evaluatorId = input.evaluatorId ?? user.id;
  const fields = await checkCreate(db, user, school, input, evaluatorId);
  if (fields.length > 0) throw validation(fields);
  const rubric = (await findRubric(db, school.districtId, input.rubricKey))!;
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('evaluation_cycles')
      .values({ district_id: school.districtId, school_id: school.id, teacher_id: input.teacherId, evaluator_id: evaluatorId, school_year: input.schoolYear, rubric_key: input.rubricKey, rubric: JSON.stringify(rubric), created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('evaluation_steps')
      .values([
        ...DUE_FIELDS.map(([field, kind]) => ({ cycle_id: row.id, kind, due_on: input.dueDates[field] })),
        ...input.observations.map((due_on) => ({ cycle_id: row.id, kind: 'observation' as const, due_on })),
      ])
      .execute();
    await writeAudit(trx, { action: 'evaluation.cycle_created', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'evaluation_cycle', entityId: row.id, details: { teacherId: input.teacherId, evaluatorId, schoolYear: input.schoolYear }, ip });
    return row.id;
  });
  return getCycle(db, user, school, id, now);
}
