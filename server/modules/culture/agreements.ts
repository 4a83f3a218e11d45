import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import { PRACTICE_MINIMUM_VISITS, type AgreementInput, type AgreementUpdate } from '../../../schemas/culture';
import type { RequestSchool, SessionUser } from '../../http/access';
import { notFound, validation } from '../../http/errors';
import { addDays, localParts, mondayOf } from '../visits/school-time';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The school's agreements, oldest adopted first, with their look-for. */
export async function listAgreements(db: Db, school: RequestSchool, id?: string) {
  const rows = await db
    .selectFrom('school_agreements as a')
    .leftJoin('look_fors as l', (j) => j.onRef('l.id', '=', 'a.look_for_id').on('l.school_id', '=', school.id))
    .select(['a.id', 'a.title', 'a.description', 'a.adopted_on', 'l.id as look_for_id', 'l.name as look_for_name'])
    .where('a.school_id', '=', school.id)
    .$if(id !== undefined, (q) => q.where('a.id', '=', id!))
    .orderBy('a.adopted_on')
    .orderBy('a.title')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    adoptedOn: r.adopted_on,
    lookFor: r.look_for_id ? { id: r.look_for_id, name: r.look_for_name ?? '' } : null,
  }));
}

async function checkLookFor(db: Db, school: RequestSchool, lookForId: string | null | undefined) {
  if (!lookForId) return;
  const found = await db.selectFrom('look_fors').select('id').where('school_id', '=', school.id).where('id', '=', lookForId).executeTakeFirst();
  if (!found) throw validation([{ path: 'body.lookForId', message: 'Not a look-for of this school' }]);
}

async function oneAgreement(db: Db, school: RequestSchool, id: string) {
  const [a] = await listAgreements(db, school, id);
  if (!a) throw notFound('That agreement');
  return a;
}

/** Records an agreement staff adopted. */
export async function createAgreement(db: Db, user: SessionUser, school: RequestSchool, input: z.infer<typeof AgreementInput>) {
  await checkLookFor(db, school, input.lookForId);
  const row = await db
    .insertInto('school_agreements')
    .values({ school_id: school.id, title: input.title, description: input.description, adopted_on: input.adoptedOn, look_for_id: input.lookForId, created_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return oneAgreement(db, school, row.id);
}

/** Changes an agreement's fields. */
export async function updateAgreement(db: Db, school: RequestSchool, id: string, input: z.infer<typeof AgreementUpdate>) {
  await oneAgreement(db, school, id);
  await checkLookFor(db, school, input.lookForId);
  const changes = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.adoptedOn !== undefined ? { adopted_on: input.adoptedOn } : {}),
    ...(input.lookForId !== undefined ? { look_for_id: input.lookForId } : {}),
  };
  if (Object.keys(changes).length > 0) await db.updateTable('school_agreements').set(changes).where('id', '=', id).where('school_id', '=', school.id).execute();
  return oneAgreement(db, school, id);
}

/** Removes an agreement (its look-for and visits stay). */
export async function deleteAgreement(db: Db, school: RequestSchool, id: string) {
  const res = await db.deleteFrom('school_agreements').where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That agreement');
}

/**
 * How consistently the linked agreements are practised as a school: per week, the share of the school's visits
 * tagged with each agreement's look-for. Read from the trigger-kept daily rollups; the answer names no teacher.
 * Weeks with fewer visits than the minimum show no share.
 */
export async function agreementPractice(db: Db, school: RequestSchool, weekCount: number, now: Date) {
  const today = localParts(now, school.timezone).date;
  const first = addDays(mondayOf(today), -7 * (weekCount - 1));
  const weeks = Array.from({ length: weekCount }, (_, i) => addDays(first, 7 * i));
  const linked = (await listAgreements(db, school)).filter((a) => a.lookFor !== null);
  const ids = [...new Set(linked.map((a) => a.lookFor!.id))];
  const [visits, tags] = await Promise.all([
    sql<{ week: string; visits: number }>`
      SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, sum(visits)::int AS visits
      FROM visit_days WHERE school_id = ${school.id} AND day BETWEEN ${first}::date AND ${today}::date
      GROUP BY 1`.execute(db),
    ids.length === 0
      ? Promise.resolve({ rows: [] as { look_for_id: string; week: string; visits: number }[] })
      : sql<{ look_for_id: string; week: string; visits: number }>`
          SELECT look_for_id, to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, sum(visits)::int AS visits
          FROM visit_tag_days WHERE school_id = ${school.id} AND look_for_id = ANY(${ids}::uuid[]) AND day BETWEEN ${first}::date AND ${today}::date
          GROUP BY 1, 2`.execute(db),
  ]);
  const perWeek = weeks.map((w) => visits.rows.find((r) => r.week === w)?.visits ?? 0);
  const shown = perWeek.map((n) => n >= PRACTICE_MINIMUM_VISITS);
  const shownVisits = perWeek.reduce((sum, n, i) => sum + (shown[i] ? n : 0), 0);
  return {
    weeks,
    visits: perWeek,
    minimumVisits: PRACTICE_MINIMUM_VISITS,
    agreements: linked.map((a) => {
      const tagged = weeks.map((w) => tags.rows.find((r) => r.look_for_id === a.lookFor!.id && r.week === w)?.visits ?? 0);
      const shownTagged = tagged.reduce((sum, n, i) => sum + (shown[i] ? n : 0), 0);
      return {
        id: a.id,
        title: a.title,
        lookFor: a.lookFor!,
        perWeek: tagged.map((n, i) => (shown[i] ? { tagged: n, share: round3(n / perWeek[i]!) } : { tagged: null, share: null })),
        overall: shownVisits >= PRACTICE_MINIMUM_VISITS ? round3(shownTagged / shownVisits) : null,
      };
    }),
  };
}
