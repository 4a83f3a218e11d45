/**
 * How long the heaviest requests block the event loop, on the real app and a real database.
 *
 *   npx tsx bench/event-loop.ts                                    embedded PostgreSQL in a temporary folder
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/event-loop.ts
 *   BENCH_YEARS=5 BENCH_RUNS=3                                     years of visits in the school, runs per request (defaults shown)
 *   BENCH_ONLY=privacy,plans                                       only the requests whose label contains one of these
 *
 * A big school: 50 teachers and 3 observers with years of visits (db/seed/scale.ts), 800 students in 27 classes
 * with two assessments a week for a school year (~60,000 results), a curriculum map and a work plan at their
 * largest. For each request (over HTTP to the app in this process, so routing, validation and serialisation count)
 * it prints the time the request took and the longest event-loop stall while it ran: the longest gap between two
 * ticks of a 1 ms timer (perf_hooks.monitorEventLoopDelay was tried first: its max missed stalls of seconds), and
 * how many gaps were over 50 ms.
 */
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { Db } from '../db/database';
import { createStaff } from '../db/seed/builders';
import { DEFAULT_SCALE, seedScale } from '../db/seed/scale';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { benchDatabase } from './lib/database';
import { runBenchmark } from './lib/run';
import { seedAssessmentYear } from './lib/assessment-year';

const years = Number(process.env.BENCH_YEARS ?? 5);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const wanted = (label: string) => !only || only.some((o) => label.includes(o));
/** The origin `app.inject` requests come from (the CSRF check compares it with the request's own). */
const ORIGIN = 'http://localhost:80';

async function session(db: Db, personId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: createHash('sha256').update(token).digest('hex'), person_id: personId, expires_at: new Date(Date.now() + 6 * 3600_000) })
    .execute();
  return `rounds_session=${token}`;
}

/**
 * Runs `work` while a 1 ms timer watches the event loop; returns its duration, the longest gap between two ticks
 * (the longest time nothing else could run) and how many gaps were over 50 ms.
 */
async function watch(work: () => Promise<unknown>) {
  let last = performance.now();
  let longest = 0;
  let over50 = 0;
  const gap = (now: number) => {
    longest = Math.max(longest, now - last);
    if (now - last > 50) over50++;
    last = now;
  };
  const timer = setInterval(() => gap(performance.now()), 1);
  const started = performance.now();
  await work();
  const took = performance.now() - started;
  clearInterval(timer);
  gap(performance.now());
  return { took, longest, over50 };
}

