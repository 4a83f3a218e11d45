import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalEventRepeatingFreq, ICalWeekday } from 'ical-generator';
import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import { CHALLENGE_STEPS, type Habit } from '../../../schemas/habit';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import { dailyGoal } from '../visits/planner';
import { addDays, datesBetween, localParts } from '../visits/school-time';

const isWeekday = (date: string) => {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
};
/** School days (Monday-Friday) from `from` to `to`, inclusive. */
function schoolDaysBetween(from: string, to: string): number {
  return from > to ? 0 : datesBetween(from, to).filter(isWeekday).length;
}

/** The leader's visit habit: today against the goal, the streak of school days with the goal met, and the challenge. */
export async function describeHabit(db: Db, user: SessionUser, school: RequestSchool, at: Date): Promise<Habit> {
  const today = localParts(at, school.timezone).date;
  const since = addDays(today, -400);
  const [goal, perDay, challenge] = await Promise.all([
    dailyGoal(db, user.id),
    sql<{ day: string; n: number }>`
      SELECT to_char(started_at AT TIME ZONE ${school.timezone}, 'YYYY-MM-DD') AS day, count(*) AS n
      FROM visits WHERE observer_id = ${user.id} AND kind = 'leader' AND started_at >= (${since}::date)::timestamp AT TIME ZONE ${school.timezone}
        AND started_at <= ${at}
      GROUP BY 1`.execute(db),
    db.selectFrom('habit_challenges').selectAll().where('person_id', '=', user.id).orderBy('created_at', 'desc').limit(1).executeTakeFirst(),
  ]);
  const counts = new Map(perDay.rows.map((r) => [r.day, Number(r.n)]));
  const met = (d: string) => (counts.get(d) ?? 0) >= goal;

  // Today counts once it is met; until then the streak runs to yesterday. Weekends neither break nor extend it.
  let current = 0;
  const days = datesBetween(since, today);
  for (const d of days.slice(0, met(today) ? days.length : -1).reverse()) {
    if (!isWeekday(d)) continue;
    if (!met(d)) break;
    current++;
  }
  let best = current;
  let run = 0;
  for (const day of days) {
    if (!isWeekday(day)) continue;
    run = met(day) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  const recent: Habit['recent'] = days
    .slice(-21)
    .filter(isWeekday)
    .map((day) => ({ date: day, visits: counts.get(day) ?? 0, met: met(day) }));
  return {
    goal,
    today: { date: today, visits: counts.get(today) ?? 0, met: met(today) },
    streak: { current, best },
    recent: recent.slice(-10),
    challenge:
      challenge && challenge.status !== 'stopped'
        ? {
            id: challenge.id,
            startedOn: challenge.started_on,
            status: challenge.status,
            day: Math.max(1, Math.min(21, schoolDaysBetween(challenge.started_on, today))),
            doneDays: [...challenge.done_days].sort((a, b) => a - b),
            steps: CHALLENGE_STEPS,
          }
        : null,
  };
}

/** Starts a 21-day challenge today (one at a time). */
export async function startChallenge(db: Db, user: SessionUser, school: RequestSchool, at: Date) {
  const today = localParts(at, school.timezone).date;
  const row = await db
    .insertInto('habit_challenges')
    .values({ person_id: user.id, started_on: today })
    // The partial index's predicate must be written as a literal: a parameter there cannot name the index once the
    // statement runs from a generic (prepared) plan, and every request statement is prepared.
    .onConflict((oc) => oc.column('person_id').where('status', '=', sql.lit('active')).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'You already have a challenge under way. Finish or stop it first.');
}

/** Marks a challenge day done or not done; the challenge completes when all 21 are done. */
export async function markStep(db: Db, user: SessionUser, day: number, done: boolean) {
  const active = await db.selectFrom('habit_challenges').select(['id', 'done_days']).where('person_id', '=', user.id).where('status', '=', 'active').executeTakeFirst();
  if (!active) throw notFound('An active challenge');
  const days = new Set(active.done_days);
  if (done) days.add(day);
  else days.delete(day);
  const complete = days.size === CHALLENGE_STEPS.length;
  await db
    .updateTable('habit_challenges')
    .set({ done_days: [...days].sort((a, b) => a - b), ...(complete ? { status: 'completed' as const, ended_at: sql<Date>`now()` } : {}) })
    .where('id', '=', active.id)
    .execute();
}

/** Stops the active challenge (its record is kept). */
export async function stopChallenge(db: Db, user: SessionUser) {
  const res = await db
    .updateTable('habit_challenges')
    .set({ status: 'stopped', ended_at: sql<Date>`now()` })
    .where('person_id', '=', user.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('An active challenge');
}

/** The leader's weekly visit blocks. */
export async function listBlocks(db: Db, user: SessionUser) {
  const rows = await db.selectFrom('visit_blocks').select(['weekday', 'start_time', 'end_time', 'timezone']).where('person_id', '=', user.id).orderBy('weekday').orderBy('start_time').execute();
  // Before any block is saved, times are shown in the time zone of the leader's school (a district leader's: the
  // district's first school).
  const timezone =
    rows[0]?.timezone ??
    [...(user.schools?.values() ?? [])][0]?.timezone ??
    (await db.selectFrom('schools').select('timezone').where('district_id', '=', user.districtId).orderBy('name').executeTakeFirst())?.timezone ??
    'UTC';
  return { blocks: rows.map((r) => ({ weekday: r.weekday, start: r.start_time.slice(0, 5), end: r.end_time.slice(0, 5) })), timezone };
}

/** Replaces the leader's weekly visit blocks; blocks must not overlap and must end after they start. */
export async function replaceBlocks(db: Db, user: SessionUser, school: RequestSchool, blocks: { weekday: number; start: string; end: string }[]) {
  const fields: { path: string; message: string }[] = [];
  blocks.forEach((b, i) => {
    if (b.end <= b.start) fields.push({ path: `body.blocks.${i}.end`, message: 'End after the start' });
    const clash = blocks.findIndex((o, j) => j < i && o.weekday === b.weekday && o.start < b.end && b.start < o.end);
    if (clash >= 0) fields.push({ path: `body.blocks.${i}`, message: `Overlaps block ${clash + 1}` });
  });
  if (fields.length > 0) throw new AppError('validation_failed', 'Some blocks need attention.', fields);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('visit_blocks').where('person_id', '=', user.id).execute();
    if (blocks.length > 0) {
      await trx
        .insertInto('visit_blocks')
        .values(blocks.map((b) => ({ person_id: user.id, weekday: b.weekday, start_time: b.start, end_time: b.end, timezone: school.timezone })))
        .execute();
    }
  });
  return listBlocks(db, user);
}

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

