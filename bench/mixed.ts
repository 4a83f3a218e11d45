/**
 * Mixed load on two app processes sharing one PostgreSQL: visit writes (~20%) among the reads leaders and teachers
 * make all day (planner, coverage, the visit list, the school's home page, /api/me, habit; for teachers My
 * classroom, notifications and their schedule).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/mixed.ts
 *
 * DATABASE_URL names a PostgreSQL server (15 or newer) and a database to connect to first; the benchmark creates a
 * database of its own there (dropped at the end), migrates it, seeds the demo district (two schools, ~40 teachers
 * with bell schedules, ~800 students, a term of visits), starts two app processes (`server/main.ts`) on free ports
 * with that database, signs in the four demo leaders and four teachers, then:
 * 1. closed loop: BENCH_CONNECTIONS (200) connections, half on each process, as fast as they go, BENCH_SECONDS (30);
 * 2. offered rates (an open model, bench/lib/open-loop.ts: Poisson arrivals over the same 200 open connections,
 *    latency from the moment a request was due): the same mix, writes arriving at each of BENCH_RATES writes/s
 *    (10,25,50,100; reads at about four times that), BENCH_RATE_SECONDS (20) each.
 * Writes and reads are reported apart: requests, errors and non-2xx, requests/s, p50/p95/p99/max, with the load
 * average before and after each run. BENCH_NODE_ARGS adds Node options to the app processes (a CPU profile:
 * `--cpu-prof --cpu-prof-dir=/tmp/profiles`). A small check: BENCH_CONNECTIONS=20 BENCH_SECONDS=3 BENCH_RATES=20 BENCH_RATE_SECONDS=3.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, migrateToLatest } from '../db/database';
import { DEMO_PASSWORD, seedDemo } from '../db/seed/demo';
import { hashPassword } from '../server/modules/auth/passwords';
import { openLoop, type OpenLoopKind } from './lib/open-loop';
import { runBenchmark } from './lib/run';

const SECRET_KEY = randomBytes(32).toString('base64');
const connections = Number(process.env.BENCH_CONNECTIONS ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const rates = (process.env.BENCH_RATES ?? '10,25,50,100').split(',').filter(Boolean).map(Number);
const rateSeconds = Number(process.env.BENCH_RATE_SECONDS ?? 20);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LEADERS = ['principal@demo.test', 'principal.ms@demo.test', 'ap@demo.test', 'coach@demo.test'];
/** One connection in ten is a teacher's (reads only); leaders write two requests in ten. */
const TEACHER_SHARE = 0.1;
const WRITE_SHARE = (1 - TEACHER_SHARE) * 0.2;

interface BenchUser {
  cookie: string;
  role: 'leader' | 'teacher';
  personId: string;
  schoolIds: string[];
}
interface SchoolData {
  teachers: { id: string; classIds: string[] }[];
  lookFors: string[];
}
type KindResult = OpenLoopKind;
interface RunResult {
  duration: number;
  errors: number;
  timeouts: number;
  kinds: KindResult[];
}

/**
 * The mix (plain JavaScript, run in the load workers: TypeScript loaders do not reach workers on Node 20): the n-th
 * request goes to user n % 40 of the list, who makes the next request of their cycle of ten.
 */
