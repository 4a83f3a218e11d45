import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClass, createStudents } from '../../../db/seed/builders';
import { makeDistrict, testApp, type TestContext } from '../../test/helpers';
import { groupAggregates, type AnalysisFilter } from './analysis.repo';
import type { ResultScope } from './assessments.policy';

/**
 * The assessment rollups kept by triggers (counted results, day groups, student spans) must always give the same
 * analysis as aggregating the raw results, enrollments and demographics, whatever changes: scores written, changed or
 * removed; students joining, leaving or changing classes; grades and demographics changing; assessments re-dated,
 * re-scaled, re-tagged, re-classed or deleted.
 */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let students: string[];
let classes: string[];
let assessments: string[];
const GRADES = ['03', '04', '05'];
const RACES = ['white', 'black', 'asian'];
const STANDARDS = ['Reading', 'Math', 'RL.3.2'];
const DATES = ['2026-10-05', '2026-10-06', '2026-10-12', '2026-10-19'];

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  students = (
    await createStudents(
      t.db,
      fx.district.id,
      fx.school.id,
      Array.from({ length: 12 }, (_, i) => ({
        givenName: `P${i}`,
        familyName: 'Prop',
        grade: GRADES[i % 3]!,
        demographics: { englishLearner: i % 3 === 0, freeReducedLunch: i % 2 === 0, gender: i % 2 ? 'Female' : 'male', raceEthnicity: [RACES[i % 3]!] },
      })),
    )
  ).map((s) => s.id);
  const teachers = [fx.users.teacher.id, fx.otherTeacher.id, fx.users.teacher.id];
  classes = [];
  for (let c = 0; c < 3; c++) {
    const members = students.filter((_, i) => i % 3 === c || i === 11);
    classes.push((await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: `Prop ${c}`, teacherIds: [teachers[c]!], studentIds: members })).id);
  }
  assessments = [];
  for (let a = 0; a < 4; a++) {
    const row = await t.db
      .insertInto('assessments')
      .values({ district_id: fx.district.id, school_id: fx.school.id, name: `P${a}`, given_on: DATES[a % DATES.length]!, scale: 'points', max_score: 10, proficiency_cut: 7, standards: [STANDARDS[a % 3]!], created_by: fx.users.principal.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    assessments.push(row.id);
    await t.db.insertInto('assessment_classes').values([{ assessment_id: row.id, class_id: classes[a % 3]! }, ...(a === 0 ? [{ assessment_id: row.id, class_id: classes[1]! }] : [])]).execute();
  }
});
afterAll(() => t.close());

/** The analysis aggregates straight from the raw tables (the query the rollups replaced). */
async function rawAggregates(s: ResultScope, f: AnalysisFilter) {
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
    SELECT 'class', class_id::text, count(DISTINCT student_id)::int, count(*)::int, 0, avg(pct), avg(prof) FROM rc GROUP BY class_id`.execute(t.db);
  return r.rows.map((x) => ({ ...x, mean: Number(x.mean), proficient: Number(x.proficient) }));
}

const sorted = <T extends { dim: string; key: string }>(rows: T[]) => [...rows].sort((a, b) => a.dim.localeCompare(b.dim) || a.key.localeCompare(b.key));

/** Rows in which the table and its definition differ (0 when the rollups are exact). */
async function rollupDifferences() {
  const counted = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      (SELECT * FROM assessment_counted_results EXCEPT SELECT * FROM assessment_counted_results_source)
      UNION ALL (SELECT * FROM assessment_counted_results_source EXCEPT SELECT * FROM assessment_counted_results)) x`.execute(t.db);
  const days = await sql<{ n: number }>`
    WITH fresh AS (
      SELECT k.school_id, k.given_on, g.* FROM (SELECT DISTINCT school_id, given_on FROM assessment_counted_results) k
      CROSS JOIN LATERAL assessment_day_groups_of(k.school_id, k.given_on) g)
    SELECT count(*)::int AS n FROM (
      (SELECT * FROM assessment_day_groups EXCEPT SELECT * FROM fresh) UNION ALL (SELECT * FROM fresh EXCEPT SELECT * FROM assessment_day_groups)) x`.execute(t.db);
  const spans = await sql<{ n: number }>`
    WITH fresh AS (
      SELECT g.school_id, k.student_id, g.dim, g.key, g.dates FROM (SELECT DISTINCT student_id FROM assessment_counted_results) k
      CROSS JOIN LATERAL assessment_student_spans_of(k.student_id) g)
    SELECT count(*)::int AS n FROM (
      (SELECT * FROM assessment_student_spans EXCEPT SELECT * FROM fresh) UNION ALL (SELECT * FROM fresh EXCEPT SELECT * FROM assessment_student_spans)) x`.execute(t.db);
  return { counted: counted.rows[0]!.n, days: days.rows[0]!.n, spans: spans.rows[0]!.n };
}

