import { randomInt } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import { AGREEMENT_LABELS, PULSE_MINIMUM_RESPONSES, PULSE_STATEMENTS, type PulseCreate, type PulseResponseInput, type PulseResults } from '../../../schemas/culture';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, forbidden, notFound, validation } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { localParts } from '../visits/school-time';
import { culturePolicy } from './culture.policy';

const round2 = (x: number) => Math.round(x * 100) / 100;

async function findPulse(db: Db, school: RequestSchool, id: string) {
  const row = await db.selectFrom('staff_pulses').select(['id', 'title', 'opened_on', 'closes_on', 'closed_on']).where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  if (!row) throw notFound('That pulse');
  return row;
}

/** The school's pulses, newest first, with their response counts and whether the caller has responded. */
export async function listPulses(db: Db, user: SessionUser, school: RequestSchool, id?: string) {
  const rows = await db
    .selectFrom('staff_pulses as p')
    .select((eb) => [
      'p.id',
      'p.title',
      'p.opened_on',
      'p.closes_on',
      'p.closed_on',
      eb.selectFrom('staff_pulse_responses as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.pulse_id', '=', 'p.id').as('responses'),
      eb.exists(eb.selectFrom('staff_pulse_respondents as x').select('x.pulse_id').whereRef('x.pulse_id', '=', 'p.id').where('x.person_id', '=', user.id)).as('responded'),
    ])
    .where('p.school_id', '=', school.id)
    .$if(id !== undefined, (q) => q.where('p.id', '=', id!))
    .orderBy('p.opened_on', 'desc')
    .orderBy('p.title')
    .execute();
  return rows.map((p) => {
    const open = p.closed_on === null;
    return {
      id: p.id,
      title: p.title,
      status: open ? ('open' as const) : ('closed' as const),
      openedOn: p.opened_on,
      closesOn: p.closes_on,
      closedOn: p.closed_on,
      responses: Number(p.responses ?? 0),
      responded: Boolean(p.responded),
      canRespond: open && !p.responded && culturePolicy.canRespond(school),
    };
  });
}

async function onePulse(db: Db, user: SessionUser, school: RequestSchool, id: string) {
  const [p] = await listPulses(db, user, school, id);
  if (!p) throw notFound('That pulse');
  return p;
}

/** Opens a pulse today (principal). */
export async function openPulse(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof PulseCreate>, now: Date, ip: string) {
  const today = localParts(now, school.timezone).date;
  if (input.closesOn !== null && input.closesOn < today) throw validation([{ path: 'body.closesOn', message: 'The planned last day cannot be in the past' }]);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('staff_pulses').values({ school_id: school.id, title: input.title, opened_on: today, closes_on: input.closesOn, created_by: user.id }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, { action: 'pulse.opened', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'staff_pulse', entityId: row.id, details: { title: input.title }, ip });
    return row.id;
  });
  return onePulse(db, user, school, id);
}

/** Closes an open pulse (principal); its results show from then on when there are enough responses. */
export async function closePulse(db: Db, user: SessionUser, school: RequestSchool, id: string, now: Date, ip: string) {
  await findPulse(db, school, id);
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('staff_pulses')
      .set({ closed_on: localParts(now, school.timezone).date })
      .where('id', '=', id)
      .where('school_id', '=', school.id)
      .where('closed_on', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('conflict', 'This pulse is already closed.');
    // The count only: who responded is never written to the audit log (the respondents table is the one record).
    const count = await trx.selectFrom('staff_pulse_responses').select((e) => e.fn.countAll<number>().as('n')).where('pulse_id', '=', id).executeTakeFirstOrThrow();
    await writeAudit(trx, { action: 'pulse.closed', actorId: user.id, districtId: school.districtId, schoolId: school.id, entity: 'staff_pulse', entityId: id, details: { responses: Number(count.n) }, ip });
    // Rewrite the answers in random order in this one transaction: the rows no longer share a transaction or a
    // physical order with the respondent rows they were written with, so not even the database links them.
    const rows = await trx.selectFrom('staff_pulse_responses').select(['answers', 'comment']).where('pulse_id', '=', id).execute();
    if (rows.length > 0) {
      await trx.deleteFrom('staff_pulse_responses').where('pulse_id', '=', id).execute();
      const shuffled = rows.map((r) => ({ r, k: randomInt(2 ** 30) })).sort((a, b) => a.k - b.k);
      await trx.insertInto('staff_pulse_responses').values(shuffled.map(({ r }) => ({ pulse_id: id, answers: r.answers, comment: r.comment }))).execute();
    }
  });
  return onePulse(db, user, school, id);
}