const MIX_BUILDER = `(n, d, randomUUID) => {
  const LEADER = ['write', 'planner', 'home', 'visits', 'coverage', 'write', 'me', 'home', 'visits', 'habit'];
  const TEACHER = ['me', 'myVisits', 'notifications', 'schedule', 'me', 'myVisits', 'notifications', 'schedule', 'me', 'myVisits'];
  const EVIDENCE = ['T: "Turn and tell your partner how you know." 18 of 22 students talking about the problem.',
    'Exit ticket on the board; students working in pairs, teacher conferring with the table by the window.',
    'Learning target posted and read aloud; three students restated it in their own words when asked.'];
  const pick = (items, i) => items[i % items.length];
  const slot = n % d.users.length;
  const u = d.users[slot];
  d.steps ??= {};
  const step = (d.steps[slot] = (d.steps[slot] ?? slot * 7) + 1);
  const kind = (u.role === 'leader' ? LEADER : TEACHER)[step % 10];
  const schoolId = pick(u.schoolIds, step);
  const school = d.schools[schoolId];
  const headers = { cookie: u.cookie, 'sec-fetch-site': 'same-origin' }; // what a browser sends from Rounds' pages (server/http/csrf.ts)
  const get = (path) => ({ kind, method: 'GET', path, headers });
  switch (kind) {
    case 'write': {
      const teacher = pick(school.teachers, step * 13);
      const tags = school.lookFors.length === 0 ? [] : step % 3 === 0 ? [] : step % 3 === 1 ? [pick(school.lookFors, step)] : [pick(school.lookFors, step), pick(school.lookFors, step + 1)];
      const body = {
        id: randomUUID(), schoolId, teacherId: teacher.id,
        classId: teacher.classIds.length > 0 && step % 2 === 0 ? pick(teacher.classIds, step) : null,
        startedAt: new Date().toISOString(), durationMinutes: 5 + (step % 11), evidence: pick(EVIDENCE, step), tags: [...new Set(tags)],
        privateNote: step % 4 === 0 ? 'Ask about the small group at the back table.' : null,
      };
      return { kind, method: 'POST', path: '/api/visits', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    }
    case 'planner': return get('/api/planner?schoolId=' + schoolId);
    case 'coverage': return get('/api/coverage?schoolId=' + schoolId);
    case 'visits': return get('/api/visits?limit=20&schoolId=' + schoolId);
    case 'home': return get('/api/schools/' + schoolId);
    case 'habit': return get('/api/habit?schoolId=' + schoolId);
    case 'me': return get('/api/me');
    case 'myVisits': return get('/api/my/visits');
    case 'notifications': return get('/api/notifications');
    case 'schedule': return get('/api/schools/' + schoolId + '/teachers/' + u.personId + '/schedule');
  }
}`;

/**
 * The closed-loop load generator, one per app process, in a worker thread. Each request comes from the mix; a
 * response is attributed to its request through autocannon's onResponse hook, which runs just before the
 * 'response' event.
 */
