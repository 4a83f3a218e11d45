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
import { createDistrict, createSchool, createStaff } from '../db/seed/builders';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/modules/auth/passwords';
import { benchDatabase } from './lib/database';
import { runBenchmark } from './lib/run';
import { pct } from './lib/stats';
import { seedAssessmentYear } from './lib/assessment-year';

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
    const classIds = await seedAssessmentYear(db, { districtId: district.id, schoolId: school.id, principalId: principal.id });
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