/**
 * Records one response. Who responded goes to one table (pulse + person), the answers to another (no person, no
 * time), in one transaction: a second response of the same person is refused, and no answer can be traced back.
 */
export async function respond(db: Db, user: SessionUser, school: RequestSchool, id: string, input: z.infer<typeof PulseResponseInput>) {
  if (!culturePolicy.canRespond(school)) throw forbidden('The school’s staff respond to its pulse.');
  const pulse = await findPulse(db, school, id);
  if (pulse.closed_on !== null) throw new AppError('conflict', 'This pulse is closed: it no longer takes responses.');
  await db.transaction().execute(async (trx) => {
    const marked = await trx.insertInto('staff_pulse_respondents').values({ pulse_id: id, person_id: user.id }).onConflict((oc) => oc.columns(['pulse_id', 'person_id']).doNothing()).returning('pulse_id').execute();
    if (marked.length === 0) throw new AppError('conflict', 'You have already responded to this pulse: one response per person.');
    await trx.insertInto('staff_pulse_responses').values({ pulse_id: id, answers: input.answers, comment: input.comment }).execute();
  });
  return onePulse(db, user, school, id);
}

/** The results: numbers only once the pulse is closed with at least the minimum of responses; otherwise the count. */
export async function pulseResults(db: Db, school: RequestSchool, id: string): Promise<PulseResults> {
  const pulse = await findPulse(db, school, id);
  const rows = await db.selectFrom('staff_pulse_responses').select(['answers', 'comment']).where('pulse_id', '=', id).execute();
  const base = { pulseId: id, responses: rows.length, minimumResponses: PULSE_MINIMUM_RESPONSES };
  if (pulse.closed_on === null) return { ...base, shown: false, reason: 'Results are shown once the pulse is closed, so no one can match a response to the moment it came in.' };
  if (rows.length < PULSE_MINIMUM_RESPONSES) return { ...base, shown: false, reason: `Fewer than ${PULSE_MINIMUM_RESPONSES} people responded: results are not shown, so no response can be traced to a person.` };
  return {
    ...base,
    shown: true,
    statements: PULSE_STATEMENTS.map((s, i) => {
      const values = rows.map((r) => Number(r.answers[i]));
      return { key: s.key, theme: s.theme, text: s.text, mean: round2(values.reduce((a, b) => a + b, 0) / values.length), distribution: [1, 2, 3, 4, 5].map((v) => values.filter((x) => x === v).length) };
    }),
    comments: rows
      .map((r) => r.comment.trim())
      .filter((c) => c !== '')
      .sort((a, b) => a.localeCompare(b, 'en')),
  };
}

/** The results as CSV, under the same rule: below the minimum (or while open) the file holds the count only. */
export function pulseCsv(results: PulseResults, title: string): string {
  if (!results.shown) return stringify([['pulse', 'responses', 'note'], [title, results.responses, results.reason]]);
  return stringify([
    ['pulse', 'theme', 'statement', 'responses', 'mean', ...AGREEMENT_LABELS.map((l, i) => `${i + 1} ${l.toLowerCase()}`)],
    ...results.statements.map((s) => [title, s.theme, s.text, results.responses, s.mean, ...s.distribution]),
    [],
    ['comments (alphabetical)'],
    ...results.comments.map((c) => [c]),
  ]);
}

/** The pulse's title (for the export's file and rows). */
export async function pulseTitle(db: Db, school: RequestSchool, id: string) {
  return (await findPulse(db, school, id)).title;
}
