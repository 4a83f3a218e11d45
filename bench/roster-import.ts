/**
 * Roster import benchmark: generates a 50,000-user OneRoster bundle, imports it into a fresh database, imports it
 * again unchanged, then once more with a few changes, and prints the times. Meanwhile the real app serves
 * `GET /api/health` and `GET /api/me` (signed in) from the same process, as a running Rounds would during an import:
 * a load generator in a worker thread (its own event loop) offers BENCH_RATE requests/s of each over 10 kept-alive
 * connections, and the latencies of the requests sent while each import ran are printed (p50/p95/p99/max), with the
 * main thread's longest event-loop stall.
 *
 *   npx tsx bench/roster-import.ts                   # embedded PostgreSQL in a temporary folder
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/roster-import.ts   # a fresh database on that server
 *
 * BENCH_SCHOOLS / BENCH_TEACHERS / BENCH_STUDENTS change the size (per school); BENCH_RATE (default 50) the load;
 * BENCH_FIRST_ONLY=1 runs only the first import.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { createDb, migrateToLatest } from '../db/database';
import { startEmbedded } from '../db/embedded';
import { createDistrict, createSchool, createStaff } from '../db/seed/builders';
import { generateBundle, zipBundle, type BundleFiles } from '../db/seed/oneroster-bundle';
import type { RosterImportResult } from '../schemas/rosters';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/modules/auth/passwords';
import { importRoster } from '../server/modules/rosters/rosters.service';
import { closeWorkers } from '../server/workers/run';
import { pct } from './lib/stats';

const schools = Number(process.env.BENCH_SCHOOLS ?? 20);
const teachers = Number(process.env.BENCH_TEACHERS ?? 100);
const students = Number(process.env.BENCH_STUDENTS ?? 2400);
const rate = Number(process.env.BENCH_RATE ?? 50);
/** BENCH_FIRST_ONLY=1: only the first import (the largest bundles take minutes each). */
const firstOnly = process.env.BENCH_FIRST_ONLY === '1';

/**
 * The load generator (plain JavaScript: worker threads run no TypeScript on Node 20). Each endpoint gets `rate`
 * requests/s at even intervals, whether or not earlier ones were answered; a request's latency runs from when it
 * was due. Times are absolute (timeOrigin + now), comparable with the main thread's. Stops on any message.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { url, cookie, rate } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 10, scheduling: 'fifo' });
const now = () => performance.timeOrigin + performance.now();
const samples = [];
let stopped = false;
let errors = 0;
const send = (kind, path, headers, due) => {
  const req = http.request({ host: target.hostname, port: target.port, path, headers, agent }, (res) => {
    res.on('data', () => {});
    res.on('end', () => samples.push([kind, due, now() - due, res.statusCode]));
  });
  req.on('error', () => { errors += 1; });
  req.end();
};
const start = now();
let n = 0;
const tick = () => {
  if (stopped) return;
  const t = now();
  while (start + (n * 1000) / rate <= t) {
    const due = start + (n * 1000) / rate;
    send('health', '/api/health', {}, due);
    send('me', '/api/me', { cookie }, due);
    n += 1;
  }
  setTimeout(tick, 1);
};
tick();
parentPort.once('message', () => {
  stopped = true;
  setTimeout(() => { agent.destroy(); parentPort.postMessage({ samples, errors }); }, 2000);
});
`;

interface Load {
  stop(): Promise<{ samples: [string, number, number, number][]; errors: number }>;
}

function startLoad(url: string, cookie: string): Load {
  const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { url, cookie, rate } });
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('message', (result) => {
          void worker.terminate();
          resolve(result);
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

/** Latency percentiles of the samples of one kind due within [from, to]. */
function latency(samples: [string, number, number, number][], kind: string, from: number, to: number): string {
  const inWindow = samples.filter(([k, due]) => k === kind && due >= from && due <= to);
  const ok = inWindow.filter(([, , , status]) => status >= 200 && status < 300).map(([, , ms]) => ms).sort((a, b) => a - b);
  if (ok.length === 0) return `${kind}: no answers`;
  const f = (ms: number) => ms.toFixed(1);
  const bad = inWindow.length - ok.length;
  return `${kind} n=${ok.length} p50 ${f(pct(ok, 50))} p95 ${f(pct(ok, 95))} p99 ${f(pct(ok, 99))} max ${f(ok.at(-1)!)} ms${bad ? ` (${bad} non-2xx)` : ''}`;
}