const MIXED_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const autocannon = require(workerData.autocannonPath);
const d = workerData;
const build = new Function('return (' + d.build + ')')();
const kinds = {};
let n = 0;
let current = 'unknown';
const instance = autocannon({
  url: d.url, connections: d.connections, duration: d.seconds,
  requests: [{
    setupRequest: (req, context) => {
      const r = build(n++, d, randomUUID);
      context.kind = r.kind;
      return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
    },
    onResponse: (_status, _body, context) => { current = context.kind; },
  }],
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  const k = (kinds[current] ??= { kind: current, times: [], statuses: {} });
  if (statusCode >= 200 && statusCode < 300) k.times.push(responseTime);
  k.statuses[statusCode] = (k.statuses[statusCode] ?? 0) + 1;
});
instance.then((result) => {
  parentPort.postMessage({ duration: result.duration, errors: result.errors, timeouts: result.timeouts, kinds: Object.values(kinds) });
});
`;


function runLoad(job: { url: string; connections: number; seconds: number; users: BenchUser[]; schools: Record<string, SchoolData> }): Promise<RunResult> {
  const autocannonPath = createRequire(import.meta.url).resolve('autocannon');
  return new Promise((resolve, reject) => {
    const worker = new Worker(MIXED_WORKER, { eval: true, workerData: { ...job, build: MIX_BUILDER, autocannonPath } });
    worker.once('message', (result: RunResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

const pctOf = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** One line: requests, errors, rate and percentiles of the 2xx responses of some request kinds. */
function line(label: string, kinds: KindResult[], duration: number): string {
  const times = kinds.flatMap((k) => k.times).sort((a, b) => a - b);
  const total = kinds.reduce((n, k) => n + Object.values(k.statuses).reduce((a, b) => a + b, 0), 0);
  const bad: Record<string, number> = {};
  for (const k of kinds) for (const [status, n] of Object.entries(k.statuses)) if (!status.startsWith('2')) bad[status] = (bad[status] ?? 0) + n;
  const badText = Object.entries(bad).map(([s, n]) => `${n}x${s}`).join(' ');
  return (
    `  ${label.padEnd(16)} ${String(total).padStart(7)} req ${(times.length / duration).toFixed(0).padStart(5)}/s   ` +
    `p50 ${pctOf(times, 50).toFixed(1)} ms   p95 ${pctOf(times, 95).toFixed(1)} ms   p99 ${pctOf(times, 99).toFixed(1)} ms   max ${(times.at(-1) ?? NaN).toFixed(1)} ms` +
    `${badText ? `   non-2xx: ${badText}` : ''}`
  );
}

/**
 * Runs the mix on both processes at once (half the connections each) and prints the lines: closed loop with
 * autocannon, or, given `totalRate`, an open model at that many requests per second in all (half on each process).
 */
async function mixed(label: string, urls: string[], users: BenchUser[], schools: Record<string, SchoolData>, secs: number, totalRate?: number) {
  const before = load();
  const results: RunResult[] = await Promise.all(
    urls.map((url, i) => {
      // Each process sees every user, starting at a different one.
      const rotated = [...users.slice(i), ...users.slice(0, i)];
      const perProcess = Math.ceil(connections / urls.length);
      if (totalRate === undefined) return runLoad({ url, connections: perProcess, seconds: secs, users: rotated, schools });
      return openLoop({ url, connections: perProcess, rate: totalRate / urls.length, seconds: secs, build: MIX_BUILDER, data: { users: rotated, schools } }).then((r) => ({ ...r, timeouts: 0 }));
    }),
  );
  const duration = Math.max(...results.map((r) => r.duration));
  const byKind = new Map<string, KindResult>();
  for (const r of results) {
    for (const k of r.kinds) {
      const into = byKind.get(k.kind) ?? { kind: k.kind, times: [], statuses: {} };
      into.times.push(...k.times);
      for (const [s, n] of Object.entries(k.statuses)) into.statuses[s] = (into.statuses[s] ?? 0) + n;
      byKind.set(k.kind, into);
    }
  }
  const kinds = [...byKind.values()];
  const writes = kinds.filter((k) => k.kind === 'write');
  const reads = kinds.filter((k) => k.kind !== 'write');
  const errors = results.reduce((n, r) => n + r.errors, 0);
  const timeouts = results.reduce((n, r) => n + r.timeouts, 0);
  process.stdout.write(`${label} (load average before ${before}, after ${load()}; ${errors} connection errors, ${timeouts} timeouts)\n`);
  process.stdout.write(`${line('writes', writes, duration)}\n${line('reads', reads, duration)}\n`);
  for (const k of reads.sort((a, b) => a.kind.localeCompare(b.kind))) process.stdout.write(`${line(`  ${k.kind}`, [k], duration)}\n`);
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Starts one app process on the database and waits until it answers its health check. */
async function startApp(databaseUrl: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_NODE_ARGS adds Node options to the app processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ROUNDS_DEMO: '0',
      LOG_LEVEL: 'warn',
      ROUNDS_WEB_DIR: '/nonexistent',
      ROUNDS_DATA_DIR: dataDir,
      // One key for every process of the install, as in a deployment: each encrypts and reads the same stored secrets.
      ROUNDS_SECRET_KEY: SECRET_KEY,
      SMTP_URL: '',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app process on port ${port} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app process on port ${port} did not start within 120 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  if (res.status !== 204) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]!;
}

async function main() {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error('Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres');
  const name = `rounds_mixed_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  const u = new URL(server);
  u.pathname = `/${name}`;
  const databaseUrl = u.toString();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-mixed-'));
  const apps: ChildProcess[] = [];
  await admin(`CREATE DATABASE ${name}`);
  try {
    const db = createDb(databaseUrl, { max: 4 });
    const users: BenchUser[] = [];
    const schools: Record<string, SchoolData> = {};
    try {
      const t0 = Date.now();
      await migrateToLatest(db);
      await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
      await sql`ANALYZE`.execute(db);
      const visits = await db.selectFrom('visits').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      const schoolRows = await db.selectFrom('schools').select(['id', 'name']).execute();
      for (const s of schoolRows) {
        const teachers = await db.selectFrom('role_assignments').select('person_id').where('school_id', '=', s.id).where('role', '=', 'teacher').execute();
        const classes = await db.selectFrom('enrollments').select(['person_id', 'class_id']).where('school_id', '=', s.id).where('role', '=', 'teacher').execute();
        const lookFors = await db.selectFrom('look_fors').select('id').where('school_id', '=', s.id).where('active', '=', true).execute();
        schools[s.id] = {
          teachers: teachers.map((t) => ({ id: t.person_id, classIds: classes.filter((c) => c.person_id === t.person_id).map((c) => c.class_id) })),
          lookFors: lookFors.map((l) => l.id),
        };
      }
      process.stdout.write(
        `Mixed benchmark on ${new URL(server).host}, Node ${process.version}, ${os.cpus().length} cores; database ${name}\n` +
          `  district: ${schoolRows.length} schools, ${Object.values(schools).reduce((n, s) => n + s.teachers.length, 0)} teachers, ${visits.n} visits (seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
      // The indexes every visit save maintains, and how often this mix's reads (and the writes' own checks) use them.
      const indexScans = async () =>
        new Map(
          (
            await sql<{ index: string; scans: number }>`
              SELECT indexrelname AS index, idx_scan::int AS scans FROM pg_stat_user_indexes
              WHERE relname IN ('visits', 'visit_look_fors', 'visit_days', 'visit_tag_days', 'notifications', 'email_outbox', 'audit_log')
              ORDER BY relname, indexrelname`.execute(db)
          ).rows.map((r) => [r.index, r.scans]),
        );
      await new Promise((r) => setTimeout(r, 1500));
      const before = await indexScans();
      const started = await Promise.all([startApp(databaseUrl, dataDir), startApp(databaseUrl, dataDir)]);
      apps.push(...started.map((s) => s.child));
      const urls = started.map((s) => s.url);

      const people = await db.selectFrom('people').select(['id', 'email']).where('email', 'in', LEADERS).execute();
      const teacherRows = await db
        .selectFrom('people as p')
        .innerJoin('role_assignments as r', 'r.person_id', 'p.id')
        .innerJoin('credentials as c', 'c.person_id', 'p.id')
        .select(['p.id', 'p.email', 'r.school_id'])
        .where('r.role', '=', 'teacher')
        .orderBy('p.email')
        .limit(4)
        .execute();
      for (const email of LEADERS) {
        const person = people.find((p) => p.email === email)!;
        const roles = await db.selectFrom('role_assignments').select('school_id').where('person_id', '=', person.id).where('role', 'in', ['principal', 'assistant_principal', 'coach']).execute();
        users.push({ cookie: await signIn(urls[0]!, email), role: 'leader', personId: person.id, schoolIds: roles.map((r) => r.school_id!) });
      }
      const teachers: BenchUser[] = [];
      for (const t of teacherRows) teachers.push({ cookie: await signIn(urls[1]!, t.email!), role: 'teacher', personId: t.id, schoolIds: [t.school_id!] });
      // Nine leader connections to each teacher's: a list the connections take users from in turn.
      const mix: BenchUser[] = [];
      for (let i = 0; mix.length < 40; i++) mix.push(i % Math.round(1 / TEACHER_SHARE) === 9 ? teachers[i % teachers.length]! : users[i % users.length]!);
      process.stdout.write(`  2 app processes (${urls.join(', ')}), ${connections} connections; signed in ${users.length} leaders and ${teachers.length} teachers\n`);

      await mixed('warm-up', urls, mix, schools, 3);
      await mixed(`closed loop, ${connections} connections, ${seconds} s`, urls, mix, schools, seconds);
      for (const rate of rates) {
        const total = Math.round(rate / WRITE_SHARE);
        await mixed(`offered ${rate} writes/s + ${total - rate} reads/s, ${connections} connections, ${rateSeconds} s`, urls, mix, schools, rateSeconds, total);
      }
      const stored = await db.selectFrom('visits').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      process.stdout.write(`  visits stored during the runs: ${stored.n - visits.n}\n`);
      await new Promise((r) => setTimeout(r, 1500)); // the app processes' statistics reach the view within a second
      const after = await indexScans();
      process.stdout.write(`  index scans during the runs: ${[...after].map(([index, n]) => `${index} ${n - (before.get(index) ?? 0)}`).join(', ')}\n`);
    } finally {
      await db.destroy();
    }
  } finally {
    // Let the requests still in flight when the load stopped finish before the processes shut down.
    await new Promise((r) => setTimeout(r, 2000));
    await Promise.all(apps.map(stopApp));
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

runBenchmark(main);
