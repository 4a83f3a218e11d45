import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/database';
import { Practice, PRACTICES, type SelfAssessmentInput } from '../../../schemas/culture';
import type { RequestSchool, SessionUser } from '../../http/access';
import { forbidden, notFound, validation, type FieldError } from '../../http/errors';
import { culturePolicy } from './culture.policy';

type Input = z.infer<typeof SelfAssessmentInput>;
const ORDER = Practice.options;

/** Every practice rated exactly once, and a period name not used by another self-assessment of the school. */
async function check(db: Db, school: RequestSchool, input: Input, exceptId?: string) {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  input.ratings.forEach((r, i) => {
    if (seen.has(r.practice)) fields.push({ path: `body.ratings.${i}.practice`, message: `${PRACTICES[r.practice].name} is rated twice` });
    seen.add(r.practice);
  });
  const missing = ORDER.filter((p) => !seen.has(p));
  if (missing.length > 0) fields.push({ path: 'body.ratings', message: `Rate every practice: ${missing.map((p) => PRACTICES[p].name).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing` });
  const clash = await db
    .selectFrom('practice_self_assessments')
    .select('id')
    .where('school_id', '=', school.id)
    .where(sql<boolean>`lower(period) = lower(${input.period})`)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  if (clash) fields.push({ path: 'body.period', message: `The school already rated “${input.period}”: edit that one, or name this period differently` });
  if (fields.length > 0) throw validation(fields, 'Some ratings need attention. Nothing was saved.');
}

/** Every period of the school oldest first, each practice's levels across them, and goal suggestions. */
export async function selfAssessmentOverview(db: Db, school: RequestSchool) {
  const periods = await db
    .selectFrom('practice_self_assessments as s')
    .leftJoin('people as p', 'p.id', 's.recorded_by')
    .select(['s.id', 's.period', 's.rated_on', 'p.id as pid', sql<string | null>`p.given_name || ' ' || p.family_name`.as('pname')])
    .where('s.school_id', '=', school.id)
    .orderBy('s.rated_on')
    .orderBy('s.period')
    .execute();
  const ratings =
    periods.length === 0
      ? []
      : await db.selectFrom('practice_ratings').select(['self_assessment_id', 'practice', 'level', 'evidence']).where('self_assessment_id', 'in', periods.map((p) => p.id)).execute();
  const shaped = periods.map((p) => ({
    id: p.id,
    period: p.period,
    ratedOn: p.rated_on,
    ratings: ORDER.flatMap((practice) => {
      const r = ratings.find((x) => x.self_assessment_id === p.id && x.practice === practice);
      return r ? [{ practice, level: r.level, evidence: r.evidence }] : [];
    }),
    recordedBy: p.pid ? { id: p.pid, name: p.pname ?? '' } : null,
  }));
  const trend = ORDER.map((practice) => {
    const levels = shaped.map((p) => p.ratings.find((r) => r.practice === practice)?.level ?? null);
    const known = levels.filter((l): l is number => l !== null);
    return { practice, levels, change: known.length >= 2 ? known[known.length - 1]! - known[0]! : null };
  });
  const latest = shaped.at(-1);
  const lowest = latest && latest.ratings.length > 0 ? Math.min(...latest.ratings.map((r) => r.level)) : 4;
  const suggestions =
    latest && lowest < 4
      ? latest.ratings.filter((r) => r.level === lowest).map((r) => ({ practice: r.practice, level: r.level, suggestion: PRACTICES[r.practice].suggestion }))
      : [];
  return { periods: shaped, trend, suggestions, canRate: culturePolicy.canRate(school) };
}

async function writeRatings(trx: Db, id: string, input: Input) {
  await trx.deleteFrom('practice_ratings').where('self_assessment_id', '=', id).execute();
  await trx.insertInto('practice_ratings').values(input.ratings.map((r) => ({ self_assessment_id: id, practice: r.practice, level: r.level, evidence: r.evidence }))).execute();
}

/** Records the ILT's ratings of the school for one period. */
export async function createSelfAssessment(db: Db, user: SessionUser, school: RequestSchool, input: Input) {
  if (!culturePolicy.canRate(school)) throw forbidden('The instructional leadership team rates the school.');
  await check(db, school, input);
  await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('practice_self_assessments').values({ school_id: school.id, period: input.period, rated_on: input.ratedOn, recorded_by: user.id }).returning('id').executeTakeFirstOrThrow();
    await writeRatings(trx, row.id, input);
  });
  return selfAssessmentOverview(db, school);
}

async function exists(db: Db, school: RequestSchool, id: string) {
  const row = await db.selectFrom('practice_self_assessments').select('id').where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  if (!row) throw notFound('That self-assessment');
}

/** Replaces one period's ratings. */
export async function updateSelfAssessment(db: Db, user: SessionUser, school: RequestSchool, id: string, input: Input) {
  await exists(db, school, id);
  await check(db, school, input, id);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('practice_self_assessments').set({ period: input.period, rated_on: input.ratedOn, recorded_by: user.id, updated_at: new Date() }).where('id', '=', id).where('school_id', '=', school.id).execute();
    await writeRatings(trx, id, input);
  });
  return selfAssessmentOverview(db, school);
}

/** Removes one period's self-assessment. */
export async function deleteSelfAssessment(db: Db, school: RequestSchool, id: string) {
  const res = await db.deleteFrom('practice_self_assessments').where('id', '=', id).where('school_id', '=', school.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That self-assessment');
}
