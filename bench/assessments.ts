/**
 * Assessment benchmarks on the real app and a real database.
 *
 *   npx tsx bench/assessments.ts                                   embedded PostgreSQL in a temporary folder
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/assessments.ts   a fresh database on that server
 *   BENCH_REQUESTS=200                                             sequential requests per measurement (default shown)
 *
 * A school with 800 students in 27 classes of ~30, each class with two short assessments a week for a school year
 * (40 weeks) and a result for nearly every student. Measures:
 * 1. PUT /api/schools/{id}/assessments/{id}/results with 30 results (a teacher saving a class's scores).
 * 2. GET /api/schools/{id}/assessment-analysis over the whole year (every breakdown and subgroup, with suppression):
 *    the whole school reads the rollups (assessment_day_groups, assessment_student_spans).
 * 3. The same with a grade filter: a filtered question aggregates the counted results it selects.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createClass, createDistrict, createSchool, createStaff, createStudents } from '../db/seed/builders';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/modules/auth/passwords';
import { benchDatabase } from './lib/database';
import { runBenchmark } from './lib/run';
import { pct } from './lib/stats';

const requests = Number(process.env.BENCH_REQUESTS ?? 200);
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), max: sorted[sorted.length - 1]! };
};

async function main() {
  const bench = await benchDatabase();
  const { db } = bench;
  try {
    const t0 = performance.now();
    const district = await createDistrict(db);
    const school = await createSchool(db, { districtId: district.id });
    const password = 'benchmark password 1';
    const principal = await createStaff(db, { districtId: district.id, roles: [{ role: 'principal', schoolId: school.id }], passwordHash: await hashPassword(password) });
    const students = await createStudents(
      db,
      district.id,
      school.id,
      Array.from({ length: 800 }, (_, i) => ({
        givenName: `Student${i}`,
        familyName: `Bench${i}`,
        grade: String(3 + (i % 3)).padStart(2, '0'),
        demographics: { englishLearner: i % 7 === 0, specialEducation: i % 9 === 0, freeReducedLunch: i % 2 === 0, gender: i % 2 ? 'female' : 'male', raceEthnicity: [['white', 'black', 'asian'][i % 3]!], hispanicLatino: i % 4 === 0 },
      })),
    );
    const classIds: string[] = [];
    for (let c = 0; c < 27; c++) {
      const teacher = await createStaff(db, { districtId: district.id, roles: [{ role: 'teacher', schoolId: school.id }] });
      const ids = students.filter((_, i) => i % 27 === c).map((s) => s.id);
      classIds.push((await createClass(db, { districtId: district.id, schoolId: school.id, title: `Class ${c}`, grades: [String(3 + (c % 3)).padStart(2, '0')], teacherIds: [teacher.id], studentIds: ids })).id);
    }
    // Two assessments a week per class for 40 weeks, and a result for ~95% of the students of each.
    await sql`
      WITH made AS (
        INSERT INTO assessments (district_id, school_id, name, given_on, scale, max_score, proficiency_cut, standards, created_by)
        SELECT ${district.id}, ${school.id}, 'Check ' || c.n || '-' || w || '-' || k, date '2026-08-20' + (w * 7 + k * 2), 'points', 10, 8,
               ARRAY[CASE k WHEN 0 THEN 'Reading' ELSE 'Math' END, 'Standard ' || (w % 6)], ${principal.id}
        FROM unnest(${classIds}::uuid[]) WITH ORDINALITY AS c(id, n), generate_series(0, 39) AS w, generate_series(0, 1) AS k
        RETURNING id, name
      )
      INSERT INTO assessment_classes (assessment_id, class_id)
      SELECT m.id, c.id FROM made m JOIN unnest(${classIds}::uuid[]) WITH ORDINALITY AS c(id, n) ON split_part(m.name, '-', 1) = 'Check ' || c.n`.execute(db);
    await sql`
      INSERT INTO assessment_results (assessment_id, student_id, school_id, score, recorded_by)
      SELECT ac.assessment_id, e.person_id, ${school.id}, abs(hashtext(ac.assessment_id::text || e.person_id::text)) % 11, ${principal.id}
      FROM assessment_classes ac JOIN enrollments e ON e.class_id = ac.class_id AND e.role = 'student'
      WHERE abs(hashtext(e.person_id::text || ac.assessment_id::text)) % 20 <> 0`.execute(db);
    await sql`ANALYZE`.execute(db);
    const count = await sql<{ a: number; r: number }>`SELECT (SELECT count(*) FROM assessments)::int AS a, (SELECT count(*) FROM assessment_results)::int AS r`.execute(db);
    process.stdout.write(
      `Assessments benchmark on ${bench.kind === 'embedded' ? 'embedded PostgreSQL' : 'BENCH_DATABASE_URL'}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n` +
        `  school: 800 students, 27 classes, ${count.rows[0]!.a} assessments, ${count.rows[0]!.r} results (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
    );

    const config = { ...loadConfig({}), webDir: '/nonexistent' };
    const { app } = await buildApp({ db, config, databaseKind: bench.kind, version: 'bench' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: principal.email, password }) });
      if (login.status !== 204) throw new Error(`sign-in failed: ${login.status}`);
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]!;

      // Classes of 30 students: the assessments of the first one, and its students.
      const cls = classIds[0]!;
      const roster = (await db.selectFrom('enrollments').select('person_id').where('class_id', '=', cls).where('role', '=', 'student').execute()).map((r) => r.person_id).slice(0, 30);
      const assessments = (await db.selectFrom('assessment_classes').select('assessment_id').where('class_id', '=', cls).execute()).map((r) => r.assessment_id);
      const putTimes: number[] = [];
      for (let i = 0; i < requests + 20; i++) {
        const body = JSON.stringify({ results: roster.map((studentId, j) => ({ studentId, score: (i + j) % 11 })) });
        const started = performance.now();
        const res = await fetch(`${address}/api/schools/${school.id}/assessments/${assessments[i % assessments.length]}/results`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`PUT results answered ${res.status}`);
        if (i >= 20) putTimes.push(performance.now() - started); // the first 20 warm up
      }
      const analysisTimes = async (query: string) => {
        const times: number[] = [];
        for (let i = 0; i < requests + 5; i++) {
          const started = performance.now();
          const res = await fetch(`${address}/api/schools/${school.id}/assessment-analysis?${query}`, { headers: { cookie } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`analysis answered ${res.status}`);
          if (i >= 5) times.push(performance.now() - started);
        }
        return times;
      };
      const getTimes = await analysisTimes('from=2026-08-17&to=2027-06-04');
      const gradeTimes = await analysisTimes('from=2026-08-17&to=2027-06-04&grade=03');
      for (const [label, r] of [
        ['PUT results (30 students)', summary(putTimes)],
        ['GET assessment-analysis (year)', summary(getTimes)],
        ['GET assessment-analysis (year, grade 3)', summary(gradeTimes)],
      ] as const) {
        process.stdout.write(`  ${label.padEnd(40)} ${r.n} sequential: p50 ${r.p50.toFixed(1)} ms   p95 ${r.p95.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   max ${r.max.toFixed(1)} ms\n`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await bench.close();
  }
}

runBenchmark(main);
