/**
 * Visit benchmarks on the real app and a real database.
 *
 *   npx tsx bench/visits.ts                                   embedded PostgreSQL in a temporary folder
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/visits.ts   a fresh database on that server
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=50,200                 defaults shown
 *
 * 1. POST /api/visits throughput and latency at 50 and 200 connections, next to a raw single-row INSERT of the
 *    same row shape into the same database with the app's pool size (the anchor of the ratio).
 * 2. POST /api/visits latency at a set offered rate over 200 open connections (an open model: Poisson arrivals,
 *    latency from the moment each request was due), BENCH_OPEN_RATES writes/s (default 50,100,200,300) for
 *    BENCH_OPEN_SECONDS (default 20) each, next to the raw INSERT at the same rate. The closed loop of (1) measures
 *    throughput; its latency at saturation is only connections / throughput.
 * 3. Planner and coverage latency for a school with 100 teachers and five years of visits.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { createClass, createDistrict, createSchool, createStaff, createTerm } from '../db/seed/builders';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/modules/auth/passwords';
import { benchDatabase } from './lib/database';
import { formatResult, loadInWorker } from './lib/load';
import { openLoop } from './lib/open-loop';
import { runBenchmark } from './lib/run';
import { pct } from './lib/stats';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '50,200').split(',').map(Number);
const APP_POOL = 20;
const openConnections = Number(process.env.BENCH_OPEN_CONNECTIONS ?? 200);
const openRates = (process.env.BENCH_OPEN_RATES ?? '50,100,200,300').split(',').filter(Boolean).map(Number);
const openSeconds = Number(process.env.BENCH_OPEN_SECONDS ?? 20);

/** The n-th new visit of the open-model run (plain JavaScript: it runs in the load worker). */
const VISIT_BUILDER = `(n, d, randomUUID) => ({
  kind: 'write', method: 'POST', path: '/api/visits', headers: { cookie: d.cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
  body: JSON.stringify({ id: randomUUID(), schoolId: d.schoolId, teacherId: d.teacherIds[n % d.teacherIds.length],
    startedAt: new Date().toISOString(), durationMinutes: 8, evidence: 'Students explained their reasoning to a partner. 14 of 20 talking.', tags: [] }),
})`;

/** Raw single-row INSERTs arriving at `rate` per second (Poisson) through a pool of the app's size. */
async function rawInsertsAtRate(url: string, rate: number, schoolId: string, districtId: string, observerId: string, teacherIds: string[]) {
  const pool = new pg.Pool({ connectionString: url, max: APP_POOL });
  await Promise.all(Array.from({ length: APP_POOL }, () => pool.query('SELECT 1')));
  const times: number[] = [];
  const start = performance.now() + 20;
  const end = start + openSeconds * 1000;
  const due: number[] = [];
  for (let t = start; ; ) {
    t += (-Math.log(1 - Math.random()) * 1000) / rate;
    if (t >= end) break;
    due.push(t);
  }
  const pending: Promise<void>[] = [];
  let n = 0;
  while (n < due.length) {
    const now = performance.now();
    while (n < due.length && due[n]! <= now) {
      const at = due[n]!;
      pending.push(
        pool
          .query(
            `INSERT INTO visits (id, district_id, school_id, observer_id, teacher_id, started_at, duration_minutes, evidence, create_hash)
             VALUES ($1, $2, $3, $4, $5, now(), 8, $6, 'raw')`,
            [randomUUID(), districtId, schoolId, observerId, teacherIds[n % teacherIds.length], 'Students explained their reasoning to a partner.'],
          )
          .then(() => void times.push(performance.now() - at)),
      );
      n += 1;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(1, (due[n] ?? now) - performance.now()))));
  }
  await Promise.all(pending);
  await pool.end();
  times.sort((a, b) => a - b);
  return { n: times.length, rps: times.length / openSeconds, p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), max: times[times.length - 1]! };
}


