import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { alive, endChild, livePostmaster, runCliCommand, startAppProcess, stopPostmaster, waitGone, waitReady, type RunningApp } from './helpers';

/**
 * The real app as a child process on the embedded database: killed without warning mid-stream, it must lose no
 * acknowledged write, and the next start must take over the PostgreSQL server the dead process left behind.
 * Each app here starts its own embedded server, so the suite on an external server (TEST_DATABASE_URL) skips it
 * rather than run the same thing twice.
 */

const ADMIN = { email: 'crash.admin@example.test', password: 'crash test password 1' };
const children: ChildProcess[] = [];
const dataDirs: string[] = [];

async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-crash-'));
  dataDirs.push(dir);
  return dir;
}

/** Starts the app on a data directory (embedded database). */
const startApp = (dataDir: string) => startAppProcess({ ROUNDS_DATA_DIR: dataDir }, children);

async function signIn(base: string): Promise<string | undefined> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  // A district admin without two-step verification gets a session that may only enrol (200): still a committed row.
  if (res.status !== 204 && res.status !== 200) return undefined;
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rounds_session='));
  return cookie?.split(';')[0];
}

/**
 * Fires sign-ins from 4 concurrent clients (each 204 is an acknowledged write: a committed session row), calls
 * `kill` once at least 12 are acknowledged, while requests are in flight, and returns every acknowledged cookie.
 */
async function signInStreamThenKill(app: RunningApp, kill: () => void): Promise<string[]> {
  const acked: string[] = [];
  let killed = false;
  const workers = Array.from({ length: 4 }, async () => {
    while (!killed) {
      try {
        const cookie = await signIn(app.base);
        // A 204 that arrives even just before the kill is acknowledged: it must survive too.
        if (cookie) acked.push(cookie);
      } catch {
        return; // the app is gone
      }
    }
  });
  const deadline = Date.now() + 30_000;
  while (acked.length < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(acked.length).toBeGreaterThanOrEqual(12);
  kill();
  killed = true;
  await Promise.all(workers);
  return acked;
}

/** 200 when the session behind the cookie still exists (at whatever stage of signing in), 401 when it does not. */
const me = async (base: string, cookie: string) => {
  const res = await fetch(`${base}/api/auth/state`, { headers: { cookie } });
  const { stage } = (await res.json()) as { stage: string };
  return { status: res.ok && stage !== 'none' ? 200 : 401 };
};

afterAll(async () => {
  // Whatever happened, leave no app and no PostgreSQL server behind.
  await Promise.all(children.map((child) => endChild(child, 10_000)));
  for (const dir of dataDirs) {
    await stopPostmaster(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 90_000);

describe.skipIf(inject('databaseKind') !== 'embedded')('crash safety of the embedded database', () => {
  let dataDir: string;
  let app: RunningApp;
  const acknowledged: string[] = [];

  it('keeps every acknowledged sign-in when the app is killed mid-stream, and recovers the orphaned PostgreSQL on restart', async () => {
    dataDir = await tempDataDir();
    const first = await startApp(dataDir);
    await waitReady(first);

    // The first account, made with the admin command while the app runs (it joins the app's database).
    const created = await runCliCommand(
      'admin-create',
      ['--email', ADMIN.email, '--name', 'Crash Admin', '--district', 'Crash Test District'],
      { ROUNDS_DATA_DIR: dataDir, ROUNDS_ADMIN_PASSWORD: ADMIN.password },
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);

    const acked = await signInStreamThenKill(first, () => first.child.kill('SIGKILL'));
    acknowledged.push(...acked);
    expect(await first.exited).toBeNull();

    // The app died; the PostgreSQL server it started is still running, orphaned, holding the cluster.
    const orphan = livePostmaster(dataDir);
    expect(orphan).toBeDefined();

    app = await startApp(dataDir);
    await waitReady(app);
    expect(alive(orphan!)).toBe(false);
    expect(livePostmaster(dataDir)).not.toBe(orphan);

    const statuses = await Promise.all(acknowledged.map(async (cookie) => (await me(app.base, cookie)).status));
    expect(statuses).toEqual(acknowledged.map(() => 200));
    expect((await me(app.base, 'rounds_session=not-a-session')).status).toBe(401);
  }, 120_000);

  it('refuses to start a second app on the same data directory, with a clear message, and the first keeps working', async () => {
    const second = await startApp(dataDir);
    const code = await Promise.race([second.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 45_000))]);
    expect(code).toBe(1);
    expect(second.output()).toContain(
      `Rounds could not start: Another Rounds process (pid ${app.child.pid}) is using the data directory ${dataDir}. Stop it first`,
    );
    expect((await me(app.base, acknowledged[0]!)).status).toBe(200);
  }, 60_000);

  it('backs up the running app, refuses to restore over it, and restores into a new data directory where sessions still work', async () => {
    const file = path.join(dataDirs[0]!, 'running.rounds.gz');
    const backup = await runCliCommand('backup', [file], { ROUNDS_DATA_DIR: dataDir });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Backing up the embedded database of the running Rounds (pid ${app.child.pid})`);

    const overRunning = await runCliCommand('restore', [file], { ROUNDS_DATA_DIR: dataDir });
    expect(overRunning.code).toBe(1);
    expect(overRunning.stderr).toContain(`Rounds (pid ${app.child.pid}) is running on the data directory ${dataDir}. Stop Rounds first`);

    const newDir = await tempDataDir();
    const restore = await runCliCommand('restore', [file], { ROUNDS_DATA_DIR: newDir });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    // The restore command stopped its own database server again.
    expect(livePostmaster(newDir)).toBeUndefined();

    const restored = await startApp(newDir);
    await waitReady(restored);
    try {
      expect((await me(restored.base, acknowledged.at(-1)!)).status).toBe(200);
      expect(await signIn(restored.base)).toMatch(/^rounds_session=/);
    } finally {
      await endChild(restored.child);
    }
    expect(await restored.exited).toBe(0);
    const postmaster = livePostmaster(newDir);
    if (postmaster) expect(await waitGone(postmaster, 10_000)).toBe(true);
  }, 120_000);

  it('keeps every acknowledged sign-in when the app and its PostgreSQL are both killed (recovery from the write-ahead log)', async () => {
    const postmaster = livePostmaster(dataDir)!;
    expect(postmaster).toBeDefined();
    const victim = app;
    const acked = await signInStreamThenKill(victim, () => {
      process.kill(postmaster, 'SIGKILL');
      victim.child.kill('SIGKILL');
    });
    await victim.exited;
    expect(await waitGone(postmaster, 10_000)).toBe(true);

    app = await startApp(dataDir);
    await waitReady(app);
    const statuses = await Promise.all([...acknowledged, ...acked].map(async (cookie) => (await me(app.base, cookie)).status));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 120_000);
});
