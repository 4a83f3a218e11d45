import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/database';
import { buildApp, type BuiltApp } from '../app';
import { loadConfig } from '../config';
import { makeDistrict, sessionCookie, TEST_PASSWORD } from '../test/helpers';

/**
 * Writes that do not come from Rounds' pages are refused; every API answer says `Cache-Control: no-store`.
 * The app is built without the tests' usual same-origin default (server/test/helpers.ts asOwnPages), so each request
 * carries exactly the headers written here.
 */
let built: BuiltApp;
let db: Db;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let cookie: string;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { max: 5 });
  built = await buildApp({ db, config: { ...loadConfig({}), webDir: '/nonexistent' }, databaseKind: inject('databaseKind'), version: 'test' });
  fx = await makeDistrict(db);
  cookie = await sessionCookie(db, fx.users.principal.id);
});
afterAll(async () => {
  await built.app.close();
  await db.destroy();
});

const task = (headers: Record<string, string>) =>
  built.app.inject({ method: 'POST', url: '/api/tasks', headers: { host: 'localhost:3000', ...headers }, payload: { title: `task ${Math.random()}` } });
const taskCount = async () => (await db.selectFrom('leader_tasks').select(db.fn.countAll<string>().as('n')).where('person_id', '=', fx.users.principal.id).executeTakeFirstOrThrow()).n;

describe('where a write comes from', () => {
  it('refuses a write with a session cookie and no Origin, Referer or Sec-Fetch-Site, and changes nothing', async () => {
    const before = await taskCount();
    const res = await task({ cookie });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_rejected');
    expect(res.json().error.message).toMatch(/does not say where it came from/);
    expect(await taskCount()).toBe(before);
  });

  it('accepts the same write from our own origin, by Origin, Referer or Sec-Fetch-Site (same-origin, or none: typed by the user)', async () => {
    expect((await task({ cookie, origin: 'http://localhost:3000' })).statusCode).toBe(201);
    expect((await task({ cookie, referer: 'http://localhost:3000/tasks' })).statusCode).toBe(201);
    expect((await task({ cookie, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await task({ cookie, 'sec-fetch-site': 'none' })).statusCode).toBe(201);
  });

  it('refuses another site, a sibling site and a lying Origin even when Sec-Fetch-Site says same-origin', async () => {
    const before = await taskCount();
    const refusedHeaders: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
      { referer: 'https://evil.example/x' },
      { origin: 'null' },
    ];
    for (const headers of refusedHeaders) {
      const res = await task({ cookie, ...headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('csrf_rejected');
    }
    expect(await taskCount()).toBe(before);
  });

  it('lets a client without a session write without those headers (a sign-in from a script), and reads are never refused', async () => {
    const login = await built.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: fx.users.principal.email, password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(204);
    expect((await built.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe('Cache-Control on API answers', () => {
  it('is no-store on answers, errors, refusals, unknown routes and exports', async () => {
    const answers = [
      await built.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } }),
      await built.app.inject({ method: 'GET', url: '/api/me' }),
      await built.app.inject({ method: 'POST', url: '/api/tasks', headers: { cookie, host: 'localhost:3000', origin: 'http://localhost:3000' }, payload: { title: '' } }),
      await task({ cookie }),
      await built.app.inject({ method: 'GET', url: '/api/nothing-here' }),
      await built.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/goals/not-a-uuid`, headers: { cookie } }),
      await built.app.inject({ method: 'GET', url: '/api/my/export?format=csv', headers: { cookie } }),
      await built.app.inject({ method: 'GET', url: '/api/health' }),
      await built.app.inject({ method: 'GET', url: '/api/openapi.json' }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 400, 403, 404, 400, 200, 200, 200]);
    for (const a of answers) expect(a.headers['cache-control'], `${a.statusCode} ${a.body.slice(0, 80)}`).toBe('no-store');
  });
});
