import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { CycleCreate, CycleDetail, CycleStatus, CycleSummary, CycleTransition } from '../../../schemas/coaching';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, forbidden, notFound, validation } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { notify } from '../notifications/notify';
import { getVisitSettings } from '../visits/look-fors';
import { visitsPolicy } from '../visits/visits.policy';
import { selectVisits } from '../visits/visits.repo';
import { coachingPolicy } from './coaching.policy';
import * as repo from './coaching.repo';

const iso = (d: Date | string) => new Date(d).toISOString();
const cycleLink = (schoolId: string, id: string) => `/schools/${schoolId}/coaching/${id}`;

const WORDS: Record<CycleStatus, string> = { proposed: 'proposed', active: 'active', completed: 'completed', cancelled: 'cancelled' };

function summary(r: repo.CycleRow): CycleSummary {
  return {
    id: r.id,
    schoolId: r.school_id,
    coach: { id: r.coach_id, name: r.coach_name },
    teacher: { id: r.teacher_id, name: r.teacher_name },
    goal: r.goal,
    status: r.status,
    observations: Number(r.observations),
    debriefs: Number(r.debriefs),
    goalMet: r.goal_met,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** A cycle the caller may read, or 404 (others never learn that it exists). */
async function readable(db: Db, user: SessionUser, cycleId: string): Promise<repo.CycleRow> {
  const row = await repo.findCycle(db, cycleId);
  if (!row || !coachingPolicy.canRead(user, row)) throw notFound('That coaching cycle');
  return row;
}

/** An open cycle, or a 409 saying why nothing changed. */
function mustBeOpen(row: repo.CycleRow) {
  if (!coachingPolicy.isOpen(row)) throw new AppError('conflict', `This coaching cycle is ${WORDS[row.status]}: it can no longer change.`);
}

/** The school's cycles the caller may see: leaders all of them, coaches theirs (or all, as the school decides), teachers their own. */
export async function listCycles(db: Db, user: SessionUser, school: RequestSchool, status?: CycleStatus): Promise<CycleSummary[]> {
  const { coachVisibility } = await getVisitSettings(db, school.id);
  let q = repo.selectCycles(db).where('c.school_id', '=', school.id);
  if (!coachingPolicy.seesAllSchoolCycles(school, coachVisibility)) {
    q = q.where((eb) => eb.or([eb('c.coach_id', '=', user.id), eb('c.teacher_id', '=', user.id)]));
  }
  if (status) q = q.where('c.status', '=', status);
  const rows = await q
    .orderBy(sql`CASE c.status WHEN 'active' THEN 0 WHEN 'proposed' THEN 1 ELSE 2 END`)
    .orderBy('c.updated_at', 'desc')
    .limit(500)
    .execute();
  return rows.map(summary);
}

/** The coach proposes a cycle to a teacher of the school, with the goal and, if known, the baseline. */
export async function proposeCycle(db: Db, user: SessionUser, school: RequestSchool, input: CycleCreate): Promise<CycleDetail> {
  if (!coachingPolicy.canPropose(school)) throw forbidden('Coaches and school leaders propose coaching cycles.');
  if (input.teacherId === user.id) throw validation([{ path: 'body.teacherId', message: 'Choose a teacher other than yourself' }]);
  if (!(await repo.hasRole(db, school.id, input.teacherId, ['teacher']))) throw validation([{ path: 'body.teacherId', message: 'Choose a teacher of this school' }]);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('coaching_cycles')
      .values({
        district_id: school.districtId,
        school_id: school.id,
        coach_id: user.id,
        teacher_id: input.teacherId,
        goal: input.goal,
        baseline: input.baseline || null,
        baseline_on: input.baselineOn ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await notify(trx, { personId: input.teacherId, kind: 'coaching.proposed', title: `${user.name} proposed a coaching cycle: ${input.goal.slice(0, 80)}`, link: cycleLink(school.id, row.id) }, false);
    return row.id;
  });
  return cycleDetail(db, user, id);
}

/** One cycle with its observations (the visits the reader may see), debriefs and comments. */
export async function cycleDetail(db: Db, user: SessionUser, cycleId: string): Promise<CycleDetail> {
  const row = await readable(db, user, cycleId);
  const [visits, debriefs, comments] = await Promise.all([
    selectVisits(db).where('v.coaching_cycle_id', '=', cycleId).orderBy('v.started_at').execute(),
    repo.debriefsOf(db, cycleId),
    repo.commentsOf(db, cycleId),
  ]);
  const open = coachingPolicy.isOpen(row);
  const coach = coachingPolicy.isCoach(user, row);
  const participant = coachingPolicy.isParticipant(user, row);
  return {
    ...summary(row),
    baseline: row.baseline,
    baselineOn: row.baseline_on,
    agreedAt: row.agreed_at ? iso(row.agreed_at) : null,
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    outcome: row.outcome,
    observationList: visits
      .filter((v) => visitsPolicy.canRead(user, v))
      .map((v) => ({ visitId: v.id, startedAt: iso(v.started_at), observer: { id: v.observer_id, name: v.observer_name }, evidence: v.evidence, tags: v.tags, sharedAt: v.shared_at ? iso(v.shared_at) : null })),
    debriefList: debriefs.map((d) => ({ id: d.id, heldOn: d.held_on, notes: d.notes, nextStep: d.next_step, recordedBy: { id: d.recorded_by, name: d.recorder_name }, createdAt: iso(d.created_at) })),
    comments: comments.map((c) => ({ id: c.id, author: { id: c.author_id, name: c.author_name }, body: c.body, createdAt: iso(c.created_at) })),
    can: {
      edit: open && coach,
      agree: row.status === 'proposed' && participant,
      complete: row.status === 'active' && coach,
      cancel: open && participant,
      debrief: row.status === 'active' && coach,
      comment: participant,
      observe: row.status === 'active' && coach,
    },
  };
}

/** The coach changes the goal (while proposed: once agreed it stays) or the baseline (until the cycle closes). */
export async function updateCycle(db: Db, user: SessionUser, cycleId: string, input: { goal?: string; baseline?: string | null; baselineOn?: string | null }) {
  const row = await readable(db, user, cycleId);
  if (!coachingPolicy.isCoach(user, row)) throw forbidden('Only the coach of a cycle changes its goal or baseline.');
  mustBeOpen(row);
  if (input.goal !== undefined && input.goal !== row.goal && row.status !== 'proposed') {
    throw new AppError('conflict', 'The goal was agreed when the cycle started: it no longer changes. Record what changed in a debrief.');
  }
  const res = await db
    .updateTable('coaching_cycles')
    .set({
      ...(input.goal !== undefined ? { goal: input.goal } : {}),
      ...(input.baseline !== undefined ? { baseline: input.baseline || null } : {}),
      ...(input.baselineOn !== undefined ? { baseline_on: input.baselineOn } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', cycleId)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('conflict', 'The cycle changed meanwhile. Reload it and try again.');
  return cycleDetail(db, user, cycleId);
}

const MOVE_WORDS: Record<CycleStatus, string> = { proposed: 'proposed', active: 'started', completed: 'completed', cancelled: 'cancelled' };

/** Moves a cycle on: proposed → active (agreed) → completed with an outcome; proposed or active → cancelled. */
export async function moveCycle(db: Db, user: SessionUser, cycleId: string, input: CycleTransition): Promise<CycleDetail> {
  const row = await readable(db, user, cycleId);
  if (!coachingPolicy.isParticipant(user, row)) throw forbidden('Only the coach and the teacher of a cycle move it on.');
  if (!coachingPolicy.canMove(row.status, input.status)) {
    const why =
      row.status === input.status
        ? `This coaching cycle is already ${WORDS[row.status]}.`
        : coachingPolicy.isOpen(row)
          ? `A ${WORDS[row.status]} cycle cannot become ${WORDS[input.status]}: ${row.status === 'proposed' ? 'agree on the goal first (make it active)' : 'it is already under way'}.`
          : `This coaching cycle is ${WORDS[row.status]}: it can no longer change.`;
    throw new AppError('conflict', `${why} Nothing was changed.`, undefined, { status: row.status });
  }
  if (!coachingPolicy.mayMake(user, row, input.status)) throw forbidden('Only the coach closes a cycle with its outcome.');
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('coaching_cycles')
      .set({
        status: input.status,
        updated_at: sql<Date>`now()`,
        ...(input.status === 'active' ? { agreed_at: sql<Date>`now()` } : { closed_at: sql<Date>`now()` }),
        ...(input.status === 'completed' ? { outcome: input.outcome, goal_met: input.goalMet } : {}),
        ...(input.status === 'cancelled' && input.reason ? { outcome: input.reason } : {}),
      })
      .where('id', '=', cycleId)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('conflict', 'The cycle changed meanwhile. Reload it and try again. Nothing was changed.');
    const other = user.id === row.coach_id ? row.teacher_id : row.coach_id;
    await notify(trx, { personId: other, kind: 'coaching.changed', title: `${user.name} ${MOVE_WORDS[input.status]} your coaching cycle`, link: cycleLink(row.school_id, cycleId) }, false);
    await writeAudit(trx, { action: 'coaching.status_changed', actorId: user.id, districtId: row.district_id, schoolId: row.school_id, entity: 'coaching_cycle', entityId: cycleId, details: { from: row.status, to: input.status } });
  });
  return cycleDetail(db, user, cycleId);
}

/** The coach records a debrief of an active cycle: when, what was said, and the next step agreed. */
export async function addDebrief(db: Db, user: SessionUser, cycleId: string, input: { heldOn: string; notes: string; nextStep: string }) {
  const row = await readable(db, user, cycleId);
  if (!coachingPolicy.isCoach(user, row)) throw forbidden('The coach of the cycle records its debriefs.');
  if (row.status !== 'active') throw new AppError('conflict', `Debriefs are recorded while a cycle is active; this one is ${WORDS[row.status]}. Nothing was changed.`);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('coaching_debriefs').values({ cycle_id: cycleId, held_on: input.heldOn, notes: input.notes, next_step: input.nextStep, recorded_by: user.id }).execute();
    await trx.updateTable('coaching_cycles').set({ updated_at: sql<Date>`now()` }).where('id', '=', cycleId).execute();
    await notify(trx, { personId: row.teacher_id, kind: 'coaching.changed', title: `${user.name} recorded your coaching debrief`, link: cycleLink(row.school_id, cycleId) }, false);
  });
  return cycleDetail(db, user, cycleId);
}

/**
 * The coach adds one of their existing visits as an observation of an active cycle: a visit they recorded
 * themselves (not a peer visit) in the cycle's school, of the cycle's teacher, not already an observation and not
 * cited in a formal evaluation (coaching stays apart from evaluation). Any other visit answers 404.
 */
export async function linkObservation(db: Db, user: SessionUser, cycleId: string, visitId: string): Promise<CycleDetail> {
  const row = await readable(db, user, cycleId);
  if (!coachingPolicy.isCoach(user, row)) throw forbidden('Only the coach of a cycle adds observations to it.');
  if (row.status !== 'active') throw new AppError('conflict', `Observations are added while a cycle is active; this one is ${WORDS[row.status]}. Nothing was changed.`);
  const visit = await db.selectFrom('visits').select(['id', 'school_id', 'observer_id', 'teacher_id', 'kind', 'coaching_cycle_id']).where('id', '=', visitId).executeTakeFirst();
  if (!visit || visit.observer_id !== user.id || visit.school_id !== row.school_id || visit.kind !== 'leader') throw notFound('That visit');
  if (visit.teacher_id !== row.teacher_id) throw validation([{ path: 'body.visitId', message: `This visit is of another teacher; the cycle is with ${row.teacher_name}` }]);
  if (visit.coaching_cycle_id === cycleId) throw new AppError('conflict', 'This visit is already an observation of this cycle. Nothing was changed.');
  if (visit.coaching_cycle_id) throw new AppError('conflict', 'This visit is already an observation of another coaching cycle. Nothing was changed.');
  const cited = await db.selectFrom('evaluation_citations').select('id').where('visit_id', '=', visitId).executeTakeFirst();
  if (cited) throw new AppError('conflict', 'This visit is cited in a formal evaluation; coaching is kept apart from evaluation. Nothing was changed.');
  await db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('visits').set({ coaching_cycle_id: cycleId }).where('id', '=', visitId).where('coaching_cycle_id', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('conflict', 'The visit changed meanwhile. Reload and try again. Nothing was changed.');
    await trx.updateTable('coaching_cycles').set({ updated_at: sql<Date>`now()` }).where('id', '=', cycleId).execute();
    await notify(trx, { personId: row.teacher_id, kind: 'coaching.changed', title: `${user.name} added an observation to your coaching cycle`, link: cycleLink(row.school_id, cycleId) }, false);
    await writeAudit(trx, { action: 'coaching.observation_linked', actorId: user.id, districtId: row.district_id, schoolId: row.school_id, entity: 'coaching_cycle', entityId: cycleId, details: { visitId } });
  });
  return cycleDetail(db, user, cycleId);
}

/** The teacher or the coach adds a comment (the teacher's voice in their own cycle). */
export async function addComment(db: Db, user: SessionUser, cycleId: string, body: string) {
  const row = await readable(db, user, cycleId);
  if (!coachingPolicy.isParticipant(user, row)) throw forbidden('The teacher and the coach of the cycle comment on it.');
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('coaching_comments').values({ cycle_id: cycleId, author_id: user.id, body }).execute();
    const other = user.id === row.coach_id ? row.teacher_id : row.coach_id;
    await notify(trx, { personId: other, kind: 'coaching.changed', title: `${user.name} commented on your coaching cycle`, link: cycleLink(row.school_id, cycleId) }, false);
  });
  return cycleDetail(db, user, cycleId);
}
