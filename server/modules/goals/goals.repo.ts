import { sql } from 'kysely';
import type { Db } from '../../../db/database';

/** A goal's measure as stored. */
export interface Measure {
  standard: string;
  grade: string | null;
  thresholdPercent: number | null;
}

/**
 * Per assessment date of the school: students counted and the share of results at or above the threshold, over the
 * school's assessments tagged with the measure's standard (case-insensitive), students of the measure's grade.
 */
export async function progressPoints(db: Db, schoolId: string, m: Measure, range: { from?: string; to: string }) {
  const r = await sql<{ date: string; students: number; share: string }>`
    SELECT to_char(a.given_on, 'YYYY-MM-DD') AS date, count(DISTINCT res.student_id)::int AS students,
           avg(CASE WHEN ${m.thresholdPercent}::numeric IS NULL THEN (res.score >= a.proficiency_cut)::int
                    ELSE (res.score * 100.0 / a.max_score >= ${m.thresholdPercent}::numeric)::int END) AS share
    FROM assessments a
    JOIN assessment_results res ON res.assessment_id = a.id AND res.school_id = a.school_id
    JOIN people p ON p.id = res.student_id
    WHERE a.school_id = ${schoolId}
      AND EXISTS (SELECT 1 FROM unnest(a.standards) st WHERE lower(st) = lower(${m.standard}))
      AND (${m.grade}::text IS NULL OR ${m.grade}::text = ANY(p.grades))
      AND (${range.from ?? null}::date IS NULL OR a.given_on >= ${range.from ?? null}::date)
      AND a.given_on <= ${range.to}::date
    GROUP BY a.given_on
    ORDER BY a.given_on`.execute(db);
  return r.rows.map((x) => ({ date: x.date, students: x.students, share: Number(x.share) }));
}

/** Visits tagged with each look-for per week (Monday), from the daily rollup of the school. */
export async function lookForWeeks(db: Db, schoolId: string, lookForIds: string[], from: string, to: string) {
  if (lookForIds.length === 0) return [];
  const r = await sql<{ look_for_id: string; week: string; visits: number }>`
    SELECT look_for_id, to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, sum(visits)::int AS visits
    FROM visit_tag_days
    WHERE school_id = ${schoolId} AND look_for_id = ANY(${lookForIds}::uuid[]) AND day BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1, 2`.execute(db);
  return r.rows;
}

/** The look-fors linked to each goal of the school. */
export async function linkedLookFors(db: Db, schoolId: string, goalIds: string[]) {
  if (goalIds.length === 0) return [];
  return db
    .selectFrom('school_goal_look_fors as g')
    .innerJoin('look_fors as l', 'l.id', 'g.look_for_id')
    .select(['g.goal_id', 'l.id', 'l.name'])
    .where('l.school_id', '=', schoolId)
    .where('g.goal_id', 'in', goalIds)
    .orderBy('l.position')
    .orderBy('l.name')
    .execute();
}