async function main() {
  const bench = await benchDatabase();
  const { db } = bench;
  try {
    const t0 = performance.now();
    const until = new Date().toISOString().slice(0, 10);
    await seedScale(db, { ...DEFAULT_SCALE, districts: 1, schools: 1, years, until });
    const school = await db.selectFrom('schools').selectAll().executeTakeFirstOrThrow();
    const districtId = school.district_id;
    const admin = await createStaff(db, { districtId, roles: [{ role: 'district_admin' }] });
    const principal = await createStaff(db, { districtId, roles: [{ role: 'principal', schoolId: school.id }] });
    const classIds = await seedAssessmentYear(db, { districtId, schoolId: school.id, principalId: principal.id });
    // One teacher sees every visit of the school shared with them (their export is as big as it gets).
    const teacher = await db.selectFrom('people').select('id').where('given_name', '=', 'Teacher').where('district_id', '=', districtId).executeTakeFirstOrThrow();
    await sql`UPDATE visits SET shared_at = started_at + interval '1 hour' WHERE school_id = ${school.id} AND id IN (SELECT id FROM visits WHERE school_id = ${school.id} ORDER BY started_at DESC LIMIT 1000)`.execute(db);
    await sql`UPDATE visits SET teacher_id = ${teacher.id} WHERE shared_at IS NOT NULL AND school_id = ${school.id}`.execute(db);
    await sql`ANALYZE`.execute(db);
    const counts = (
      await sql<{ v: number; r: number }>`SELECT (SELECT count(*) FROM visits)::int AS v, (SELECT count(*) FROM assessment_results)::int AS r`.execute(db)
    ).rows[0]!;
    process.stdout.write(
      `Event-loop benchmark on ${bench.kind === 'embedded' ? 'embedded PostgreSQL' : 'BENCH_DATABASE_URL'}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n` +
        `  school: ${counts.v} visits over ${years} years, 800 students, ${counts.r} assessment results (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
    );

    const config = { ...loadConfig({}), webDir: '/nonexistent' };
    const { app } = await buildApp({ db, config, databaseKind: bench.kind, version: 'bench' });
    await app.ready();
    const adminCookie = await session(db, admin.id);
    const principalCookie = await session(db, principal.id);
    const teacherCookie = await session(db, teacher.id);
    // Measured requests go over real HTTP: app.inject copies and decodes the whole response in this thread, which a
    // socket does not. The body is read as it arrives and only counted.
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = new URL(address).origin;
    const inject = async (label: string, options: { method?: 'GET' | 'POST'; url: string; cookie: string; csv?: string }, expect: number[] = [200]) => {
      const response = await fetch(`${address}${options.url}`, {
        method: options.method ?? 'GET',
        headers: { cookie: options.cookie, origin, ...(options.csv !== undefined ? { 'content-type': 'text/csv' } : {}) },
        ...(options.csv !== undefined ? { body: options.csv } : {}),
      });
      if (!expect.includes(response.status)) throw new Error(`${label}: ${response.status} ${(await response.text()).slice(0, 300)}`);
      let bytes = 0;
      for await (const chunk of response.body!) bytes += (chunk as Uint8Array).length;
      return bytes;
    };

    // The largest curriculum map (40 units, 200 standards, 400 targets with an assessment each) as CSV.
    const mapCreated = await app.inject({ method: 'POST', url: `/api/schools/${school.id}/curriculum-maps`, headers: { cookie: principalCookie, origin: ORIGIN }, payload: { course: 'Mathematics', grade: '03' } });
    const mapId = (mapCreated.json() as { id: string }).id;
    const mapLines = ['unit,unit_start,unit_end,standard,standard_description,target,assessment_id,assessment'];
    for (let t = 0; t < 400; t++) {
      const u = t % 40;
      mapLines.push(`Unit ${u},2026-09-${String(1 + (u % 28)).padStart(2, '0')},2026-10-${String(1 + (u % 28)).padStart(2, '0')},S.${t % 200},${'Describe the standard in a sentence or two. '.repeat(4)},Target ${t}: ${'students can explain their reasoning '.repeat(3)},,Exit ticket ${t}`);
    }
    const mapCsv = mapLines.join('\n');
    // Results CSVs: a class (30), the whole school (800), and the largest accepted file of unknown students.
    const assessmentId = (await db.selectFrom('assessments').select('id').where('school_id', '=', school.id).executeTakeFirstOrThrow()).id;
    await sql`INSERT INTO assessment_classes (assessment_id, class_id) SELECT ${assessmentId}, c FROM unnest(${classIds}::uuid[]) c ON CONFLICT DO NOTHING`.execute(db);
    await db.updateTable('people').set({ sourced_id: sql`'stu-' || id::text` }).where('kind', '=', 'student').where('district_id', '=', districtId).where('sourced_id', 'is', null).execute();
    const ids = (await db.selectFrom('people').select('sourced_id').where('kind', '=', 'student').where('district_id', '=', districtId).execute()).map((p) => p.sourced_id!);
    const resultsCsv = (n: number) => ['sourcedId,score', ...ids.slice(0, n).map((id, i) => `${id},${i % 11}`)].join('\n');
    const maxBytes = 2 * 1024 * 1024;
    const junkLines = ['sourcedId,score'];
    for (let i = 0, bytes = 16; bytes < maxBytes - 40; i++) {
      const line = `unknown-${i},${i % 11}`;
      junkLines.push(line);
      bytes += line.length + 1;
    }
    const junkCsv = junkLines.join('\n');
    const results = `/api/schools/${school.id}/assessments/${assessmentId}/results/import`;

    const jobs: [string, () => Promise<unknown>][] = [
      ['privacy: school export, JSON', () => inject('json export', { url: `/api/admin/privacy/schools/${school.id}/export?format=json`, cookie: adminCookie })],
      ['privacy: school export, zip of CSVs', () => inject('zip export', { url: `/api/admin/privacy/schools/${school.id}/export?format=zip`, cookie: adminCookie })],
      ['my classroom: PDF (1,000 shared visits)', () => inject('teacher pdf', { url: '/api/my/export?format=pdf', cookie: teacherCookie })],
      ['my classroom: CSV (1,000 shared visits)', () => inject('teacher csv', { url: '/api/my/export?format=csv', cookie: teacherCookie })],
      ['insights: school XLSX, all years', () => inject('xlsx', { url: `/api/insights/school/export?schoolId=${school.id}&format=xlsx&from=${Number(until.slice(0, 4)) - years}-01-01&to=${until}`, cookie: principalCookie })],
      ['assessments: analysis CSV, school year', () => inject('analysis csv', { url: `/api/schools/${school.id}/assessment-analysis/export?from=2026-08-17&to=2027-06-04`, cookie: principalCookie })],
      ['assessments: import CSV, 800 students', () => inject('results 800', { method: 'POST', url: results, cookie: principalCookie, csv: resultsCsv(800) })],
      [`assessments: import CSV, ${(junkCsv.length / 1024 / 1024).toFixed(1)} MB of ${junkLines.length - 1} unknown students`, () => inject('results junk', { method: 'POST', url: results, cookie: principalCookie, csv: junkCsv }, [400, 413])],
      ['assessments: import CSV, 10,000 unknown students', () => inject('results 10,000', { method: 'POST', url: results, cookie: principalCookie, csv: junkLines.slice(0, 10_001).join('\n') }, [400])],
      [`curriculum: import CSV, 400 targets (${(mapCsv.length / 1024).toFixed(0)} KB)`, () => inject('map import', { method: 'POST', url: `/api/schools/${school.id}/curriculum-maps/${mapId}/import`, cookie: principalCookie, csv: mapCsv })],
      ['curriculum: export CSV, 400 targets', () => inject('map export', { url: `/api/schools/${school.id}/curriculum-maps/${mapId}/export`, cookie: principalCookie })],
    ];
    // The largest photo accepted (a noisy 6,000 x 4,000 JPEG near 10 MB), re-encoded as the upload route does.
    const { reencodePhoto } = await import('../server/modules/visits/photos');
    const noise = randomBytes(1500 * 1000 * 3);
    const photo = await sharp(noise, { raw: { width: 1500, height: 1000, channels: 3 } }).resize(6000, 4000, { kernel: 'nearest' }).jpeg({ quality: 90 }).toBuffer();
    jobs.push([`photo: re-encode a ${(photo.length / 1024 / 1024).toFixed(1)} MB 6000x4000 JPEG`, () => reencodePhoto(photo)]);
    // The largest work plan the API lets a school write is unbounded in count: 20 goals x 5 strategies x 10 actions.
    const plan = wanted('plans') ? await bigPlan(db, school.id, principalCookie, app) : undefined;
    if (plan) jobs.push(['plans: PDF, 20 goals x 5 strategies x 10 actions', () => inject('plan pdf', { url: `/api/schools/${school.id}/plans/${plan}/pdf`, cookie: principalCookie })]);

    process.stdout.write(`  ${'request'.padEnd(62)} ${'took'.padStart(9)} ${'longest stall'.padStart(14)} ${'stalls > 50 ms'.padStart(15)}  bytes\n`);
    for (const [label, job] of jobs.filter(([label]) => wanted(label))) {
      for (let r = 0; r < runs; r++) {
        let size = 0;
        const m = await watch(async () => {
          const out = await job();
          size = typeof out === 'number' ? out : 0;
        });
        process.stdout.write(`  ${label.padEnd(62)} ${m.took.toFixed(0).padStart(6)} ms ${m.longest.toFixed(0).padStart(11)} ms ${String(m.over50).padStart(15)}  ${size}\n`);
      }
    }
    await app.close();
  } finally {
    await bench.close();
  }
}

/** A work plan of 20 goals x 5 strategies x 10 actions with one evidence note each, written through the API. */
async function bigPlan(db: Db, schoolId: string, cookie: string, app: Awaited<ReturnType<typeof buildApp>>['app']): Promise<string | undefined> {
  const post = async (url: string, payload: unknown) => {
    const r = await app.inject({ method: 'POST', url, headers: { cookie, origin: ORIGIN }, payload: payload as Record<string, unknown> });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.json() as { id: string };
  };
  const owner = (await db.selectFrom('role_assignments').select('person_id').where('school_id', '=', schoolId).where('role', '=', 'teacher').executeTakeFirstOrThrow()).person_id;
  const base = `/api/schools/${schoolId}/plans`;
  const plan = await post(base, { schoolYear: '2026-27', title: 'Work plan' }).catch((e: Error) => {
    process.stdout.write(`  (no plan: ${e.message})\n`);
    return undefined;
  });
  if (!plan) return undefined;
  type Detail = { goals: { id: string; strategies: { id: string; actions: { id: string }[] }[] }[] };
  for (let g = 0; g < 20; g++) {
    const goal = ((await post(`${base}/${plan.id}/goals`, { title: `Goal ${g}: raise reading proficiency in every grade`, description: 'Why this goal matters. '.repeat(20) })) as unknown as Detail).goals.at(-1)!;
    for (let s = 0; s < 5; s++) {
      const afterStrategy = (await post(`/api/schools/${schoolId}/plan-goals/${goal.id}/strategies`, { title: `Strategy ${g}.${s}: small-group instruction daily`, description: 'How. '.repeat(30) })) as unknown as Detail;
      const strategy = afterStrategy.goals.find((x) => x.id === goal.id)!.strategies.at(-1)!;
      for (let a = 0; a < 10; a++) {
        const afterAction = (await post(`/api/schools/${schoolId}/plan-strategies/${strategy.id}/actions`, { title: `Action ${g}.${s}.${a}: coach models the routine in every room`, ownerId: owner, dueOn: '2027-01-29' })) as unknown as Detail;
        const action = afterAction.goals.find((x) => x.id === goal.id)!.strategies.find((x) => x.id === strategy.id)!.actions.at(-1)!;
        await post(`/api/schools/${schoolId}/plan-actions/${action.id}/evidence`, { note: 'Observed in three rooms this week; students explained their thinking. '.repeat(5) });
      }
    }
  }
  return plan.id;
}

runBenchmark(main);