const pick = <T>(list: T[], i: number) => list[i % list.length]!;
const op = fc.oneof(
  fc.record({ kind: fc.constant('score' as const), a: fc.nat(), s: fc.nat(), score: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('scores' as const), a: fc.nat(), score: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('unscore' as const), a: fc.nat(), s: fc.nat() }),
  fc.record({ kind: fc.constant('enroll' as const), c: fc.nat(), s: fc.nat() }),
  fc.record({ kind: fc.constant('unenroll' as const), c: fc.nat(), s: fc.nat() }),
  fc.record({ kind: fc.constant('toggle' as const), c: fc.nat(), s: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), c: fc.nat(), s: fc.nat() }),
  fc.record({ kind: fc.constant('grade' as const), s: fc.nat(), g: fc.nat() }),
  fc.record({ kind: fc.constant('demographics' as const), s: fc.nat(), el: fc.option(fc.boolean()), race: fc.nat(), gender: fc.constantFrom('female', 'Male', '', null) }),
  fc.record({ kind: fc.constant('forget' as const), s: fc.nat() }),
  fc.record({ kind: fc.constant('redate' as const), a: fc.nat(), d: fc.nat() }),
  fc.record({ kind: fc.constant('rescale' as const), a: fc.nat(), max: fc.integer({ min: 10, max: 12 }), cut: fc.integer({ min: 5, max: 9 }) }),
  fc.record({ kind: fc.constant('retag' as const), a: fc.nat(), tags: fc.subarray(STANDARDS) }),
  fc.record({ kind: fc.constant('addClass' as const), a: fc.nat(), c: fc.nat() }),
  fc.record({ kind: fc.constant('dropClass' as const), a: fc.nat(), c: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), a: fc.nat() }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

