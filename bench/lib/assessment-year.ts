import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { createClass, createStaff, createStudents } from '../../db/seed/builders';

/**
 * A school year of formative assessment in one school, as the assessment and event-loop benchmarks load it: 800
 * students (grades 3-5, with subgroup flags) in 27 classes with a teacher each, two assessments a week per class for
 * 40 weeks, and a result for ~95% of the students of each. Returns the class ids.
 */
export async function seedAssessmentYear(db: Db, input: { districtId: string; schoolId: string; principalId: string }): Promise<string[]> {
  const { districtId, schoolId, principalId } = input;
  const students = await createStudents(
    db,
    districtId,
    schoolId,
    Array.from({ length: 800 }, (_, i) => ({
      givenName: `Student${i}`,
      familyName: `Bench${i}`,
      grade: String(3 + (i % 3)).padStart(2, '0'),
      demographics: { englishLearner: i % 7 === 0, specialEducation: i % 9 === 0, freeReducedLunch: i % 2 === 0, gender: i % 2 ? 'female' : 'male', raceEthnicity: [['white', 'black', 'asian'][i % 3]!], hispanicLatino: i % 4 === 0 },
    })),
  );
  const classIds: string[] = [];
  for (let c = 0; c < 27; c++) {
    const teacher = await createStaff(db, { districtId, roles: [{ role: 'teacher', schoolId }] });
    const ids = students.filter((_, i) => i % 27 === c).map((s) => s.id);
    classIds.push((await createClass(db, { districtId, schoolId, title: `Class ${c}`, grades: [String(3 + (c % 3)).padStart(2, '0')], teacherIds: [teacher.id], studentIds: ids })).id);
  }
  await sql`
    WITH made AS (
      INSERT INTO assessments (district_id, school_id, name, given_on, scale, max_score, proficiency_cut, standards, created_by)
      SELECT ${districtId}, ${schoolId}, 'Check ' || c.n || '-' || w || '-' || k, date '2026-08-20' + (w * 7 + k * 2), 'points', 10, 8,
             ARRAY[CASE k WHEN 0 THEN 'Reading' ELSE 'Math' END, 'Standard ' || (w % 6)], ${principalId}
      FROM unnest(${classIds}::uuid[]) WITH ORDINALITY AS c(id, n), generate_series(0, 39) AS w, generate_series(0, 1) AS k
      RETURNING id, name
    )
    INSERT INTO assessment_classes (assessment_id, class_id)
    SELECT m.id, c.id FROM made m JOIN unnest(${classIds}::uuid[]) WITH ORDINALITY AS c(id, n) ON split_part(m.name, '-', 1) = 'Check ' || c.n`.execute(db);
  await sql`
    INSERT INTO assessment_results (assessment_id, student_id, school_id, score, recorded_by)
    SELECT ac.assessment_id, e.person_id, ${schoolId}, abs(hashtext(ac.assessment_id::text || e.person_id::text)) % 11, ${principalId}
    FROM assessment_classes ac JOIN enrollments e ON e.class_id = ac.class_id AND e.role = 'student'
    WHERE abs(hashtext(e.person_id::text || ac.assessment_id::text)) % 20 <> 0`.execute(db);
  return classIds;
}