/** `concurrency` callers inserting single rows through a pool of the app's size for `seconds`. */
async function rawInserts(url: string, concurrency: number, schoolId: string, districtId: string, observerId: string, teacherIds: string[]) {
  const pool = new pg.Pool({ connectionString: url, max: APP_POOL });
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await pool.query(
          `INSERT INTO visits (id, district_id, school_id, observer_id, teacher_id, started_at, duration_minutes, evidence, create_hash)
           VALUES ($1, $2, $3, $4, $5, now(), 8, $6, 'raw')`,
          [randomUUID(), districtId, schoolId, observerId, teacherIds[n++ % teacherIds.length], 'Students explained their reasoning to a partner.'],
        );
        times.push(performance.now() - t0);
      }
    }),
  );
  await pool.end();
  times.sort((a, b) => a - b);
  return { connections: concurrency, seconds, requests: times.length, non2xx: 0, errors: 0, rps: times.length / seconds, p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), max: times[times.length - 1]! };
}

async function timeGets(urls: string[], cookie: string) {
  const times: number[] = [];
  for (const url of urls) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), max: times[times.length - 1]! };
}

async function main() {
  const bench = await benchDatabase();
  const { db } = bench;
  try {
    // A school with 100 teachers teaching 5 of 7 periods, and five years of visits by 4 observers (3 a day each).
    const district = await createDistrict(db);
    const school = await createSchool(db, { districtId: district.id });
    await createTerm(db, { districtId: district.id, title: 'Fall 2026', type: 'semester', start: '2026-08-17', end: '2027-01-15' });
    const password = 'benchmark password 1';
    const principal = await createStaff(db, { districtId: district.id, roles: [{ role: 'principal', schoolId: school.id }], passwordHash: await hashPassword(password) });
    const observers = [principal.id];
    for (let i = 0; i < 3; i++) observers.push((await createStaff(db, { districtId: district.id, roles: [{ role: 'coach', schoolId: school.id }] })).id);
    const periods = ['08:00', '08:55', '09:50', '10:45', '12:15', '13:10', '14:05'];
    const teacherIds: string[] = [];
    for (let i = 0; i < 100; i++) {
      const teacher = await createStaff(db, { districtId: district.id, roles: [{ role: 'teacher', schoolId: school.id }] });
      teacherIds.push(teacher.id);
      for (let p = 0; p < 7; p++) {
        if ((p + i) % 7 >= 5) continue; // two planning periods each
        const [h, m] = periods[p]!.split(':').map(Number) as [number, number];
        const end = `${String(h + Math.floor((m + 50) / 60)).padStart(2, '0')}:${String((m + 50) % 60).padStart(2, '0')}`;
        await createClass(db, {
          districtId: district.id,
          schoolId: school.id,
          title: `Class ${i}-${p}`,
          subjects: [['Mathematics', 'English Language Arts', 'Science', 'Social Studies', 'Art'][i % 5]!],
          grades: [String(6 + (i % 3)).padStart(2, '0')],
          teacherIds: [teacher.id],
          meetings: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, period: String(p + 1), start: periods[p]!, end })),
        });
      }
    }
    const t0 = performance.now();
    await sql`
      INSERT INTO visits (id, district_id, school_id, observer_id, teacher_id, class_id, started_at, duration_minutes, evidence, create_hash)
      SELECT gen_random_uuid(), ${district.id}, ${school.id}, o.id, t.teacher_id, t.class_id,
             (d + time '08:10' + (k * interval '95 minutes')) AT TIME ZONE 'America/Chicago', 8, 'Generated visit evidence.', 'bench'
      FROM generate_series(date '2021-11-24', date '2026-11-23', interval '1 day') AS d
      CROSS JOIN unnest(${observers}::uuid[]) AS o(id)
      CROSS JOIN generate_series(0, 2) AS k
      CROSS JOIN LATERAL (
        SELECT e.person_id AS teacher_id, e.class_id FROM enrollments e
        WHERE e.school_id = ${school.id} AND e.role = 'teacher'
        OFFSET (abs(hashtext(d::text || o.id::text || k::text)) % 400) LIMIT 1) t
      WHERE extract(isodow FROM d) < 6`.execute(db);
    await sql`ANALYZE`.execute(db);
    const count = await db.selectFrom('visits').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    process.stdout.write(
      `Visits benchmark on ${bench.kind === 'embedded' ? 'embedded PostgreSQL' : 'BENCH_DATABASE_URL'}, Node ${process.version}, ${os.cpus().length} cores\n` +
        `  school: 100 teachers, ${count.n} visits over five years (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
    );

    const config = { ...loadConfig({}), webDir: '/nonexistent' };
    const { app } = await buildApp({ db, config, databaseKind: bench.kind, version: 'bench' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: principal.email, password }) });
      if (login.status !== 204) throw new Error(`sign-in failed: ${login.status}`);
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]!;

      // Planner and coverage: 200 sequential requests each, at school times spread over a week.
      const times = Array.from({ length: 200 }, (_, i) => `2026-11-${String(16 + (i % 5)).padStart(2, '0')}T${String(8 + (i % 7)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00-06:00`);
      await timeGets(times.slice(0, 20).map((at) => `${address}/api/planner?schoolId=${school.id}&at=${encodeURIComponent(at)}`), cookie); // warm-up
      const planner = await timeGets(times.map((at) => `${address}/api/planner?schoolId=${school.id}&at=${encodeURIComponent(at)}`), cookie);
      const coverage = await timeGets(times.map((at) => `${address}/api/coverage?schoolId=${school.id}&at=${encodeURIComponent(at)}`), cookie);
      for (const [label, r] of [['GET /api/planner', planner], ['GET /api/coverage', coverage]] as const) {
        process.stdout.write(`  ${label.padEnd(34)} ${r.n} sequential: p50 ${r.p50.toFixed(1)} ms   p95 ${r.p95.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   max ${r.max.toFixed(1)} ms\n`);
      }

      // Writes: the app against a raw INSERT of the same row through a pool of the same size.
      await loadInWorker({ url: `${address}/api/visits`, cookie, connections: 20, seconds: 2, visit: { schoolId: school.id, teacherIds } });
      for (const connections of connectionCounts) {
        const raw = await rawInserts(bench.url, connections, school.id, district.id, principal.id, teacherIds);
        process.stdout.write(`${formatResult('raw INSERT (pool of 20)', raw)}\n`);
        const result = await loadInWorker({ url: `${address}/api/visits`, cookie, connections, seconds, visit: { schoolId: school.id, teacherIds } });
        process.stdout.write(`${formatResult('POST /api/visits', result)}\n`);
        process.stdout.write(`  ratio app/raw at ${connections}: throughput ${(result.rps / raw.rps).toFixed(2)}, p99 ${(result.p99 / raw.p99).toFixed(2)}\n`);
      }

      // Latency at a set offered rate over 200 open connections.
      const line = (label: string, r: { n: number; rps: number; p50: number; p95: number; p99: number; max: number }, extra = '') =>
        `  ${label.padEnd(40)} ${String(r.n).padStart(6)} done ${r.rps.toFixed(0).padStart(4)}/s   p50 ${r.p50.toFixed(1)} ms   p95 ${r.p95.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   max ${r.max.toFixed(1)} ms${extra}\n`;
      for (const rate of openRates) {
        const raw = await rawInsertsAtRate(bench.url, rate, school.id, district.id, principal.id, teacherIds);
        process.stdout.write(line(`raw INSERT at ${rate}/s (pool of 20)`, raw));
        const result = await openLoop({ url: address, connections: openConnections, rate, seconds: openSeconds, build: VISIT_BUILDER, data: { cookie, schoolId: school.id, teacherIds } });
        const writes = result.kinds.find((k) => k.kind === 'write') ?? { times: [], statuses: {} };
        const times = [...writes.times].sort((a, b) => a - b);
        const bad = Object.entries(writes.statuses).filter(([status]) => !status.startsWith('2'));
        const extra = `${bad.length || result.errors ? `   (${bad.map(([s, n]) => `${n}x${s}`).join(' ')} ${result.errors} errors)` : ''}${result.maxQueued ? `   at most ${result.maxQueued} waiting for a connection` : ''}`;
        process.stdout.write(
          line(`POST /api/visits at ${rate}/s, ${openConnections} conn`, { n: times.length, rps: times.length / result.duration, p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), max: times.at(-1) ?? NaN }, extra),
        );
      }
    } finally {
      await app.close();
    }
  } finally {
    await bench.close();
  }
}

runBenchmark(main);
