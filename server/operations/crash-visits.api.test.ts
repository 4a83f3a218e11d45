import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { endChild, livePostmaster, startAppProcess, stopPostmaster, waitGone, waitReady, type RunningApp } from './helpers';

/**
 * Crash safety of visit writes: the app (on its embedded PostgreSQL, with the demo district) takes 200 concurrent
 * visit saves and is killed with SIGKILL mid-stream, again and again (ROUNDS_CRASH_APP_KILLS, default 20), and
 * its PostgreSQL too (ROUNDS_CRASH_DB_KILLS, default 5). Phones retry what was not acknowledged with the same ids.
 * At the end every acknowledged visit is there, and there is exactly one row per visit id ever sent.
 * It brings its own database, so it runs once, in the embedded suite.
 */
const APP_KILLS = Number(process.env.ROUNDS_CRASH_APP_KILLS ?? 20);
const DB_KILLS = Number(process.env.ROUNDS_CRASH_DB_KILLS ?? 5);
const CONCURRENCY = 200;
const children: ChildProcess[] = [];
let dataDir: string;
const marker = `crash-run-${randomUUID()}`;

afterAll(async () => {
  await Promise.all(children.map((c) => endChild(c, 10_000)));
  if (dataDir) {
    await stopPostmaster(dataDir);
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}, 90_000);

interface Session {
  cookie: string;
  schoolId: string;
  teacherIds: string[];
}

async function session(base: string): Promise<Session> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'principal@demo.test', password: 'rounds-demo' }) });
  expect(login.status).toBe(204);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]!;
  const me = (await (await fetch(`${base}/api/me`, { headers: { cookie } })).json()) as { schools: { id: string }[] };
  const schoolId = me.schools[0]!.id;
  const staff = (await (await fetch(`${base}/api/schools/${schoolId}/staff?role=teacher`, { headers: { cookie } })).json()) as { id: string }[];
  return { cookie, schoolId, teacherIds: staff.map((s) => s.id) };
}

/** Sends visits with 200 in flight; `kill` runs once `killAfter` are acknowledged. Returns the acknowledged ids. */
const refusals: Record<string, number> = {};
/** A phone resends exactly what it queued: the same body for the same id, every time. */
const bodies = new Map<string, object>();
function bodyOf(id: string, s: Session): object {
  let body = bodies.get(id);
  if (!body) {
    body = { id, schoolId: s.schoolId, teacherId: s.teacherIds[bodies.size % s.teacherIds.length], startedAt: new Date().toISOString(), durationMinutes: 5, evidence: `${marker} ${id}`, tags: [] };
    bodies.set(id, body);
  }
  return body;
}
async function stream(app: RunningApp, s: Session, ids: string[], killAfter: number, kill?: () => void): Promise<Set<string>> {
  const acked = new Set<string>();
  const queue = [...ids];
  let killed = false;
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (!killed && queue.length > 0) {
      const id = queue.shift()!;
      try {
        const res = await fetch(`${app.base}/api/visits`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: s.cookie, origin: app.base },
          body: JSON.stringify(bodyOf(id, s)),
        });
        if (res.status === 201 || res.status === 200) acked.add(id);
        else {
          const key = `${res.status} ${(await res.text()).slice(0, 120)}`;
          refusals[key] = (refusals[key] ?? 0) + 1;
        }
      } catch (error) {
        if (!kill) refusals[`network ${String(error)}`] = (refusals[`network ${String(error)}`] ?? 0) + 1;
        if (kill) return; // the app is gone: this one is retried after the restart
      }
      if (kill && !killed && acked.size >= killAfter) {
        killed = true;
        kill();
      }
    }
  });
  await Promise.all(workers);
  return acked;
}

/** A direct connection to the embedded cluster (its password is in the data directory, its port in postmaster.pid). */
async function count(): Promise<{ rows: number; distinct: number }> {
  const password = readFileSync(path.join(dataDir, 'db-password'), 'utf8').trim();
  const port = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]!.trim();
  const client = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/rounds` });
  await client.connect();
  try {
    const { rows } = await client.query<{ rows: string; distinct: string }>('SELECT count(*) AS rows, count(DISTINCT id) AS distinct FROM visits WHERE evidence LIKE $1', [`${marker}%`]);
    return { rows: Number(rows[0]!.rows), distinct: Number(rows[0]!.distinct) };
  } finally {
    await client.end();
  }
}

describe.skipIf(inject('databaseKind') !== 'embedded')('crash safety of visit writes', () => {
  it(`keeps every acknowledged visit through ${APP_KILLS} app kills and ${DB_KILLS} PostgreSQL kills at ${CONCURRENCY} concurrent writes, with no duplicate after retry`, async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-crash-visits-'));
    await fs.chmod(dataDir, 0o755);
    const start = async () => {
      const app = await startAppProcess({ ROUNDS_DATA_DIR: dataDir, ROUNDS_DEMO: '1' }, children);
      await waitReady(app, 180_000);
      return app;
    };
    let app = await start();
    const sent = new Set<string>();
    const acknowledged = new Set<string>();
    let retry: string[] = [];
    for (let round = 0; round < APP_KILLS + DB_KILLS; round++) {
      const s = await session(app.base);
      const fresh = Array.from({ length: 400 }, () => randomUUID());
      const ids = [...retry, ...fresh];
      ids.forEach((id) => sent.add(id));
      const victim = app;
      const killDb = round >= APP_KILLS;
      const postmaster = killDb ? livePostmaster(dataDir) : undefined;
      const acked = await stream(victim, s, ids, 150, () => {
        if (postmaster) process.kill(postmaster, 'SIGKILL');
        victim.child.kill('SIGKILL');
      });
      acked.forEach((id) => acknowledged.add(id));
      retry = ids.filter((id) => !acked.has(id));
      await victim.exited;
      if (postmaster) expect(await waitGone(postmaster, 10_000)).toBe(true);
      app = await start();
    }
    // The phones send what was never acknowledged once more, now without a crash.
    const s = await session(app.base);
    const last = await stream(app, s, retry, Infinity);
    last.forEach((id) => acknowledged.add(id));
    expect(retry.filter((id) => !last.has(id)), JSON.stringify(refusals)).toEqual([]);

    const { rows, distinct } = await count();
    expect(distinct, 'every visit id sent is stored').toBe(sent.size);
    expect(rows, 'one row per visit id: nothing doubled by the retries').toBe(sent.size);
    for (const id of [...acknowledged].slice(0, 50)) {
      const res = await fetch(`${app.base}/api/visits/${id}`, { headers: { cookie: s.cookie } });
      expect(res.status).toBe(200);
    }
    console.info(`crash: ${APP_KILLS} app kills, ${DB_KILLS} PostgreSQL kills, ${sent.size} visits sent, ${acknowledged.size} acknowledged before retry completed, 0 lost, 0 doubled`);
  }, 1_200_000);
});
