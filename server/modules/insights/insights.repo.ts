import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database';
import type { InsightFilters } from '../../../schemas/insights';

/** The visits an insight looks at: one school, a local date range, optional grade, subject and observer. */
export interface Scope {
  schoolId: string;
  timezone: string;
  from: string;
  to: string;
  grade?: string;
  subject?: string;
  observerId?: string;
}

/**
 * The WHERE clause over `visits v LEFT JOIN classes c` for a scope; every value is a bound parameter. Classes are
 * joined on their school as well as their id, so the planner reads one school's classes, not every class.
 */
function where(s: Scope): RawBuilder<unknown> {
  return sql`v.school_id = ${s.schoolId}
    AND v.kind = 'leader'
    AND v.started_at >= (${s.from}::date)::timestamp AT TIME ZONE ${s.timezone}
    AND v.started_at < (${s.to}::date + 1)::timestamp AT TIME ZONE ${s.timezone}
    AND (${s.grade ?? null}::text IS NULL OR ${s.grade ?? null}::text = ANY(c.grades))
    AND (${s.subject ?? null}::text IS NULL OR ${s.subject ?? null}::text = ANY(c.subjects))
    AND (${s.observerId ?? null}::uuid IS NULL OR v.observer_id = ${s.observerId ?? null}::uuid)`;
}

/** Visits per week, and visits per week with each look-for (look_for_id null = all visits). */
export async function weeklyTagCounts(db: Db, s: Scope) {
  const r = await sql<{ week: string; look_for_id: string | null; n: number; grouped: number }>`
    SELECT to_char(date_trunc('week', v.started_at AT TIME ZONE ${s.timezone}), 'YYYY-MM-DD') AS week, vl.look_for_id,
           count(DISTINCT v.id) AS n, GROUPING(vl.look_for_id) AS grouped
    FROM visits v LEFT JOIN classes c ON c.id = v.class_id AND c.school_id = ${s.schoolId} LEFT JOIN visit_look_fors vl ON vl.visit_id = v.id
    WHERE ${where(s)}
    GROUP BY GROUPING SETS ((1), (1, 2))`.execute(db);
  // GROUPING() tells the all-visits rows from the rows of visits that carry no look-for.
  return r.rows.map((x) => ({ week: x.week, lookForId: Number(x.grouped) === 1 ? null : x.look_for_id, n: Number(x.n), total: Number(x.grouped) === 1 }));
}

const BREAKDOWN_KEY = {
  grade: sql`COALESCE(c.grades[1], 'none')`,
  subject: sql`COALESCE(c.subjects[1], 'none')`,
  hour: sql`lpad(extract(hour FROM v.started_at AT TIME ZONE tz.tz)::int::text, 2, '0')`,
  observer: sql`v.observer_id::text`,
  weekday: sql`extract(isodow FROM v.started_at AT TIME ZONE tz.tz)::int::text`,
} as const;

/** Visits and look-for counts per value of the breakdown. */
export async function breakdownCounts(db: Db, s: Scope, by: InsightFilters['breakdown']) {
  const r = await sql<{ key: string; look_for_id: string | null; n: number; grouped: number }>`
    SELECT ${BREAKDOWN_KEY[by]} AS key, vl.look_for_id, count(DISTINCT v.id) AS n, GROUPING(vl.look_for_id) AS grouped
    FROM visits v CROSS JOIN (SELECT ${s.timezone}::text AS tz) tz
    LEFT JOIN classes c ON c.id = v.class_id AND c.school_id = ${s.schoolId} LEFT JOIN visit_look_fors vl ON vl.visit_id = v.id
    WHERE ${where(s)}
    GROUP BY GROUPING SETS ((1), (1, 2))`.execute(db);
  return r.rows.map((x) => ({ key: x.key, lookForId: Number(x.grouped) === 1 ? null : x.look_for_id, n: Number(x.n), total: Number(x.grouped) === 1 }));
}

/** Visits in the scope and visits per look-for (for the share of visits with each look-for). */
export async function tagShares(db: Db, s: Scope) {
  const r = await sql<{ look_for_id: string | null; n: number; grouped: number }>`
    SELECT vl.look_for_id, count(DISTINCT v.id) AS n, GROUPING(vl.look_for_id) AS grouped
    FROM visits v LEFT JOIN classes c ON c.id = v.class_id AND c.school_id = ${s.schoolId} LEFT JOIN visit_look_fors vl ON vl.visit_id = v.id
    WHERE ${where(s)}
    GROUP BY GROUPING SETS ((), (1))`.execute(db);
  const total = Number(r.rows.find((x) => Number(x.grouped) === 1)?.n ?? 0);
  const perTag = new Map(r.rows.filter((x) => Number(x.grouped) === 0 && x.look_for_id).map((x) => [x.look_for_id!, Number(x.n)]));
  return { total, perTag };
}

