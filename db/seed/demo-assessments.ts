import { sql } from 'kysely';
import type { Db } from '../database';
import { rng } from './demo';

/** Weeks of short assessments the demo school has (the most recent up to yesterday). */
const WEEKS = 14;

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** A 1-4 rubric level for a skill level from 0 to 1: about 40% at level 3 or above in the first weeks, rising. */
const rubricLevel = (level: number) => (level < 0.45 ? 1 : level < 0.72 ? 2 : level < 0.88 ? 3 : 4);

/** The elementary classes assessed weekly: grade 3 literacy on a 1-4 rubric, grade 5 math in points out of 10. */
const SERIES = [
  { grade: '03', title: 'Grade 3 Literacy', standards: [['Reading', 'RL.3.1 Ask and answer questions'], ['Reading', 'RL.3.2 Main idea'], ['Reading', 'RL.3.3 Characters']], scale: 'rubric' as const, max: 4, cut: 3, name: 'Reading check' },
  { grade: '05', title: 'Grade 5 Math', standards: [['Math', '5.NF.1 Add fractions'], ['Math', '5.NF.4 Multiply fractions'], ['Math', '5.NBT.7 Decimals']], scale: 'points' as const, max: 10, cut: 8, name: 'Math exit ticket' },
];

/**
 * The demo elementary school's vision, goals linked to look-fors, and a term of weekly short assessments with
 * realistic scores: growth over the weeks, and gaps by subgroup (English learners, special education, free/reduced
 * lunch) for the analysis to show. Deterministic, a few statements per class.
 */
export async function seedDemoAssessments(db: Db, input: { districtId: string; schoolId: string; principalId: string; today: string }) {
  const r = rng(4242);
  await db
    .insertInto('school_visions')
    .values({
      school_id: input.schoolId,
      vision: 'Every Maple Grove student reads, writes and reasons mathematically at or above grade level, and can explain their thinking.',
      for_students: 'We explain our thinking, ask questions, and use feedback to improve.',
      for_teachers: 'We check for understanding every day and adjust teaching to what students show us.',
      for_principals: 'We are in classrooms every day, share what we see, and protect time for teams to look at student work.',
      for_staff: 'We know every child by name and make every space a place to learn.',
      updated_by: input.principalId,
    })
    .execute();
  const lookFor = async (name: string) => (await db.selectFrom('look_fors').select('id').where('school_id', '=', input.schoolId).where('name', '=', name).executeTakeFirst())?.id;
  const goals = [
    { title: 'Every grade 3 student reads at grade level', description: 'Students at or above level 3 on the weekly reading checks.', standard: 'Reading', grade: '03', threshold_percent: null, baseline_percent: 42, target_percent: 75, lookFor: 'Checking for understanding' },
    { title: 'Grade 5 fractions and decimals at 80%', description: 'Students scoring 80% or more on the weekly math exit tickets.', standard: 'Math', grade: '05', threshold_percent: 80, baseline_percent: 38, target_percent: 70, lookFor: 'Student discourse' },
  ];
  for (const [i, g] of goals.entries()) {
    const row = await db
      .insertInto('school_goals')
      .values({ school_id: input.schoolId, title: g.title, description: g.description, standard: g.standard, grade: g.grade, threshold_percent: g.threshold_percent, baseline_percent: g.baseline_percent, target_percent: g.target_percent, target_date: '2027-05-28', position: i, created_by: input.principalId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = await lookFor(g.lookFor);
    if (id) await db.insertInto('school_goal_look_fors').values({ goal_id: row.id, look_for_id: id }).execute();
  }

  // Thursdays of the last WEEKS weeks before today.
  const back = (new Date(`${input.today}T12:00:00Z`).getUTCDay() + 3) % 7 || 7;
  const lastThursday = addDays(input.today, -back);
  const dates = Array.from({ length: WEEKS }, (_, w) => addDays(lastThursday, -7 * (WEEKS - 1 - w))).filter((d) => d >= '2026-08-27');
  for (const series of SERIES) {
    const classes = await sql<{ id: string; teacher_id: string }>`
      SELECT c.id, (SELECT e.person_id FROM enrollments e WHERE e.class_id = c.id AND e.role = 'teacher' LIMIT 1) AS teacher_id
      FROM classes c WHERE c.school_id = ${input.schoolId} AND c.title LIKE ${`${series.title} —%`} ORDER BY c.title`.execute(db);
    for (const cls of classes.rows) {
      const students = await sql<{ id: string; el: boolean | null; sped: boolean | null; frl: boolean | null }>`
        SELECT e.person_id AS id, d.english_learner AS el, d.special_education AS sped, d.free_reduced_lunch AS frl
        FROM enrollments e LEFT JOIN student_demographics d ON d.person_id = e.person_id
        WHERE e.class_id = ${cls.id} AND e.role = 'student' ORDER BY e.person_id`.execute(db);
      // A stable "where the student starts" per student, lowered where the school has not yet served a group well.
      const start = students.rows.map((s) => 0.62 + r.next() * 0.3 - (s.el ? 0.17 : 0) - (s.sped ? 0.14 : 0) - (s.frl ? 0.06 : 0));
      const made = await db
        .insertInto('assessments')
        .values(dates.map((d, w) => ({ district_id: input.districtId, school_id: input.schoolId, name: `${series.name} ${w + 1}`, given_on: d, scale: series.scale, max_score: series.max, proficiency_cut: series.cut, standards: series.standards[w % 3]!, created_by: cls.teacher_id })))
        .returning('id')
        .execute();
      await db.insertInto('assessment_classes').values(made.map((a) => ({ assessment_id: a.id, class_id: cls.id }))).execute();
      const results = made.flatMap((a, w) =>
        students.rows.flatMap((s, i) => {
          if (r.chance(0.04)) return []; // absent that day
          const level = Math.min(1, Math.max(0, start[i]! + w * 0.008 + (r.next() - 0.5) * 0.22));
          const score = series.scale === 'rubric' ? rubricLevel(level) : Math.round(level * series.max);
          return [{ assessment_id: a.id, student_id: s.id, school_id: input.schoolId, score, recorded_by: cls.teacher_id }];
        }),
      );
      if (results.length > 0) await db.insertInto('assessment_results').values(results).execute();
    }
  }
}
