import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { SessionUser } from '../../http/access';
import { addDays, localParts, mondayOf } from '../visits/school-time';

/** Groups smaller than this are not shown: too few visits to be a pattern, and too close to a person. */
export const MINIMUM_VISITS = 5;

/** Look-for shares per school of the user's district: counts and rates only, never text; small groups suppressed. */
export async function districtInsights(db: Db, user: SessionUser, range: { from?: string; to?: string }, now: Date) {
  const today = localParts(now, 'America/Chicago').date;
  const to = range.to ?? today;
  const from = range.from ?? addDays(mondayOf(to), -77);
  // Read from the daily rollups the triggers keep: a district of 1,000 schools is thousands of rows, not millions.
  const rows = await sql<{ school_id: string; look_for: string | null; n: number }>`
    SELECT d.school_id, NULL AS look_for, sum(d.visits) AS n
    FROM visit_days d JOIN schools s ON s.id = d.school_id
    WHERE s.district_id = ${user.districtId} AND s.status = 'active' AND d.day BETWEEN ${from}::date AND ${to}::date
    GROUP BY d.school_id
    UNION ALL
    SELECT t.school_id, l.name, sum(t.visits)
    FROM visit_tag_days t JOIN schools s ON s.id = t.school_id JOIN look_fors l ON l.id = t.look_for_id
    WHERE s.district_id = ${user.districtId} AND s.status = 'active' AND t.day BETWEEN ${from}::date AND ${to}::date
    GROUP BY t.school_id, l.name`.execute(db);
  const schools = await db.selectFrom('schools').select(['id', 'name']).where('district_id', '=', user.districtId).where('status', '=', 'active').orderBy('name').execute();
  const names = new Set<string>();
  const bySchool = new Map<string, { visits: number; tags: Map<string, number> }>();
  for (const r of rows.rows) {
    const entry = bySchool.get(r.school_id) ?? { visits: 0, tags: new Map<string, number>() };
    if (r.look_for === null) entry.visits = Number(r.n);
    else if (Number(r.n) > 0) {
      entry.tags.set(r.look_for, Number(r.n));
      names.add(r.look_for);
    }
    bySchool.set(r.school_id, entry);
  }
  return {
    range: { from, to },
    minimumVisits: MINIMUM_VISITS,
    lookFors: [...names].sort(),
    schools: schools.map((s) => {
      const entry = bySchool.get(s.id);
      const visits = entry?.visits ?? 0;
      const suppressed = visits < MINIMUM_VISITS;
      return {
        id: s.id,
        name: s.name,
        visits: suppressed ? null : visits,
        suppressed,
        lookForShares: suppressed || !entry ? {} : Object.fromEntries([...entry.tags].map(([k, n]) => [k, Math.round((n / visits) * 1000) / 1000])),
      };
    }),
  };
}
