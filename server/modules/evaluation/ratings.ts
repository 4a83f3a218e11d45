import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { RubricDefinition } from '../../../schemas/evaluation';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, validation, type FieldError } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { evaluationPolicy } from './evaluation.policy';
import { findCycle, ratingsOf } from './evaluation.repo';
import { componentKeys, editableCycle, getCycle } from './evaluation.service';
import { touch } from './steps';

/** Records ratings (upsert per component): every row is checked against the cycle's rubric, then all or none saved. */
export async function saveRatings(db: Db, user: SessionUser, school: RequestSchool, cycleId: string, ratings: { componentKey: string; level: number; evidence: string; rationale: string }[], now: Date, ip: string) {
  const cycle = await editableCycle(db, user, school, cycleId);
  const rubric = cycle.rubric as RubricDefinition;
  const keys = new Set(componentKeys(rubric));
  const levels = rubric.scale.map((s) => s.value);
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  ratings.forEach((r, i) => {
    if (!keys.has(r.componentKey)) fields.push({ path: `body.ratings.${i}.componentKey`, message: "Not a component of this cycle's rubric" });
    else if (seen.has(r.componentKey)) fields.push({ path: `body.ratings.${i}.componentKey`, message: 'This component is rated twice' });
    seen.add(r.componentKey);
    if (!levels.includes(r.level)) fields.push({ path: `body.ratings.${i}.level`, message: `Choose a level of the rubric: ${levels.join(', ')}` });
  });
  if (fields.length > 0) throw validation(fields, 'Some ratings need attention. Nothing was saved.');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('evaluation_ratings')
      .values(ratings.map((r) => ({ cycle_id: cycleId, component_key: r.componentKey, level: r.level, evidence: r.evidence, rationale: r.rationale, rated_by: user.id })))
      .onConflict((oc) =>
        oc.columns(['cycle_id', 'component_key']).doUpdateSet((eb) => ({
          level: eb.ref('excluded.level'),
          evidence: eb.ref('excluded.evidence'),
          rationale: eb.ref('excluded.rationale'),
          rated_by: eb.ref('excluded.rated_by'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
    await touch(trx, cycleId);
    await writeAudit(trx, { action: 'evaluation.rated', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'evaluation_cycle', entityId: cycleId, details: { components: ratings.map((r) => r.componentKey) }, ip });
  });
  return getCycle(db, user, school, cycleId, now);
}

/**
 * Signs the cycle. The evaluator signs once every component is rated, which closes the cycle to changes; then the
 * teacher signs that they have seen it, with an optional response.
 */
export async function signCycle(db: Db, user: SessionUser, school: RequestSchool, cycleId: string, comment: string, now: Date, ip: string) {
  const cycle = evaluationPolicy.signable(user, school, await findCycle(db, cycleId));
  await db.transaction().execute(async (trx) => {
    // Lock the cycle so a rating and the signature cannot cross.
    const locked = await trx.selectFrom('evaluation_cycles').select(['evaluator_signed_at', 'teacher_signed_at']).where('id', '=', cycleId).forUpdate().executeTakeFirstOrThrow();
    if (user.id === cycle.evaluator_id) {
      if (locked.evaluator_signed_at !== null) throw new AppError('conflict', 'You have already signed this cycle.');
      const rated = new Set((await ratingsOf(trx, [cycleId])).map((r) => r.component_key));
      const missing = componentKeys(cycle.rubric as RubricDefinition).filter((k) => !rated.has(k));
      if (missing.length > 0) throw new AppError('conflict', `Rate every component before signing: ${missing.length} still to rate.`, undefined, { unrated: missing });
      await trx.updateTable('evaluation_cycles').set({ evaluator_signed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` }).where('id', '=', cycleId).execute();
    } else {
      if (locked.evaluator_signed_at === null) throw new AppError('conflict', 'The evaluator signs first; you can sign once the evaluation is complete.');
      if (locked.teacher_signed_at !== null) throw new AppError('conflict', 'You have already signed this cycle.');
      await trx.updateTable('evaluation_cycles').set({ teacher_signed_at: sql<Date>`now()`, teacher_response: comment, updated_at: sql<Date>`now()` }).where('id', '=', cycleId).execute();
    }
    await writeAudit(trx, { action: 'evaluation.signed', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'evaluation_cycle', entityId: cycleId, details: { as: user.id === cycle.evaluator_id ? 'evaluator' : 'teacher' }, ip });
  });
  return getCycle(db, user, school, cycleId, now);
}