async function apply(o: Op) {
  const db = t.db;
  switch (o.kind) {
    case 'score':
      await sql`INSERT INTO assessment_results (assessment_id, student_id, school_id, score, recorded_by)
        VALUES (${pick(assessments, o.a)}, ${pick(students, o.s)}, ${fx.school.id}, ${o.score}, ${fx.users.principal.id})
        ON CONFLICT (assessment_id, student_id) DO UPDATE SET score = EXCLUDED.score`.execute(db);
      return;
    case 'scores': {
      // A whole class at once, as the results grid saves it.
      const a = pick(assessments, o.a);
      await sql`INSERT INTO assessment_results (assessment_id, student_id, school_id, score, recorded_by)
        SELECT ${a}::uuid, e.person_id, ${fx.school.id}::uuid, (${o.score} + row_number() OVER ()) % 11, ${fx.users.principal.id}::uuid
        FROM (SELECT DISTINCT e.person_id FROM assessment_classes ac JOIN enrollments e ON e.class_id = ac.class_id AND e.role = 'student' WHERE ac.assessment_id = ${a}) e
        ON CONFLICT (assessment_id, student_id) DO UPDATE SET score = EXCLUDED.score`.execute(db);
      return;
    }
    case 'unscore':
      await db.deleteFrom('assessment_results').where('assessment_id', '=', pick(assessments, o.a)).where('student_id', '=', pick(students, o.s)).execute();
      return;
    case 'enroll': // a second enrollment in the same class is allowed, as a roster can carry one
      await db.insertInto('enrollments').values({ district_id: fx.district.id, sourced_id: `prop-${Math.random()}`, class_id: pick(classes, o.c), school_id: fx.school.id, person_id: pick(students, o.s), role: 'student' }).execute();
      return;
    case 'unenroll':
      await db.deleteFrom('enrollments').where('class_id', '=', pick(classes, o.c)).where('person_id', '=', pick(students, o.s)).execute();
      return;
    case 'toggle':
      await sql`UPDATE enrollments SET status = CASE status WHEN 'active' THEN 'inactive' ELSE 'active' END
        WHERE class_id = ${pick(classes, o.c)} AND person_id = ${pick(students, o.s)} AND role = 'student'`.execute(db);
      return;
    case 'move':
      await db.updateTable('enrollments').set({ class_id: pick(classes, o.c + 1) }).where('class_id', '=', pick(classes, o.c)).where('person_id', '=', pick(students, o.s)).execute();
      return;
    case 'grade':
      await db.updateTable('people').set({ grades: [pick(GRADES, o.g)] }).where('id', '=', pick(students, o.s)).execute();
      return;
    case 'demographics':
      await sql`INSERT INTO student_demographics (person_id, english_learner, race_ethnicity, gender)
        VALUES (${pick(students, o.s)}, ${o.el}, ${[pick(RACES, o.race)]}, ${o.gender})
        ON CONFLICT (person_id) DO UPDATE SET english_learner = EXCLUDED.english_learner, race_ethnicity = EXCLUDED.race_ethnicity, gender = EXCLUDED.gender`.execute(db);
      return;
    case 'forget':
      await db.deleteFrom('student_demographics').where('person_id', '=', pick(students, o.s)).execute();
      return;
    case 'redate':
      await db.updateTable('assessments').set({ given_on: pick(DATES, o.d) }).where('id', '=', pick(assessments, o.a)).execute();
      return;
    case 'rescale':
      await db.updateTable('assessments').set({ max_score: o.max, proficiency_cut: o.cut }).where('id', '=', pick(assessments, o.a)).execute();
      return;
    case 'retag':
      await db.updateTable('assessments').set({ standards: o.tags }).where('id', '=', pick(assessments, o.a)).execute();
      return;
    case 'addClass':
      await sql`INSERT INTO assessment_classes (assessment_id, class_id) VALUES (${pick(assessments, o.a)}, ${pick(classes, o.c)}) ON CONFLICT DO NOTHING`.execute(db);
      return;
    case 'dropClass':
      await db.deleteFrom('assessment_classes').where('assessment_id', '=', pick(assessments, o.a)).where('class_id', '=', pick(classes, o.c)).execute();
      return;
    case 'replace': {
      // Deleting an assessment removes its results (and their counts); a new one takes its place.
      const i = o.a % assessments.length;
      await db.deleteFrom('assessments').where('id', '=', assessments[i]!).execute();
      const row = await db
        .insertInto('assessments')
        .values({ district_id: fx.district.id, school_id: fx.school.id, name: 'Replacement', given_on: pick(DATES, o.a), scale: 'percent', max_score: 100, proficiency_cut: 80, standards: ['Reading', 'Math'], created_by: fx.users.principal.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('assessment_classes').values({ assessment_id: row.id, class_id: pick(classes, o.a) }).execute();
      assessments[i] = row.id;
      return;
    }
  }
}

it('give the same analysis as the raw tables through any sequence of changes, for every scope and filter', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), fc.nat(), async (ops, seed) => {
      for (const o of ops) await apply(o);
      expect(await rollupDifferences()).toEqual({ counted: 0, days: 0, spans: 0 });
      const school: ResultScope = { schoolId: fx.school.id, districtId: fx.district.id, teacherId: null };
      const teacher: ResultScope = { ...school, teacherId: fx.users.teacher.id };
      const year = { from: '2026-08-17', to: '2027-06-04' };
      const cases: [ResultScope, AnalysisFilter][] = [
        [school, year],
        [school, { from: '2026-10-06', to: '2026-10-12' }],
        [teacher, year],
        [school, { ...year, classId: pick(classes, seed) }],
        [teacher, { ...year, classId: pick(classes, seed) }],
        [school, { ...year, grade: pick(GRADES, seed) }],
        [school, { ...year, standard: pick(STANDARDS, seed).toLowerCase() }],
        [school, { ...year, assessmentId: pick(assessments, seed) }],
      ];
      for (const [scope, filter] of cases) {
        expect(sorted(await groupAggregates(t.db, scope, filter)), JSON.stringify(filter)).toEqual(sorted(await rawAggregates(scope, filter)));
      }
    }),
    { numRuns: 12 },
  );
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM assessment_counted_results`.execute(t.db);
  expect(total.rows[0]!.n).toBeGreaterThan(0);
});

it('stay exact when two teachers save results of the same day at the same time', async () => {
  await t.db.updateTable('assessments').set({ given_on: DATES[0]! }).where('id', 'in', assessments.slice(0, 2)).execute();
  const save = (a: string, score: number) =>
    t.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO assessment_results (assessment_id, student_id, school_id, score, recorded_by)
        SELECT ${a}::uuid, s, ${fx.school.id}::uuid, ${score}, ${fx.users.principal.id}::uuid FROM unnest(${students}::uuid[]) AS s
        ON CONFLICT (assessment_id, student_id) DO UPDATE SET score = EXCLUDED.score`.execute(trx);
      await sql`SELECT pg_sleep(0.2)`.execute(trx); // both are open at once
    });
  await Promise.all([save(assessments[0]!, 3), save(assessments[1]!, 9)]);
  expect(await rollupDifferences()).toEqual({ counted: 0, days: 0, spans: 0 });
});
