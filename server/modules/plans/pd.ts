import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import type { PdAttendance, PdFeedbackInput, PdSessionCreate } from '../../../schemas/plans';
import type { RequestSchool, SessionUser } from '../../http/access';
import { forbidden, notFound, validation, type FieldError } from '../../http/errors';
import { fullName, staffProblems } from '../teams/staff';
import { assertMayTakeAttendance, plansPd } from './plans.policy';

/** Professional learning sessions of the school, newest first (or one), with attendance and anonymous feedback. */
export async function listSessions(db: Db, user: SessionUser, school: RequestSchool, sessionId?: string) {
  let q = db
    .selectFrom('pd_sessions as d')
    .innerJoin('people as f', 'f.id', 'd.facilitator_id')
    .select(['d.id', 'd.held_on', 'd.title', 'd.description', 'f.id as fid', fullName('f').as('fname')])
    .where('d.school_id', '=', school.id)
    .orderBy('d.held_on', 'desc')
    .orderBy('d.created_at', 'desc');
  if (sessionId) q = q.where('d.id', '=', sessionId);
  const sessions = await q.execute();
  const ids = sessions.map((s) => s.id);
  if (ids.length === 0) return [];
  const goals = await db.selectFrom('pd_session_goals as sg').innerJoin('plan_goals as g', 'g.id', 'sg.goal_id').select(['sg.session_id', 'g.id', 'g.title']).where('sg.session_id', 'in', ids).orderBy('g.title').execute();
  const attendees = await db
    .selectFrom('pd_attendance as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.session_id', 'p.id', fullName('p').as('name')])
    .where('a.session_id', 'in', ids)
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
  const feedback = await db.selectFrom('pd_feedback').select(['session_id', 'person_id', 'rating', 'comment']).where('session_id', 'in', ids).orderBy('updated_at').execute();
  return sessions.map((s) => {
    const fb = feedback.filter((f) => f.session_id === s.id);
    const mine = fb.find((f) => f.person_id === user.id);
    const attended = attendees.some((a) => a.session_id === s.id && a.id === user.id);
    return {
      id: s.id,
      heldOn: s.held_on,
      title: s.title,
      description: s.description,
      facilitator: { id: s.fid, name: s.fname },
      goals: goals.filter((g) => g.session_id === s.id).map((g) => ({ id: g.id, title: g.title })),
      attendees: attendees.filter((a) => a.session_id === s.id).map((a) => ({ id: a.id, name: a.name })),
      feedback: {
        count: fb.length,
        averageRating: fb.length ? Math.round((fb.reduce((t, f) => t + f.rating, 0) / fb.length) * 10) / 10 : null,
        comments: fb.map((f) => f.comment).filter(Boolean),
      },
      myFeedback: mine ? { rating: mine.rating, comment: mine.comment } : null,
      attended,
      canTakeAttendance: plansPd(school) || s.fid === user.id,
    };
  });
}

async function oneSession(db: Db, user: SessionUser, school: RequestSchool, sessionId: string) {
  const [session] = await listSessions(db, user, school, sessionId);
  if (!session) throw notFound('That session');
  return session;
}

async function goalProblems(db: Db, school: RequestSchool, goalIds: string[]): Promise<FieldError[]> {
  if (goalIds.length === 0) return [];
  const found = new Set(
    (await db.selectFrom('plan_goals as g').innerJoin('work_plans as w', 'w.id', 'g.plan_id').select('g.id').where('w.school_id', '=', school.id).where('g.id', 'in', goalIds).execute()).map((r) => r.id),
  );
  return goalIds.flatMap((id, i) => (found.has(id) ? [] : [{ path: `body.goalIds.${i}`, message: 'Not a work-plan goal of this school' }]));
}

/** Plans a session (leaders and coaches), with its facilitator, goals and (optionally) who attended. */
export async function createSession(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof PdSessionCreate>) {
  const fields = [
    ...(await staffProblems(db, school.id, [{ path: 'body.facilitatorId', id: input.facilitatorId }, ...input.attendeeIds.map((id, i) => ({ path: `body.attendeeIds.${i}`, id }))])),
    ...(await goalProblems(db, school, input.goalIds)),
  ];
  if (fields.length > 0) throw validation(fields);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('pd_sessions')
      .values({ school_id: school.id, held_on: input.heldOn, title: input.title, description: input.description, facilitator_id: input.facilitatorId, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const goals = [...new Set(input.goalIds)];
    if (goals.length) await trx.insertInto('pd_session_goals').values(goals.map((goal_id) => ({ session_id: row.id, goal_id }))).execute();
    const people = [...new Set(input.attendeeIds)];
    if (people.length) await trx.insertInto('pd_attendance').values(people.map((person_id) => ({ session_id: row.id, person_id }))).execute();
    return row.id;
  });
  return oneSession(db, user, school, id);
}

async function sessionRow(db: Db, school: RequestSchool, sessionId: string) {
  const row = await db.selectFrom('pd_sessions').select(['id', 'facilitator_id']).where('id', '=', sessionId).where('school_id', '=', school.id).executeTakeFirst();
  if (!row) throw notFound('That session');
  return row;
}

/**
 * Sets who attended (the facilitator, coaches, leaders): only the rows of people added or taken off change, and the
 * feedback of someone taken off stays theirs (it belongs to the session and its author, not to the attendance row).
 */
export async function setAttendance(db: Db, user: SessionUser, school: RequestSchool, sessionId: string, input: z.infer<typeof PdAttendance>) {
  const session = await sessionRow(db, school, sessionId);
  assertMayTakeAttendance(user, school, session);
  const fields = await staffProblems(db, school.id, input.attendeeIds.map((id, i) => ({ path: `body.attendeeIds.${i}`, id })));
  if (fields.length > 0) throw validation(fields);
  const people = [...new Set(input.attendeeIds)];
  await db.transaction().execute(async (trx) => {
    let gone = trx.deleteFrom('pd_attendance').where('session_id', '=', sessionId);
    if (people.length) gone = gone.where('person_id', 'not in', people);
    await gone.execute();
    if (people.length) {
      await trx.insertInto('pd_attendance').values(people.map((person_id) => ({ session_id: sessionId, person_id }))).onConflict((oc) => oc.columns(['session_id', 'person_id']).doNothing()).execute();
    }
  });
  return oneSession(db, user, school, sessionId);
}

/** An attendee's own rating (1-4) and comment; saying it again replaces it. */
export async function giveFeedback(db: Db, user: SessionUser, school: RequestSchool, sessionId: string, input: z.infer<typeof PdFeedbackInput>) {
  await sessionRow(db, school, sessionId);
  const attended = await db.selectFrom('pd_attendance').select('person_id').where('session_id', '=', sessionId).where('person_id', '=', user.id).executeTakeFirst();
  if (!attended) throw forbidden('Only staff who attended the session leave feedback on it.');
  await db
    .insertInto('pd_feedback')
    .values({ session_id: sessionId, person_id: user.id, rating: input.rating, comment: input.comment })
    .onConflict((oc) => oc.columns(['session_id', 'person_id']).doUpdateSet({ rating: input.rating, comment: input.comment, updated_at: sql`now()` }))
    .execute();
  return oneSession(db, user, school, sessionId);
}
