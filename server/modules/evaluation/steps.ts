import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { StepUpdate } from '../../../schemas/evaluation';
import type { RequestSchool, SessionUser } from '../../http/access';
import { notFound, validation, type FieldError } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { editableCycle, getCycle, todayOf, yearBounds } from './evaluation.service';

/** Marks the cycle as changed. */
export const touch = (db: Db, cycleId: string) => db.updateTable('evaluation_cycles').set({ updated_at: sql<Date>`now()` }).where('id', '=', cycleId).execute();

/** Schedules one more formal observation. */
export async function addObservation(db: Db, user: SessionUser, school: RequestSchool, cycleId: string, dueOn: string, now: Date) {
  const cycle = await editableCycle(db, user, school, cycleId);
  const year = yearBounds(cycle.school_year);
  if (dueOn < year.from || dueOn > year.to) throw validation([{ path: 'body.dueOn', message: `Choose a date in the ${cycle.school_year} school year` }]);
  const count = await db.selectFrom('evaluation_steps').select((eb) => eb.fn.countAll<number>().as('n')).where('cycle_id', '=', cycleId).where('kind', '=', 'observation').executeTakeFirstOrThrow();
  if (Number(count.n) >= 6) throw validation([{ path: 'body.dueOn', message: 'A cycle has at most six formal observations' }]);
  await db.insertInto('evaluation_steps').values({ cycle_id: cycleId, kind: 'observation', due_on: dueOn }).execute();
  await touch(db, cycleId);
  return getCycle(db, user, school, cycleId, now);
}

/** Reschedules a step, records when it was held or observed, and its notes. */
export async function updateStep(db: Db, user: SessionUser, school: RequestSchool, cycleId: string, stepId: string, input: z.infer<typeof StepUpdate>, now: Date, ip: string) {
  const cycle = await editableCycle(db, user, school, cycleId);
  const step = await db.selectFrom('evaluation_steps').select(['id', 'kind']).where('id', '=', stepId).where('cycle_id', '=', cycleId).executeTakeFirst();
  if (!step) throw notFound('That step');
  const today = todayOf(school.timezone, now);
  const fields: FieldError[] = [];
  const year = yearBounds(cycle.school_year);
  if (input.dueOn !== undefined && (input.dueOn < year.from || input.dueOn > year.to)) fields.push({ path: 'body.dueOn', message: `Choose a date in the ${cycle.school_year} school year` });
  if (input.completedOn !== undefined && (step.kind === 'ratings' || step.kind === 'sign_off')) {
    fields.push({ path: 'body.completedOn', message: step.kind === 'ratings' ? 'Ratings are done when every component is rated' : 'Sign-off is done when both have signed' });
  }
  else if (input.completedOn && input.completedOn > today) fields.push({ path: 'body.completedOn', message: 'This date is in the future; record it once it has happened' });
  if (fields.length > 0) throw validation(fields);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('evaluation_steps')
      .set({
        ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
        ...(input.completedOn !== undefined ? { completed_on: input.completedOn } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', stepId)
      .execute();
    await writeAudit(trx, { action: 'evaluation.step_updated', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'evaluation_cycle', entityId: cycleId, details: { stepId, kind: step.kind }, ip });
  });
  return getCycle(db, user, school, cycleId, now);
}
