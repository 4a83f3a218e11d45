import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../db/database';
import { createDistrict, createSchool, createStaff } from '../../db/seed/builders';
import { TEST_PASSWORD, testPasswordHash } from '../test/helpers';
import { alive, endChild, livePostmaster, startAppProcess, stopPostmaster, waitReady, type RunningApp } from './helpers';

/**
 * Losing the database does not take Rounds down. Rounds runs as its own process on its embedded PostgreSQL while
 * a few clients keep reading and saving visits; then
 * (a) the postmaster is killed with SIGKILL: requests answer 503 (stable code, Retry-After; never a 500, never a
 *     hang) until Rounds has restarted its database by itself, and then succeed again;
 * (b) PostgreSQL (the postmaster and every backend) is frozen with SIGSTOP for longer than the statement time limit:
 *     requests answer 503 within the limit and a small margin instead of waiting, and succeed again after SIGCONT.
 * Every visit save that was acknowledged (2xx) is in the database at the end. The test brings its own server
 * (only the embedded one can be killed and frozen), so it runs once, in the embedded suite.
 */
const READ_LIMIT_MS = 1_500;
const WRITE_LIMIT_MS = 2_000;
const CONNECT_LIMIT_MS = 2_000;
/** The client-side margin over the statement limit (db/database.ts CLIENT_TIMEOUT_MARGIN_MS) and scheduling slack. */
const MARGIN_MS = 1_000;
const SLACK_MS = 2_000;
/** No 503 may take longer than this. */
const BOUND_MS = Math.max(WRITE_LIMIT_MS, CONNECT_LIMIT_MS) + MARGIN_MS + SLACK_MS;
/** A request with no answer after this long is counted as hanging. */
const HANG_MS = 15_000;
const CLIENTS = 6;
const DATABASE_CODES = ['database_unavailable', 'database_timeout', 'database_busy'];

const children: ChildProcess[] = [];
let dataDir: string;
let app: RunningApp;
let cookie: string;
let schoolId: string;
let teacherId: string;
/** Every visit id whose save was acknowledged with a 2xx, over both proofs. */
const acknowledged = new Set<string>();

