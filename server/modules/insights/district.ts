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
  const rows = await sql<{ school_id: string; school_name: string; look_for: string | null; n: number; grouped: number }>`
    SELECT s.id AS school_id, s.name AS school_name, l.name AS look_for, count(DISTINCT v.id) AS n, GROUPING(l.name) AS grouped
    FROM schools s
    JOIN visits v ON v.school_id = s.id
      AND v.started_at >= (${from}::date)::timestamp AT TIME ZONE s.timezone
      AND v.started_at < (${to}::date + 1)::timestamp AT TIME ZONE s.timezone
    LEFT JOIN visit_look_fors vl ON vl.visit_id = v.id
    LEFT JOIN look_fors l ON l.id = vl.look_for_id
    WHERE s.district_id = ${user.districtId} AND s.status = 'active'
    GROUP BY GROUPING SETS ((s.id, s.name), (s.id, s.name, l.name))`.execute(db);
  const schools = await db.selectFrom('schools').select(['id', 'name']).where('district_id', '=', user.districtId).where('status', '=', 'active').orderBy('name').execute();
  const names = new Set<string>();
  const bySchool = new Map<string, { visits: number; tags: Map<string, number> }>();
  for (const r of rows.rows) {
    const entry = bySchool.get(r.school_id) ?? { visits: 0, tags: new Map<string, number>() };
    if (Number(r.grouped) === 1) entry.visits = Number(r.n);
    else if (r.look_for) {
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
