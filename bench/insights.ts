/**
 * Insight latency on a generated state-sized data set.
 *
 *   npx tsx bench/insights.ts                              100 schools × 5 years on embedded PostgreSQL (temp folder)
 *   BENCH_SCHOOLS=1000 BENCH_YEARS=5 npx tsx bench/insights.ts            the full state size (about 8 million visits)
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/insights.ts   a fresh database on that server
 *   BENCH_SEEDED_URL=postgres://…/rounds_scale npx tsx bench/insights.ts   a database already filled by `npm run seed:scale`
 *
 * Prints p50/p95/p99 of school insights (default 12 weeks, and filtered by grade) and district insights over HTTP,
 * beside the same district question answered by a hand-written aggregate over the raw visits, and EXPLAIN plans.
 */
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { DEFAULT_SCALE, seedScale } from '../db/seed/scale';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb } from '../db/database';
import { benchDatabase } from './lib/database';
import { runBenchmark } from './lib/run';
import { pct } from './lib/stats';

const schools = Number(process.env.BENCH_SCHOOLS ?? 100);
const years = Number(process.env.BENCH_YEARS ?? 5);
const samples = Number(process.env.BENCH_SAMPLES ?? 200);
const summary = (label: string, times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return `  ${label.padEnd(44)} n=${s.length}  p50 ${pct(s, 50).toFixed(1)} ms  p95 ${pct(s, 95).toFixed(1)} ms  p99 ${pct(s, 99).toFixed(1)} ms  max ${s[s.length - 1]!.toFixed(1)} ms`;
};

async function main() {
  const seeded = process.env.BENCH_SEEDED_URL;
  const bench = seeded
    ? { db: createDb(seeded), kind: 'postgres' as const, close: async () => {} }
    : await benchDatabase();
  const { db } = bench;
  try {
    const until = new Date().toISOString().slice(0, 10);
    const t0 = performance.now();
    const visits = seeded
      ? Number((await db.selectFrom('visits').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)
      : await seedScale(db, { ...DEFAULT_SCALE, schools, years, until, log: (m) => process.stdout.write(`  seed: ${m}\n`) });
    process.stdout.write(
      `Insights benchmark on ${bench.kind === 'embedded' ? 'embedded PostgreSQL' : 'external PostgreSQL'}: ${seeded ? 'a seeded database' : `${schools} schools in ${DEFAULT_SCALE.districts} districts`}, ` +
        `${visits.toLocaleString('en-US')} visits over ${years} years (seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
    );

    // One leader who is principal of every school of the first district, and its district leader.
    const district = await db.selectFrom('districts').select('id').where('name', '=', 'Scale district 1').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const schoolCount = Number((await db.selectFrom('schools').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    process.stdout.write(`  data: ${schoolCount} schools, ${visits.toLocaleString('en-US')} visits\n`);
    const districtSchools = await db.selectFrom('schools').select('id').where('district_id', '=', district.id).execute();
    const leader = await db.insertInto('people').values({ district_id: district.id, sourced_id: `bench-${randomBytes(4).toString('hex')}`, kind: 'staff', given_name: 'Bench', family_name: 'Leader', email: `bench-${randomBytes(4).toString('hex')}@example.test` }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('role_assignments').values([
      { person_id: leader.id, district_id: district.id, school_id: null, role: 'district_leader' },
      ...districtSchools.map((s) => ({ person_id: leader.id, district_id: district.id, school_id: s.id, role: 'principal' as const })),
    ]).execute();
    const token = randomBytes(32).toString('base64url');
    await db.insertInto('sessions').values({ token_hash: createHash('sha256').update(token).digest('hex'), person_id: leader.id, expires_at: new Date(Date.now() + 86_400_000) }).execute();
    const cookie = `rounds_session=${token}`;

    const { app } = await buildApp({ db, config: { ...loadConfig({}), webDir: '/nonexistent' }, databaseKind: bench.kind, version: 'bench' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const time = async (url: string) => {
      const started = performance.now();
      const res = await fetch(`${address}${url}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      return performance.now() - started;
    };
    try {
      const pick = (i: number) => districtSchools[i % districtSchools.length]!.id;
      for (let i = 0; i < 20; i++) await time(`/api/insights/school?schoolId=${pick(i)}`); // warm-up
      const school: number[] = [];
      const grade: number[] = [];
      const districtTimes: number[] = [];
      for (let i = 0; i < samples; i++) school.push(await time(`/api/insights/school?schoolId=${pick(i)}`));
      for (let i = 0; i < samples; i++) grade.push(await time(`/api/insights/school?schoolId=${pick(i)}&grade=03&breakdown=subject`));
      for (let i = 0; i < Math.min(samples, 100); i++) districtTimes.push(await time('/api/insights/district'));
      process.stdout.write(`${summary('GET /api/insights/school (12 weeks)', school)}\n`);
      process.stdout.write(`${summary('GET /api/insights/school (grade 3, by subject)', grade)}\n`);
      process.stdout.write(`${summary(`GET /api/insights/district (${districtSchools.length} schools)`, districtTimes)}\n`);

      // The same district question over the raw tables, as the anchor.
      const from = new Date(Date.now() - 84 * 86_400_000).toISOString().slice(0, 10);
      const raw = sql`
        SELECT v.school_id, l.name, count(DISTINCT v.id) FROM visits v JOIN schools s ON s.id = v.school_id
        LEFT JOIN visit_look_fors vl ON vl.visit_id = v.id LEFT JOIN look_fors l ON l.id = vl.look_for_id
        WHERE s.district_id = ${district.id} AND v.started_at >= ${from}::date
        GROUP BY GROUPING SETS ((v.school_id), (v.school_id, l.name))`;
      const rawTimes: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        await raw.execute(db);
        rawTimes.push(performance.now() - started);
      }
      process.stdout.write(`${summary('same district question, raw aggregate (SQL only)', rawTimes)}\n`);
      const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${raw}`.execute(db);
      process.stdout.write(`\nEXPLAIN ANALYZE of the raw district aggregate:\n${plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}\n`);
    } finally {
      await app.close();
    }
  } finally {
    await bench.close();
  }
}

runBenchmark(main);
