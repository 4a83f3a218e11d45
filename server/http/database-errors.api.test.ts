import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../db/database';
import { freePort } from '../../db/embedded';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import { testApp, type TestContext } from '../test/helpers';
import { access } from './access';
import type { App } from './types';

/**
 * A request never waits on the database for ever and never answers 500 because of it: a statement over its time
 * limit, no free connection, and a database that is not there all answer 503 with a stable code and Retry-After.
 * The outage itself (PostgreSQL killed, frozen, restarted) is proven with real processes in
 * server/operations/database-outage.api.test.ts.
 */
const slowRoutes = (db: () => Db) => (app: App) => {
  app.get('/api/test/slow', { config: { access: access.public } }, async () => {
    await sql`SELECT pg_sleep(2) AS slow_route_sleep`.execute(db());
    return { slept: true };
  });
  app.get('/api/test/quick', { config: { access: access.public } }, async () => {
    await sql`SELECT 1`.execute(db());
    return { quick: true };
  });
  app.get('/api/test/export', { config: { access: access.public, timeout: 'export' } }, async () => {
    await sql`SELECT pg_sleep(0.6)`.execute(db());
    return { slept: true };
  });
};

const expect503 = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, code: string) => {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(503);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String), retryAfterSeconds: expect.any(Number) } });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
};

describe('a statement over its time limit', () => {
  let t: TestContext;
  beforeAll(async () => {
    const holder: { db?: Db } = {};
    t = await testApp({ config: { statementTimeoutMs: { read: 300, write: 300, export: 5_000 } }, extraRoutes: slowRoutes(() => holder.db!) });
    holder.db = t.db;
  });
  afterAll(() => t.close());

  it('is cancelled by PostgreSQL and answers 503 database_timeout with Retry-After, and the connection serves the next request', async () => {
    const started = Date.now();
    const res = await t.app.inject({ method: 'GET', url: '/api/test/slow' });
    expect503(res, 'database_timeout');
    expect(Date.now() - started).toBeLessThan(1_500); // cancelled at 300 ms, not after the full two seconds
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('gives exports their own, longer limit', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/test/export' });
    expect(res.statusCode).toBe(200);
  });

  it('leaves the service’s own statements (jobs, start-up) to the server’s setting', async () => {
    const { rows } = await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(t.db);
    expect(rows[0]!.statement_timeout).toBe('0');
  });
});

describe('no free connection', () => {
  let t: TestContext;
  let observer: Db;
  beforeAll(async () => {
    observer = createDb(inject('databaseUrl'), { max: 1 });
    const db = createDb(inject('databaseUrl'), { max: 1, connectTimeoutMs: 1_000 });
    const config: Config = { ...loadConfig({}), webDir: '/nonexistent' };
    const built = await buildApp({ db, config, databaseKind: inject('databaseKind'), version: 'test' }, { extraRoutes: slowRoutes(() => db) });
    t = { ...built, db, close: async () => { await built.app.close(); await db.destroy(); await observer.destroy(); } };
  });
  afterAll(() => t.close());

  /** The backend running the slow route's statement, once it runs. */
  async function runningSlowStatement(): Promise<number> {
    for (let tries = 0; ; tries++) {
      const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%slow_route_sleep%' AND pid <> pg_backend_pid()`.execute(observer);
      if (rows[0]) return rows[0].pid;
      expect(tries, 'the slow request is running its statement').toBeLessThan(250);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('answers 503 database_unavailable when the server terminates the connection mid-statement, and the pool replaces it', async () => {
    const slow = t.app.inject({ method: 'GET', url: '/api/test/slow' });
    const pid = await runningSlowStatement();
    await sql`SELECT pg_terminate_backend(${pid})`.execute(observer); // 57P01, as in a server shutdown
    expect503(await slow, 'database_unavailable');
    const quick = await t.app.inject({ method: 'GET', url: '/api/test/quick' });
    expect(quick.statusCode, quick.body).toBe(200);
  });

  it('answers 503 database_busy once the wait for a pooled connection runs out', async () => {
    // The one request connection is opened first, so the first request below does not wait to connect.
    expect((await t.app.inject({ method: 'GET', url: '/api/test/quick' })).statusCode).toBe(200);
    const holding = t.app.inject({ method: 'GET', url: '/api/test/slow' });
    await runningSlowStatement(); // the first request has the only connection
    const started = Date.now();
    const waiting = await t.app.inject({ method: 'GET', url: '/api/test/slow' });
    expect503(waiting, 'database_busy');
    expect(Date.now() - started).toBeLessThan(1_900); // at the 1 s wait, not when the connection came free
    expect((await holding).statusCode).toBe(200);
  });
});

describe('a database that is not there', () => {
  let t: TestContext;
  beforeAll(async () => {
    // Nothing listens on this port: every connection is refused, as while PostgreSQL is stopped or restarting.
    const db = createDb(`postgres://postgres@127.0.0.1:${await freePort()}/rounds`, { connectTimeoutMs: 1_000 });
    const config: Config = { ...loadConfig({}), webDir: '/nonexistent' };
    const built = await buildApp({ db, config, databaseKind: inject('databaseKind'), version: 'test' });
    t = { ...built, db, close: async () => { await built.app.close(); await db.destroy(); } };
  });
  afterAll(() => t.close());

  it('answers 503 database_unavailable when the access gate cannot look up the session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'rounds_session=some-token' } });
    expect503(res, 'database_unavailable');
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      payload: { email: 'someone@example.org', password: 'a long enough password' },
    });
    expect503(write, 'database_unavailable');
  });

  it('still checks input first: bad input is a 400 with field messages', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, payload: { email: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.password' })]));
  });

  it('reports it in /api/health: 503, Retry-After, database.ok false and why', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health', headers: { cookie: 'rounds_session=some-token' } });
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toEqual({ status: 'degraded', database: { kind: inject('databaseKind'), ok: false, error: 'unreachable' }, version: 'test', demo: true });
  });
});
