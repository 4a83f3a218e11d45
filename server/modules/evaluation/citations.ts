import type { Db } from '../../../db/database';
import type { RubricDefinition } from '../../../schemas/evaluation';
import type { RequestSchool, SessionUser } from '../../http/access';
import { notFound, validation, type FieldError } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { evaluationPolicy } from './evaluation.policy';
import { editableCycle, componentKeys, getCycle } from './evaluation.service';
import { eligibleVisits, visitFacts } from './evaluation.repo';

/**
 * Visit evidence reaches an evaluation only when the teacher has seen it: a cited visit must be shared with the
 * teacher, about the teacher's classroom, and made in the cycle's school. The teacher sees every citation.
 */
export async function citeVisit(db: Db, user: SessionUser, school: RequestSchool, cycleId: string, input: { visitId: string; componentKey: string | null; note: string }, now: Date, ip: string) {
  const cycle = await editableCycle(db, user, school, cycleId);
  const fields: FieldError[] = [];
  const visit = await visitFacts(db, input.visitId);
  const problem = evaluationPolicy.citationProblem(cycle, visit);
  if (problem) fields.push({ path: 'body.visitId', message: problem });
  if (input.componentKey !== null && !componentKeys(cycle.rubric as RubricDefinition).includes(input.componentKey)) {
    fields.push({ path: 'body.componentKey', message: "Not a component of this cycle's rubric" });
  }
  if (fields.length === 0) {
    const already = await db.selectFrom('evaluation_citations').select('id').where('cycle_id', '=', cycleId).where('visit_id', '=', input.visitId).executeTakeFirst();
    if (already) fields.push({ path: 'body.visitId', message: 'This visit is already cited in this cycle' });
  }
  if (fields.length > 0) throw validation(fields, 'The visit was not cited.');
  await db.transaction().execute(async (trx) => {
    // The visit must still be shared at the moment of citing (checked again in the same statement).
    const made = await trx
      .insertInto('evaluation_citations')
      .columns(['cycle_id', 'visit_id', 'component_key', 'note', 'cited_by'])
      .expression((eb) =>
        eb
          .selectFrom('visits')
          .select([eb.val(cycleId).as('cycle_id'), 'id', eb.val(input.componentKey).as('component_key'), eb.val(input.note).as('note'), eb.val(user.id).as('cited_by')])
          .where('id', '=', input.visitId)
          .where('shared_at', 'is not', null)
          .where('kind', '=', 'leader')
          .where('coaching_cycle_id', 'is', null),
      )
      .returning('id')
      .executeTakeFirst();
    if (!made) throw validation([{ path: 'body.visitId', message: 'This visit has not been shared with the teacher, so it cannot be cited' }], 'The visit was not cited.');
    await writeAudit(trx, { action: 'evaluation.cited', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'evaluation_cycle', entityId: cycleId, details: { visitId: input.visitId }, ip });
  });
  return getCycle(db, user, school, cycleId, now);
}

export async function removeCitation(db: Db, user: SessionUser, school: RequestSchool, cycleId: string, citationId: string, ip: string) {
  await editableCycle(db, user, school, cycleId);
  await db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('evaluation_citations').where('id', '=', citationId).where('cycle_id', '=', cycleId).returning('visit_id').executeTakeFirst();
    if (!gone) throw notFound('That citation');
    await writeAudit(trx, { action: 'evaluation.citation_removed', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'evaluation_cycle', entityId: cycleId, details: { visitId: gone.visit_id }, ip });
  });
}

/** The visits the evaluator may cite in the cycle. */
export async function citableVisits(db: Db, user: SessionUser, school: RequestSchool, cycleId: string) {
  const cycle = await editableCycle(db, user, school, cycleId);
  const rows = await eligibleVisits(db, cycle);
  return rows.map((v) => ({ id: v.id, startedAt: new Date(v.started_at).toISOString(), sharedAt: new Date(v.shared_at!).toISOString(), observer: { id: v.observer_id, name: v.observer_name }, evidence: v.evidence }));
}