async function admin(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database: on BENCH_DATABASE_URL's server, or an embedded server in a temporary folder. */
async function freshDatabase(): Promise<{ url: string; kind: string; drop(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const name = `rounds_bench_${randomBytes(4).toString('hex')}`;
    await admin(external, `CREATE DATABASE ${name}`);
    const u = new URL(external);
    u.pathname = `/${name}`;
    return { url: u.toString(), kind: `external (${u.host})`, drop: () => admin(external, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-bench-'));
  const server = await startEmbedded({ dataDir: dir, database: 'rounds_bench' });
  return {
    url: server.url,
    kind: 'embedded PostgreSQL 18',
    async drop() {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** A changed copy: 1% of the users renamed, the last school's last 100 students gone. */
function changed(files: BundleFiles): BundleFiles {
  const lines = files['users.csv']!.trimEnd().split('\n');
  const last = `student-${schools}-`;
  const kept = lines.filter((l) => !(l.startsWith(last) && Number(l.slice(last.length).split(',')[0]) > students - 100));
  const renamed = kept.map((l, i) => (i > 0 && i % 100 === 0 ? l.replace(/^([^,]*,(?:[^,]*,){6})([^,]*)/, '$1$2-renamed') : l));
  const enrollments = files['enrollments.csv']!.trimEnd().split('\n');
  const keptIds = new Set(kept.map((l) => l.split(',')[0]));
  const enr = enrollments.filter((l, i) => i === 0 || keptIds.has(l.split(',')[5]));
  const demographics = files['demographics.csv']!.trimEnd().split('\n').filter((l, i) => i === 0 || keptIds.has(l.split(',')[0]));
  return { ...files, 'users.csv': renamed.join('\n') + '\n', 'enrollments.csv': enr.join('\n') + '\n', 'demographics.csv': demographics.join('\n') + '\n' };
}

let server: { url: string; cookie: string } | undefined;

async function timed(label: string, run: () => Promise<RosterImportResult>) {
  const load = server ? startLoad(server.url, server.cookie) : undefined;
  // Let the load reach its rate before the import starts.
  await new Promise((r) => setTimeout(r, 1000));
  const stall = monitorEventLoopDelay({ resolution: 10 });
  stall.enable();
  const from = performance.timeOrigin + performance.now();
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  const to = performance.timeOrigin + performance.now();
  stall.disable();
  const u = result.counts.users!;
  const e = result.counts.enrollments!;
  console.log(
    `${label.padEnd(22)} ${seconds(ms).padStart(9)}   users +${u.created} ~${u.updated} =${u.unchanged} -${u.inactivated}   enrollments +${e.created} ~${e.updated} =${e.unchanged} -${e.inactivated}   rss ${mb(process.memoryUsage().rss)}`,
  );
  if (load) {
    const { samples, errors } = await load.stop();
    console.log(`${''.padEnd(22)} during it: ${latency(samples, 'health', from, to)};  ${latency(samples, 'me', from, to)}`);
    console.log(`${''.padEnd(22)} event loop: longest stall ${(stall.max / 1e6).toFixed(1)} ms, p99 ${(stall.percentile(99) / 1e6).toFixed(1)} ms${errors ? `; ${errors} request errors` : ''}`);
  }
  return ms;
}

async function main() {
  let start = performance.now();
  const files = generateBundle({ schools, teachersPerSchool: teachers, studentsPerSchool: students, classesPerTeacher: 5, classesPerStudent: 6, seed: 2026 });
  const zip = zipBundle(files);
  const userCount = files['users.csv']!.trimEnd().split('\n').length - 1;
  const enrollmentCount = files['enrollments.csv']!.trimEnd().split('\n').length - 1;
  console.log(`bundle: ${userCount} users, ${enrollmentCount} enrollments, ${files['classes.csv']!.split('\n').length - 2} classes; zip ${mb(zip.length)} (generated in ${seconds(performance.now() - start)})`);

  start = performance.now();
  const database = await freshDatabase();
  // The app's own pool sizes: the import (outside a request, like the command line) holds one of the service's
  // connections for its transaction, which the requests' session lookups share.
  const db = createDb(database.url);
  try {
    await migrateToLatest(db);
    console.log(`database: ${database.kind} (ready in ${seconds(performance.now() - start)})`);

    // The app, serving from this process, and a signed-in principal of another district for GET /api/me.
    const password = 'benchmark password 1';
    const other = await createDistrict(db, { name: 'Bench district' });
    const school = await createSchool(db, { districtId: other.id });
    const principal = await createStaff(db, { districtId: other.id, roles: [{ role: 'principal', schoolId: school.id }], passwordHash: await hashPassword(password) });
    const { app } = await buildApp({ db, config: { ...loadConfig({}), webDir: '/nonexistent' }, databaseKind: process.env.BENCH_DATABASE_URL ? 'postgres' : 'embedded', version: 'bench' });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: principal.email, password }) });
    if (login.status !== 204) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    server = { url, cookie: login.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]! };
    console.log(`load: GET /api/health and GET /api/me at ${rate} requests/s each; Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(2)}`);
    try {
      // The imports' bytes are moved to the parsing worker: each import gets its own copy.
      const entries = () => [{ name: 'bundle.zip', bytes: zip.slice() }];
      await timed('idle (no import)', async () => {
        await new Promise((r) => setTimeout(r, 5000));
        const none = { inBundle: 0, created: 0, updated: 0, unchanged: 0, inactivated: 0 };
        return { counts: { users: none, enrollments: none } } as unknown as RosterImportResult;
      });
      await timed('first import', () => importRoster(db, { target: { createDistrict: true }, actorId: null, entries: entries(), via: 'cli' }));
      if (firstOnly) return;
      const district = await db.selectFrom('districts').select('id').where('sourced_id', '=', 'district-1').executeTakeFirstOrThrow();
      const target = { districtId: district.id };
      await timed('re-import (same)', () => importRoster(db, { target, actorId: null, entries: entries(), via: 'cli' }));
      const changedZip = zipBundle(changed(files));
      await timed('re-import (changed)', () => importRoster(db, { target, actorId: null, entries: [{ name: 'bundle.zip', bytes: changedZip }], via: 'cli', confirmDeactivations: true }));
    } finally {
      await app.close();
    }
  } finally {
    await closeWorkers();
    await db.destroy();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
