import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { ResultScope } from './assessments.policy';

/** Filters of an analysis, resolved (dates always set). */
export interface AnalysisFilter {
  from: string;
  to: string;
  standard?: string;
  grade?: string;
  classId?: string;
  assessmentId?: string;
}

/** Aggregates of one group: `dim` is all, grade, date, standard, class or a subgroup dimension. */
export interface GroupRow {
  dim: string;
  key: string;
  students: number;
  results: number;
  assessments: number;
  mean: number;
  proficient: number;
}

type Raw = { dim: string; key: string; students: number; results: number; assessments: number; mean: string; proficient: string };
const toRows = (rows: Raw[]): GroupRow[] =>
  rows.map((x) => ({ dim: x.dim, key: x.key, students: x.students, results: x.results, assessments: x.assessments, mean: Number(x.mean), proficient: Number(x.proficient) }));

/** The grade and subgroup keys of a student (`ps` with grade and demographics columns), as (dim, key) rows. */
const studentGroups = sql`
      SELECT 'grade', COALESCE(ps.grade, 'none') UNION ALL
      SELECT 'english_learner', ps.english_learner::text WHERE ps.english_learner IS NOT NULL UNION ALL
      SELECT 'special_education', ps.special_education::text WHERE ps.special_education IS NOT NULL UNION ALL
      SELECT 'free_reduced_lunch', ps.free_reduced_lunch::text WHERE ps.free_reduced_lunch IS NOT NULL UNION ALL
      SELECT 'hispanic_latino', ps.hispanic_latino::text WHERE ps.hispanic_latino IS NOT NULL UNION ALL
      SELECT 'race_ethnicity', x FROM unnest(ps.race_ethnicity) x UNION ALL
      SELECT 'gender', lower(ps.gender) WHERE ps.gender IS NOT NULL AND ps.gender <> ''`;

/**
 * Every group's aggregates over the results that count (`assessment_counted_results`: one row per result whose
 * student is actively enrolled in one of the assessment's classes). The whole school without filters reads the
 * per-day rollups; a teacher's scope or any filter aggregates the counted results it selects.
 */
export async function groupAggregates(db: Db, s: ResultScope, f: AnalysisFilter): Promise<GroupRow[]> {
  const filtered = s.teacherId !== null || f.standard !== undefined || f.grade !== undefined || f.classId !== undefined || f.assessmentId !== undefined;
  return filtered ? filteredAggregates(db, s, f) : schoolAggregates(db, s.schoolId, f);
}

/**
 * The whole school over a range of dates: sums from `assessment_day_groups` (a few rows per date), distinct students
 * from the spans of dates each student has results on (`assessment_student_spans`), one row per date as it is.
 */
async function schoolAggregates(db: Db, schoolId: string, f: AnalysisFilter): Promise<GroupRow[]> {
  const r = await sql<Raw>`
    WITH days AS (
      SELECT dim, key, sum(results) AS results, sum(pct_sum) AS pct, sum(proficient) AS prof, sum(assessments) AS assessments
      FROM assessment_day_groups
      WHERE school_id = ${schoolId} AND given_on BETWEEN ${f.from}::date AND ${f.to}::date AND dim <> 'all'
      GROUP BY dim, key
      UNION ALL
      SELECT 'all', '', sum(results), sum(pct_sum), sum(proficient), sum(assessments)
      FROM assessment_day_groups
      WHERE school_id = ${schoolId} AND given_on BETWEEN ${f.from}::date AND ${f.to}::date AND dim = 'all'
      HAVING count(*) > 0
    ),
    spans AS MATERIALIZED (
      SELECT student_id, dim, key FROM assessment_student_spans
      WHERE school_id = ${schoolId} AND dates && daterange(${f.from}::date, ${f.to}::date, '[]')
    ),
    ps AS (
      SELECT p.grades[1] AS grade, d.english_learner, d.special_education, d.free_reduced_lunch, d.hispanic_latino, d.race_ethnicity, d.gender
      FROM spans s JOIN people p ON p.id = s.student_id LEFT JOIN student_demographics d ON d.person_id = s.student_id
      WHERE s.dim = 'all'
    ),
    students AS (
      SELECT dim, key, count(*) AS n FROM spans GROUP BY dim, key
      UNION ALL
      SELECT g.dim, g.key, count(*) FROM ps CROSS JOIN LATERAL (${studentGroups}) AS g(dim, key) GROUP BY 1, 2
    )
    SELECT d.dim, d.key, n.n::int AS students, d.results::int AS results, CASE WHEN d.dim = 'all' THEN d.assessments ELSE 0 END::int AS assessments,
           d.pct / d.results AS mean, d.prof::numeric / d.results AS proficient
    FROM days d JOIN students n ON n.dim = d.dim AND n.key = d.key
    UNION ALL
    SELECT 'date', to_char(given_on, 'YYYY-MM-DD'), students, results, 0, pct_sum / results, proficient::numeric / results
    FROM assessment_day_groups
    WHERE school_id = ${schoolId} AND given_on BETWEEN ${f.from}::date AND ${f.to}::date AND dim = 'all'`.execute(db);
  return toRows(r.rows);
}