/** Teachers and visits per grade and per subject, to see which are seen less. */
export async function equity(db: Db, s: Scope) {
  const r = await sql<{ kind: 'grade' | 'subject'; key: string; teachers: number; visits: number }>`
    WITH teaching AS (
      SELECT DISTINCT e.person_id, g AS key, 'grade' AS kind FROM classes c JOIN enrollments e ON e.class_id = c.id AND e.role = 'teacher' AND e.status = 'active', unnest(c.grades) g
      WHERE c.school_id = ${s.schoolId} AND c.status = 'active'
      UNION
      SELECT DISTINCT e.person_id, sj, 'subject' FROM classes c JOIN enrollments e ON e.class_id = c.id AND e.role = 'teacher' AND e.status = 'active', unnest(c.subjects) sj
      WHERE c.school_id = ${s.schoolId} AND c.status = 'active'
    ), seen_classes AS MATERIALIZED (
      SELECT c.grades, c.subjects FROM visits v JOIN classes c ON c.id = v.class_id AND c.school_id = ${s.schoolId} WHERE ${where({ ...s, grade: undefined, subject: undefined })}
    ), seen AS (
      SELECT 'grade' AS kind, g AS key, count(*) AS visits FROM seen_classes, unnest(seen_classes.grades) g GROUP BY g
      UNION ALL
      SELECT 'subject', sj, count(*) FROM seen_classes, unnest(seen_classes.subjects) sj GROUP BY sj
    )
    SELECT t.kind, t.key, count(DISTINCT t.person_id) AS teachers, COALESCE(max(seen.visits), 0) AS visits
    FROM teaching t LEFT JOIN seen ON seen.kind = t.kind AND seen.key = t.key
    GROUP BY t.kind, t.key ORDER BY t.kind, t.key`.execute(db);
  return r.rows.map((x) => ({ ...x, teachers: Number(x.teachers), visits: Number(x.visits) }));
}

/** The school's look-fors (retired ones too: old visits carry them). */
export async function lookFors(db: Db, schoolId: string) {
  return db.selectFrom('look_fors').select(['id', 'name']).where('school_id', '=', schoolId).orderBy('active', 'desc').orderBy('position').execute();
}

/** Names of observers, for the observer breakdown. */
export async function peopleNames(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('people').select(['id', sql<string>`given_name || ' ' || family_name`.as('name')]).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** True when a scope has no filter the rollups cannot answer (grade, subject, observer). */
export const rollupsAnswer = (s: Scope) => !s.grade && !s.subject && !s.observerId;

/** Visits per week and per look-for per week, from the daily rollups (same shape as weeklyTagCounts). */
export async function weeklyTagCountsFromRollups(db: Db, s: Scope) {
  const r = await sql<{ week: string; look_for_id: string | null; n: number }>`
    SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, NULL AS look_for_id, sum(visits) AS n
    FROM visit_days WHERE school_id = ${s.schoolId} AND day BETWEEN ${s.from}::date AND ${s.to}::date GROUP BY 1
    UNION ALL
    SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD'), look_for_id, sum(visits)
    FROM visit_tag_days WHERE school_id = ${s.schoolId} AND day BETWEEN ${s.from}::date AND ${s.to}::date GROUP BY 1, 2`.execute(db);
  return r.rows.map((x) => ({ week: x.week, lookForId: x.look_for_id, n: Number(x.n), total: x.look_for_id === null }));
}

/** Visits and visits per look-for in a scope, from the daily rollups (same shape as tagShares). */
export async function tagSharesFromRollups(db: Db, s: Scope) {
  const r = await sql<{ look_for_id: string | null; n: number }>`
    SELECT NULL AS look_for_id, COALESCE(sum(visits), 0) AS n FROM visit_days
    WHERE school_id = ${s.schoolId} AND day BETWEEN ${s.from}::date AND ${s.to}::date
    UNION ALL
    SELECT look_for_id, sum(visits) FROM visit_tag_days
    WHERE school_id = ${s.schoolId} AND day BETWEEN ${s.from}::date AND ${s.to}::date GROUP BY look_for_id`.execute(db);
  const total = Number(r.rows.find((x) => x.look_for_id === null)?.n ?? 0);
  const perTag = new Map(r.rows.filter((x) => x.look_for_id !== null).map((x) => [x.look_for_id!, Number(x.n)]));
  return { total, perTag };
}
