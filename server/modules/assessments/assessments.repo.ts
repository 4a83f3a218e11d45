import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { ResultScope } from './assessments.policy';

/** `EXISTS` one of the assessment's classes taught by the scope's teacher (always true for a whole-school scope). */
const taughtBy = (s: ResultScope, classColumn: ReturnType<typeof sql.ref>) => sql`(${s.teacherId}::uuid IS NULL OR EXISTS (
  SELECT 1 FROM enrollments t WHERE t.class_id = ${classColumn} AND t.person_id = ${s.teacherId}::uuid AND t.role = 'teacher' AND t.status = 'active'))`;

/** The active classes of the school among `ids` (taught by the scope's teacher when it has one). */
export async function classesOf(db: Db, s: ResultScope, ids: string[]) {
  if (ids.length === 0) return [];
  const r = await sql<{ id: string; title: string }>`
    SELECT c.id, c.title FROM classes c
    WHERE c.school_id = ${s.schoolId} AND c.status = 'active' AND c.id = ANY(${ids}::uuid[]) AND ${taughtBy(s, sql.ref('c.id'))}`.execute(db);
  return r.rows;
}

/** One assessment row as the service reads it. */
export interface AssessmentRow {
  id: string;
  name: string;
  given_on: string;
  scale: 'points' | 'percent' | 'rubric';
  max_score: string;
  proficiency_cut: string;
  standards: string[];
  created_by: string;
  creator_name: string;
  classes: { id: string; title: string }[];
  result_count: number;
}

/** Assessments of the school the scope may see, newest first, with their classes and visible result counts. */
export async function findAssessments(db: Db, s: ResultScope, f: { id?: string; classId?: string; from?: string; to?: string; limit?: number }) {
  const r = await sql<AssessmentRow>`
    SELECT a.id, a.name, a.given_on, a.scale, a.max_score, a.proficiency_cut, a.standards, a.created_by,
           p.given_name || ' ' || p.family_name AS creator_name,
           (SELECT json_agg(json_build_object('id', c.id, 'title', c.title) ORDER BY c.title)
              FROM assessment_classes ac JOIN classes c ON c.id = ac.class_id WHERE ac.assessment_id = a.id) AS classes,
           (SELECT count(*)::int FROM assessment_results res WHERE res.assessment_id = a.id AND EXISTS (
              SELECT 1 FROM assessment_classes ac JOIN enrollments e ON e.class_id = ac.class_id AND e.person_id = res.student_id
                AND e.role = 'student' AND e.status = 'active'
              WHERE ac.assessment_id = a.id AND ${taughtBy(s, sql.ref('ac.class_id'))})) AS result_count
    FROM assessments a JOIN people p ON p.id = a.created_by
    WHERE a.school_id = ${s.schoolId}
      AND (${f.id ?? null}::uuid IS NULL OR a.id = ${f.id ?? null}::uuid)
      AND (${f.classId ?? null}::uuid IS NULL OR EXISTS (SELECT 1 FROM assessment_classes ac WHERE ac.assessment_id = a.id AND ac.class_id = ${f.classId ?? null}::uuid))
      AND (${f.from ?? null}::date IS NULL OR a.given_on >= ${f.from ?? null}::date)
      AND (${f.to ?? null}::date IS NULL OR a.given_on <= ${f.to ?? null}::date)
      AND EXISTS (SELECT 1 FROM assessment_classes ac WHERE ac.assessment_id = a.id AND ${taughtBy(s, sql.ref('ac.class_id'))})
    ORDER BY a.given_on DESC, a.created_at DESC
    LIMIT ${f.limit ?? 500}`.execute(db);
  return r.rows.map((row) => ({ ...row, classes: row.classes ?? [] }));
}

/** A student of the assessed classes the scope may see. */
export interface StudentRow {
  id: string;
  name: string;
  sourced_id: string;
  class_ids: string[];
}