/**
 * A teacher's classes, or any filter: the counted results selected, each once per (student, assessment); its
 * assessed classes narrowed to the class filter and the teacher's classes (a class breakdown counts a result in each).
 */
async function filteredAggregates(db: Db, s: ResultScope, f: AnalysisFilter): Promise<GroupRow[]> {
  const classId = f.classId ?? null;
  const r = await sql<Raw>`
    WITH taught AS (
      SELECT array_agg(t.class_id) AS ids FROM enrollments t
      WHERE ${s.teacherId}::uuid IS NOT NULL AND t.person_id = ${s.teacherId}::uuid AND t.role = 'teacher' AND t.status = 'active'
    ),
    rc AS MATERIALIZED (
      SELECT f.student_id, f.assessment_id, f.given_on, f.standards, f.pct, f.proficient AS prof,
             ARRAY(SELECT c FROM unnest(f.class_ids) c
                   WHERE (${classId}::uuid IS NULL OR c = ${classId}::uuid) AND (${s.teacherId}::uuid IS NULL OR c = ANY(taught.ids))) AS classes
      FROM assessment_counted_results f CROSS JOIN taught
      WHERE f.school_id = ${s.schoolId} AND f.given_on BETWEEN ${f.from}::date AND ${f.to}::date
        AND (${f.assessmentId ?? null}::uuid IS NULL OR f.assessment_id = ${f.assessmentId ?? null}::uuid)
        AND (${f.standard ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM unnest(f.standards) st WHERE lower(st) = lower(${f.standard ?? null}::text)))
        AND (${f.grade ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM people p WHERE p.id = f.student_id AND ${f.grade ?? null}::text = ANY(p.grades)))
    ),
    r AS MATERIALIZED (SELECT * FROM rc WHERE cardinality(classes) > 0),
    per_student AS (
      SELECT r.student_id, count(*) AS n, sum(r.pct) AS pct, sum(r.prof) AS prof, p.grades[1] AS grade,
             d.english_learner, d.special_education, d.free_reduced_lunch, d.hispanic_latino, d.race_ethnicity, d.gender
      FROM r JOIN people p ON p.id = r.student_id LEFT JOIN student_demographics d ON d.person_id = r.student_id
      GROUP BY r.student_id, p.id, d.person_id
    )
    SELECT 'all' AS dim, '' AS key, count(*)::int AS students, sum(n)::int AS results, (SELECT count(DISTINCT assessment_id) FROM r)::int AS assessments,
           sum(pct) / sum(n) AS mean, sum(prof)::numeric / sum(n) AS proficient
    FROM per_student HAVING count(*) > 0
    UNION ALL
    SELECT g.dim, g.key, count(*)::int, sum(ps.n)::int, 0, sum(ps.pct) / sum(ps.n), sum(ps.prof)::numeric / sum(ps.n)
    FROM per_student ps CROSS JOIN LATERAL (${studentGroups}) AS g(dim, key)
    GROUP BY 1, 2
    UNION ALL
    SELECT 'date', to_char(given_on, 'YYYY-MM-DD'), count(DISTINCT student_id)::int, count(*)::int, 0, avg(pct), avg(prof) FROM r GROUP BY given_on
    UNION ALL
    SELECT 'standard', st, count(DISTINCT student_id)::int, count(*)::int, 0, avg(pct), avg(prof) FROM r CROSS JOIN unnest(r.standards) AS st GROUP BY st
    UNION ALL
    SELECT 'class', c::text, count(DISTINCT student_id)::int, count(*)::int, 0, avg(pct), avg(prof) FROM r CROSS JOIN unnest(r.classes) AS c GROUP BY c`.execute(db);
  return toRows(r.rows);
}

/** Titles of the school's classes among `ids`. */
export async function classTitles(db: Db, schoolId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('classes').select(['id', 'title']).where('school_id', '=', schoolId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