/** The embedded cluster's connection string (its password is in the data directory, its port in postmaster.pid). */
function clusterUrl(): string {
  const password = readFileSync(path.join(dataDir, 'db-password'), 'utf8').trim();
  const port = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]!.trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/rounds`;
}

/** Waits until `condition` holds, checking every 20 ms; fails with `what` after `ms`. */
async function until(what: string, condition: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${app?.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Outcome {
  started: number;
  ms: number;
  kind: 'read' | 'write' | 'health';
  status: number | 'network' | 'hang';
  code?: string;
  retryAfter?: string | null;
  body?: unknown;
}

/** Clients reading and saving visits as fast as answers come (one request at a time each), until stopped. */
class Load {
  readonly outcomes: Outcome[] = [];
  private running = true;
  private readonly workers: Promise<void>[];

  constructor() {
    this.workers = Array.from({ length: CLIENTS }, (_, i) => this.work(i));
    this.workers.push(this.watchHealth());
  }

  private async send(kind: Outcome['kind'], url: string, init: RequestInit = {}): Promise<Outcome> {
    const started = Date.now();
    const outcome: Outcome = { started, ms: 0, kind, status: 'network' };
    try {
      const res = await fetch(`${app.base}${url}`, { ...init, signal: AbortSignal.timeout(HANG_MS) });
      outcome.status = res.status;
      outcome.retryAfter = res.headers.get('retry-after');
      const text = await res.text();
      const body = text ? (JSON.parse(text) as { error?: { code?: string } }) : undefined;
      outcome.code = body?.error?.code;
      if (kind === 'health') outcome.body = body;
    } catch (error) {
      outcome.status = (error as Error).name === 'TimeoutError' ? 'hang' : 'network';
    }
    outcome.ms = Date.now() - started;
    this.outcomes.push(outcome);
    return outcome;
  }

  private async work(client: number): Promise<void> {
    for (let n = 0; this.running; n++) {
      if (n % 2 === 0) {
        const id = randomUUID();
        const body = { id, schoolId, teacherId, startedAt: new Date().toISOString(), durationMinutes: 5, evidence: `outage check ${client}/${n}`, tags: [] };
        const outcome = await this.send('write', '/api/visits', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, origin: app.base, 'sec-fetch-site': 'same-origin' },
          body: JSON.stringify(body),
        });
        if (outcome.status === 200 || outcome.status === 201) acknowledged.add(id);
      } else {
        const known = [...acknowledged].at(-1 - client);
        await this.send('read', known ? `/api/visits/${known}` : '/api/me', { headers: { cookie } });
      }
      await new Promise((r) => setTimeout(r, 25)); // a little think time between one client's requests
    }
  }

  private async watchHealth(): Promise<void> {
    while (this.running) {
      await this.send('health', '/api/health', { headers: { cookie } }); // as from a signed-in browser
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The API requests (not the health checks) that started within [from, to). */
  api(from = 0, to = Infinity): Outcome[] {
    return this.outcomes.filter((o) => o.kind !== 'health' && o.started >= from && o.started < to);
  }

  /** True once the last `n` API answers, all begun after `after`, are 2xx. */
  recovered(after: number, n = 20): boolean {
    const recent = this.outcomes.filter((o) => o.kind !== 'health').slice(-n);
    return recent.length === n && recent.every((o) => o.started > after && typeof o.status === 'number' && o.status < 300);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }
}

/**
 * The answers that break the promise: anything but a 2xx or a 503 with a stable code and Retry-After, a 503 that
 * took longer than the bound, and no answer at all (a network error, or none within HANG_MS).
 */
function broken(outcomes: Outcome[]): Outcome[] {
  return outcomes.filter((o) => {
    if (o.kind === 'health') return o.status !== 200 && o.status !== 503;
    if (typeof o.status === 'number' && o.status < 300) return false;
    return o.status !== 503 || !DATABASE_CODES.includes(o.code ?? '') || !(Number(o.retryAfter) > 0) || o.ms > BOUND_MS;
  });
}

function summary(outcomes: Outcome[]) {
  const api = outcomes.filter((o) => o.kind !== 'health');
  const codes: Record<string, number> = {};
  for (const o of api) if (o.status === 503) codes[o.code ?? '?'] = (codes[o.code ?? '?'] ?? 0) + 1;
  return {
    requests: api.length,
    unavailable: api.filter((o) => o.status === 503).length,
    codes,
    maxMs: Math.max(...api.map((o) => o.ms)),
    maxUnavailableMs: Math.max(0, ...api.filter((o) => o.status === 503).map((o) => o.ms)),
  };
}

/** The postmaster's children (backends and helper processes), from /proc. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

const healthBody = (o: Outcome) => o.body as { database?: { ok?: boolean; error?: string; restarts?: number } } | undefined;

describe.skipIf(inject('databaseKind') !== 'embedded' || os.platform() !== 'linux')('losing the database', () => {
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-outage-'));
    await fs.chmod(dataDir, 0o755);
    app = await startAppProcess(
      {
        ROUNDS_DATA_DIR: dataDir,
        ROUNDS_STATEMENT_TIMEOUT_MS: String(READ_LIMIT_MS),
        ROUNDS_WRITE_STATEMENT_TIMEOUT_MS: String(WRITE_LIMIT_MS),
        ROUNDS_DB_CONNECT_TIMEOUT_MS: String(CONNECT_LIMIT_MS),
      },
      children,
    );
    await waitReady(app, 120_000);
    const db = createDb(clusterUrl(), { max: 2 });
    try {
      const district = await createDistrict(db);
      const school = await createSchool(db, { districtId: district.id });
      const passwordHash = await testPasswordHash();
      const principal = await createStaff(db, { districtId: district.id, roles: [{ role: 'principal', schoolId: school.id }], passwordHash });
      const teacher = await createStaff(db, { districtId: district.id, roles: [{ role: 'teacher', schoolId: school.id }] });
      schoolId = school.id;
      teacherId = teacher.id;
      const login = await fetch(`${app.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.base },
        body: JSON.stringify({ email: principal.email, password: TEST_PASSWORD }),
      });
      expect(login.status).toBe(204);
      cookie = login.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]!;
    } finally {
      await db.destroy();
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => endChild(c, 10_000)));
    if (dataDir) {
      await stopPostmaster(dataDir);
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('(a) PostgreSQL killed with SIGKILL: 503s with Retry-After, never a 500 or a hang; Rounds restarts it and requests succeed again', async () => {
    const load = new Load();
    try {
      await until('30 acknowledged visits', () => acknowledged.size >= 30, 30_000);
      const postmaster = livePostmaster(dataDir)!;
      const killedAt = Date.now();
      process.kill(postmaster, 'SIGKILL');
      await until('a 503 after the kill', () => load.api(killedAt).some((o) => o.status === 503), 15_000);
      await until('a restarted postmaster', () => (livePostmaster(dataDir) ?? postmaster) !== postmaster, 30_000);
      await until('requests succeeding again', () => load.recovered(killedAt), 30_000);
      const recoveredAt = Date.now();
      await load.stop();

      expect(broken(load.outcomes), JSON.stringify(broken(load.outcomes).slice(0, 5))).toEqual([]);
      const during = summary(load.api(killedAt));
      expect(during.unavailable).toBeGreaterThan(0);
      // Health said what was wrong while it was wrong, and counts the restart now.
      const outageHealth = load.outcomes.filter((o) => o.kind === 'health' && o.started >= killedAt && o.status === 503);
      expect(outageHealth.length, 'health answered 503 during the outage').toBeGreaterThan(0);
      expect(outageHealth.every((o) => healthBody(o)?.database?.ok === false && ['unreachable', 'timeout'].includes(healthBody(o)?.database?.error ?? ''))).toBe(true);
      const health = await fetch(`${app.base}/api/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { database: { restarts: number } }).database.restarts).toBe(1);
      // The same Rounds process throughout, and it logged what it did.
      expect(app.child.exitCode).toBeNull();
      expect(app.output()).toContain('the embedded PostgreSQL server stopped unexpectedly');
      expect(app.output()).toContain('the embedded PostgreSQL server is running again');
      const all = summary(load.outcomes);
      console.info(
        `database outage (SIGKILL): ${all.requests} requests, ${during.unavailable} answered 503 ${JSON.stringify(during.codes)}, ` +
          `0 other errors, max latency ${all.maxMs} ms (503s: ${during.maxUnavailableMs} ms), recovered ${recoveredAt - killedAt} ms after the kill`,
      );
    } finally {
      await load.stop();
    }
  }, 120_000);

  it('(b) PostgreSQL frozen with SIGSTOP past the time limit: 503s within the limit and a margin, then recovery after SIGCONT', async () => {
    const load = new Load();
    let frozen: number[] = [];
    try {
      const before = acknowledged.size;
      await until('30 more acknowledged visits', () => acknowledged.size >= before + 30, 30_000);
      const postmaster = livePostmaster(dataDir)!;
      // The postmaster first, so it forks no new backend, then everything it runs.
      process.kill(postmaster, 'SIGSTOP');
      frozen = [postmaster, ...childrenOf(postmaster)];
      for (const pid of frozen.slice(1)) process.kill(pid, 'SIGSTOP');
      const frozenAt = Date.now();
      // Frozen for longer than any limit, until requests begun during the freeze have been answered 503.
      await until(
        'requests begun during the freeze to be answered 503',
        () => Date.now() - frozenAt > BOUND_MS + 2_500 && load.api(frozenAt + 200).filter((o) => o.status === 503).length >= CLIENTS,
        30_000,
      );
      for (const pid of [...frozen].reverse()) process.kill(pid, 'SIGCONT');
      frozen = [];
      const thawedAt = Date.now();
      await until('requests succeeding again', () => load.recovered(thawedAt), 30_000);
      await load.stop();

      expect(broken(load.outcomes), JSON.stringify(broken(load.outcomes).slice(0, 5))).toEqual([]);
      // Whatever began while the database was frozen (and could not finish before) was answered 503, in time.
      const duringFreeze = load.api(frozenAt + 200, thawedAt - BOUND_MS);
      expect(duringFreeze.length).toBeGreaterThan(0);
      expect(duringFreeze.filter((o) => o.status !== 503)).toEqual([]);
      const frozenHealth = load.outcomes.filter((o) => o.kind === 'health' && o.started >= frozenAt + 200 && o.started < thawedAt - 2_500);
      expect(frozenHealth.length).toBeGreaterThan(0);
      expect(frozenHealth.every((o) => o.status === 503 && healthBody(o)?.database?.error === 'timeout' && o.ms < 2_000 + SLACK_MS)).toBe(true);
      expect(app.child.exitCode).toBeNull();
      const during = summary(load.api(frozenAt, thawedAt));
      // Said as it is: the database did not answer (not "busy", though every connection was held by a frozen statement).
      expect(during.codes.database_timeout).toBeGreaterThan(0);
      const all = summary(load.outcomes);
      console.info(
        `database outage (SIGSTOP ${thawedAt - frozenAt} ms): ${all.requests} requests, ${during.unavailable} answered 503 ${JSON.stringify(during.codes)}, ` +
          `0 other errors, max latency ${all.maxMs} ms (bound ${BOUND_MS} ms)`,
      );
    } finally {
      for (const pid of frozen) if (alive(pid)) process.kill(pid, 'SIGCONT');
      await load.stop();
    }

    // No acknowledged visit save was lost, over both proofs.
    const client = new pg.Client({ connectionString: clusterUrl() });
    await client.connect();
    try {
      const ids = [...acknowledged];
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM visits WHERE id = ANY($1::uuid[])', [ids]);
      expect(Number(rows[0]!.n)).toBe(ids.length);
      console.info(`database outage: ${ids.length} visit saves acknowledged over both proofs, 0 lost`);
    } finally {
      await client.end();
    }
  }, 120_000);
});
