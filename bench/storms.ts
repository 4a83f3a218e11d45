/**
 * Two storms a district sees, through the real app over HTTP:
 *
 * - the Monday-morning login storm: 18 sign-ins a second (open loop: they arrive whether or not earlier ones are
 *   done) from many staff accounts, for BENCH_LOGIN_SECONDS (default 300, five minutes); p95 target < 1 s;
 * - the sync storm: 600 phones coming back online at once, each sending its 20 queued visits one after another;
 *   target: all 12,000 drained in under 60 s, every visit stored once.
 *
 *   npx tsx bench/storms.ts                                               embedded PostgreSQL in a temp folder
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/storms.ts    a fresh database there
 *   BENCH_LOGIN_SECONDS=300 BENCH_LOGIN_RATE=18 BENCH_PHONES=600 BENCH_QUEUED=20          defaults shown
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createDistrict, createSchool, createStaff } from '../db/seed/builders';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/modules/auth/passwords';
import { benchDatabase } from './lib/database';
import { runBenchmark } from './lib/run';
import { pct } from './lib/stats';

const loginSeconds = Number(process.env.BENCH_LOGIN_SECONDS ?? 300);
const loginRate = Number(process.env.BENCH_LOGIN_RATE ?? 18);
const phones = Number(process.env.BENCH_PHONES ?? 600);
const queued = Number(process.env.BENCH_QUEUED ?? 20);

const line = (label: string, times: number[], extra = '') => {
  times.sort((a, b) => a - b);
  return `  ${label.padEnd(30)} ${String(times.length).padStart(6)}: p50 ${pct(times, 50).toFixed(0)} ms   p95 ${pct(times, 95).toFixed(0)} ms   p99 ${pct(times, 99).toFixed(0)} ms   max ${times[times.length - 1]!.toFixed(0)} ms${extra}\n`;
};

async function main() {
  const bench = await benchDatabase();
  const { db } = bench;
  try {
    const district = await createDistrict(db);
    const school = await createSchool(db, { districtId: district.id });
    const password = 'benchmark password 1';
    const hash = await hashPassword(password);
    const staff: { email: string; id: string }[] = [];
    for (let i = 0; i < 200; i++) staff.push(await createStaff(db, { districtId: district.id, roles: [{ role: i < 40 ? 'coach' : 'teacher', schoolId: school.id }], passwordHash: hash }));
    const leaders = staff.slice(0, 40);
    const teachers = staff.slice(40);
    const config = { ...loadConfig({}), webDir: '/nonexistent', trustProxy: true };
    const { app } = await buildApp({ db, config, databaseKind: bench.kind, version: 'bench' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    process.stdout.write(`Storms on ${bench.kind === 'embedded' ? 'embedded PostgreSQL' : 'BENCH_DATABASE_URL'}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

    const login = async (email: string, n: number) => {
      // Each sign-in from its own address (a district's staff arrive from many), as the proxy reports it.
      const res = await fetch(`${address}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
        body: JSON.stringify({ email, password }),
      });
      await res.arrayBuffer();
      if (res.status !== 204) throw new Error(`sign-in answered ${res.status}`);
      return res.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]!;
    };

    // 1. The login storm: open loop at the given rate.
    const times: number[] = [];
    let failures = 0;
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let n = 0; n < loginSeconds * loginRate; n++) {
      const due = started + (n * 1000) / loginRate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(
        (async () => {
          const t0 = performance.now();
          try {
            await login(staff[n % staff.length]!.email, n);
            times.push(performance.now() - t0);
          } catch {
            failures += 1;
          }
        })(),
      );
    }
    await Promise.all(inFlight);
    process.stdout.write(line(`login storm ${loginRate}/s for ${loginSeconds} s`, times, `   failures ${failures}`));

    // 2. The sync storm: every phone signs in, then all send their queues at once.
    const cookies = await Promise.all(Array.from({ length: phones }, (_, i) => login(leaders[i % leaders.length]!.email, 100_000 + i)));
    const sent: string[] = [];
    const writeTimes: number[] = [];
    let refused = 0;
    const t0 = performance.now();
    await Promise.all(
      cookies.map(async (cookie, p) => {
        for (let k = 0; k < queued; k++) {
          const id = randomUUID();
          for (let attempt = 0; ; attempt++) {
            const w0 = performance.now();
            const res = await fetch(`${address}/api/visits`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
              body: JSON.stringify({ id, schoolId: school.id, teacherId: teachers[(p * queued + k) % teachers.length]!.id, startedAt: new Date(Date.now() - k * 60_000).toISOString(), durationMinutes: 5, evidence: `Storm visit ${p}-${k}.`, tags: [] }),
            }).catch(() => undefined);
            await res?.arrayBuffer();
            if (res && (res.status === 201 || res.status === 200)) {
              writeTimes.push(performance.now() - w0);
              sent.push(id);
              break;
            }
            refused += 1;
            if (attempt > 20) throw new Error(`visit ${id} not accepted: ${res?.status}`);
            await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
          }
        }
      }),
    );
    const drained = (performance.now() - t0) / 1000;
    const stored = await db.selectFrom('visits').where('id', 'in', sent.slice(0, 30000)).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    process.stdout.write(line(`sync storm ${phones} x ${queued} visits`, writeTimes, `\n  drained ${sent.length} visits in ${drained.toFixed(1)} s (${(sent.length / drained).toFixed(0)}/s), ${refused} retried, ${stored.n} stored\n`));
    await app.close();
  } finally {
    await bench.close();
  }
}

runBenchmark(main);
