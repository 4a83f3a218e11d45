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

/**
 * Every group's aggregates. A result counts when its student is actively enrolled in one of the assessment's
 * classes (for a teacher's scope: one they teach). Student-level groups (grade, subgroups) are summed from one row
 * per student; date, standard and class groups from the results themselves.
 */
export async function groupAggregates(db: Db, s: ResultScope, f: AnalysisFilter): Promise<GroupRow[]> {
  const r = await sql<{ dim: string; key: string; students: number; results: number; assessments: number; mean: string; proficient: string }>`
    WITH rc AS MATERIALIZED (
      SELECT res.student_id, a.id AS assessment_id, a.given_on, a.standards, ac.class_id,
             res.score * 100.0 / a.max_score AS pct, (res.score >= a.proficiency_cut)::int AS prof
      FROM assessments a
      JOIN assessment_classes ac ON ac.assessment_id = a.id
      JOIN enrollments e ON e.class_id = ac.class_id AND e.role = 'student' AND e.status = 'active'
      JOIN assessment_results res ON res.assessment_id = a.id AND res.student_id = e.person_id AND res.school_id = ${s.schoolId}
      JOIN people p ON p.id = res.student_id
      WHERE a.school_id = ${s.schoolId} AND a.given_on BETWEEN ${f.from}::date AND ${f.to}::date
        AND (${f.assessmentId ?? null}::uuid IS NULL OR a.id = ${f.assessmentId ?? null}::uuid)
        AND (${f.standard ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM unnest(a.standards) st WHERE lower(st) = lower(${f.standard ?? null}::text)))
        AND (${f.classId ?? null}::uuid IS NULL OR ac.class_id = ${f.classId ?? null}::uuid)
        AND (${f.grade ?? null}::text IS NULL OR ${f.grade ?? null}::text = ANY(p.grades))
        AND (${s.teacherId}::uuid IS NULL OR EXISTS (SELECT 1 FROM enrollments t
          WHERE t.class_id = ac.class_id AND t.person_id = ${s.teacherId}::uuid AND t.role = 'teacher' AND t.status = 'active'))
    ),
    -- One row per result (a student in two assessed classes of one assessment counts once).
    r AS MATERIALIZED (
      SELECT student_id, assessment_id, min(given_on) AS given_on, min(standards) AS standards, min(pct) AS pct, min(prof) AS prof
      FROM rc GROUP BY student_id, assessment_id
    ),
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
    FROM per_student ps CROSS JOIN LATERAL (
      SELECT 'grade', COALESCE(ps.grade, 'none') UNION ALL
      SELECT 'english_learner', ps.english_learner::text WHERE ps.english_learner IS NOT NULL UNION ALL
      SELECT 'special_education', ps.special_education::text WHERE ps.special_education IS NOT NULL UNION ALL
      SELECT 'free_reduced_lunch', ps.free_reduced_lunch::text WHERE ps.free_reduced_lunch IS NOT NULL UNION ALL
      SELECT 'hispanic_latino', ps.hispanic_latino::text WHERE ps.hispanic_latino IS NOT NULL UNION ALL
      SELECT 'race_ethnicity', x FROM unnest(ps.race_ethnicity) x UNION ALL
      SELECT 'gender', lower(ps.gender) WHERE ps.gender IS NOT NULL AND ps.gender <> ''
    ) AS g(dim, key)
    GROUP BY 1, 2
    UNION ALL
    SELECT 'date', to_char(given_on, 'YYYY-MM-DD'), count(DISTINCT student_id)::int, count(*)::int, 0, avg(pct), avg(prof) FROM r GROUP BY given_on
    UNION ALL
    SELECT 'standard', st, count(DISTINCT student_id)::int, count(*)::int, 0, avg(pct), avg(prof) FROM r CROSS JOIN unnest(r.standards) AS st GROUP BY st
    UNION ALL
    SELECT 'class', class_id::text, count(DISTINCT student_id)::int, count(*)::int, 0, avg(pct), avg(prof) FROM rc GROUP BY class_id`.execute(db);
  return r.rows.map((x) => ({ dim: x.dim, key: x.key, students: x.students, results: x.results, assessments: x.assessments, mean: Number(x.mean), proficient: Number(x.proficient) }));
}

/** Titles of the school's classes among `ids`. */
export async function classTitles(db: Db, schoolId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('classes').select(['id', 'title']).where('school_id', '=', schoolId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