/** Makes a new private feed token (retiring any earlier one) and returns the subscription URL. */
export async function renewFeed(db: Db, user: SessionUser, origin: string) {
  const token = randomBytes(24).toString('base64url');
  await db
    .insertInto('calendar_feeds')
    .values({ person_id: user.id, token_hash: sha256(token) })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ token_hash: sha256(token), created_at: sql<Date>`now()` }))
    .execute();
  return { url: `${origin}/api/calendar/${token}.ics` };
}

const WEEKDAYS = [ICalWeekday.MO, ICalWeekday.TU, ICalWeekday.WE, ICalWeekday.TH, ICalWeekday.FR, ICalWeekday.SA, ICalWeekday.SU];

/** The iCalendar feed behind a private token: weekly visit blocks as recurring events. Unknown token: undefined. */
export async function feedFor(db: Db, token: string, now: Date): Promise<string | undefined> {
  const feed = await db
    .selectFrom('calendar_feeds')
    .innerJoin('people', 'people.id', 'calendar_feeds.person_id')
    .select(['people.id', 'people.given_name', 'people.status'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!feed || feed.status !== 'active') return undefined;
  const blocks = await db.selectFrom('visit_blocks').selectAll().where('person_id', '=', feed.id).execute();
  const calendar = ical({ name: 'Rounds — classroom visits', prodId: { company: 'Rounds', product: 'visit-blocks' }, ttl: 3600 });
  for (const b of blocks) {
    // The first occurrence: the next such weekday on or after today, at the block's local time.
    const today = localParts(now, b.timezone);
    const first = addDays(today.date, (b.weekday - today.weekday + 7) % 7);
    calendar.createEvent({
      id: `${b.id}@rounds`,
      start: `${first}T${b.start_time.slice(0, 5)}:00`,
      end: `${first}T${b.end_time.slice(0, 5)}:00`,
      timezone: b.timezone,
      summary: 'Classroom visits',
      description: 'Time kept for classroom visits. Open Rounds to see who to visit next.',
      repeating: { freq: ICalEventRepeatingFreq.WEEKLY, byDay: [WEEKDAYS[b.weekday - 1]!] },
    });
  }
  return calendar.toString();
}