/** Students actively enrolled in the assessment's classes (those the scope's teacher teaches), by family name. */
export async function studentsOf(db: Db, s: ResultScope, assessmentId: string) {
  const r = await sql<StudentRow>`
    SELECT p.id, p.given_name || ' ' || p.family_name AS name, p.sourced_id, array_agg(DISTINCT ac.class_id) AS class_ids
    FROM assessment_classes ac
    JOIN enrollments e ON e.class_id = ac.class_id AND e.role = 'student' AND e.status = 'active' AND e.school_id = ${s.schoolId}
    JOIN people p ON p.id = e.person_id AND p.kind = 'student'
    WHERE ac.assessment_id = ${assessmentId} AND ${taughtBy(s, sql.ref('ac.class_id'))}
    GROUP BY p.id
    ORDER BY p.family_name, p.given_name, p.id`.execute(db);
  return r.rows;
}

/** Scores recorded for an assessment, by student. */
export async function scoresOf(db: Db, schoolId: string, assessmentId: string) {
  const rows = await db.selectFrom('assessment_results').select(['student_id', 'score']).where('school_id', '=', schoolId).where('assessment_id', '=', assessmentId).execute();
  return new Map(rows.map((r) => [r.student_id, Number(r.score)]));
}

/** Writes results in one statement (insert or replace) and removes the ones given as null. */
export async function saveScores(db: Db, schoolId: string, assessmentId: string, actorId: string, scores: { studentId: string; score: number }[], removals: string[]) {
  if (scores.length > 0) {
    await sql`
      INSERT INTO assessment_results AS r (assessment_id, student_id, school_id, score, recorded_by)
      SELECT ${assessmentId}::uuid, x.student_id, ${schoolId}::uuid, x.score, ${actorId}::uuid
      FROM unnest(${scores.map((s) => s.studentId)}::uuid[], ${scores.map((s) => s.score)}::numeric[]) AS x(student_id, score)
      ON CONFLICT (assessment_id, student_id) DO UPDATE SET score = EXCLUDED.score, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`.execute(db);
  }
  if (removals.length === 0) return 0;
  const res = await db.deleteFrom('assessment_results').where('school_id', '=', schoolId).where('assessment_id', '=', assessmentId).where('student_id', 'in', removals).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** One student's results on the school's assessments the scope may see (a teacher: classes they teach the student in). */
export async function studentResults(db: Db, s: ResultScope, studentId: string) {
  const r = await sql<{ assessment_id: string; name: string; given_on: string; standards: string[]; score: string; max_score: string; proficiency_cut: string }>`
    SELECT a.id AS assessment_id, a.name, a.given_on, a.standards, res.score, a.max_score, a.proficiency_cut
    FROM assessment_results res JOIN assessments a ON a.id = res.assessment_id
    WHERE res.school_id = ${s.schoolId} AND a.school_id = ${s.schoolId} AND res.student_id = ${studentId}
      AND EXISTS (SELECT 1 FROM assessment_classes ac
        JOIN enrollments e ON e.class_id = ac.class_id AND e.person_id = res.student_id AND e.role = 'student' AND e.status = 'active'
        WHERE ac.assessment_id = a.id AND ${taughtBy(s, sql.ref('ac.class_id'))})
    ORDER BY a.given_on, a.name`.execute(db);
  return r.rows;
}

/** The student, when they are a student of this school that the scope may see (a teacher: one they teach). */
export async function findStudent(db: Db, s: ResultScope, studentId: string) {
  const r = await sql<{ id: string; name: string; sourced_id: string; grade: string | null }>`
    SELECT p.id, p.given_name || ' ' || p.family_name AS name, p.sourced_id, p.grades[1] AS grade
    FROM people p
    WHERE p.id = ${studentId} AND p.kind = 'student'
      AND EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = p.id AND e.school_id = ${s.schoolId} AND e.role = 'student' AND e.status = 'active'
        AND ${taughtBy(s, sql.ref('e.class_id'))})`.execute(db);
  return r.rows[0];
}

/** The school's minimum group size for suppression (10 when never set). */
export async function minimumGroupSize(db: Db, schoolId: string): Promise<number> {
  const row = await db.selectFrom('school_assessment_settings').select('minimum_group_size').where('school_id', '=', schoolId).executeTakeFirst();
  return row?.minimum_group_size ?? 10;
}
