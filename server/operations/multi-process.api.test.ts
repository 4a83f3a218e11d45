import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../db/database';
import { createDistrict, createSchool, createStaff } from '../../db/seed/builders';
import { hashPassword } from '../modules/auth/passwords';
import { endChild, startAppProcess, waitReady, type RunningApp } from './helpers';

/** Two app processes on one PostgreSQL share everything through it: sessions, throttling, idempotency. */
const children: ChildProcess[] = [];
const db = createDb(inject('databaseUrl'), { max: 2 });
let a: RunningApp;
let b: RunningApp;
const PASSWORD = 'two processes, one database';
let principal: { email: string; id: string };
let teacher: { id: string; email: string };
let schoolId: string;

beforeAll(async () => {
  const district = await createDistrict(db);
  const school = await createSchool(db, { districtId: district.id });
  schoolId = school.id;
  const hash = await hashPassword(PASSWORD);
  principal = await createStaff(db, { districtId: district.id, roles: [{ role: 'principal', schoolId }], passwordHash: hash });
  teacher = await createStaff(db, { districtId: district.id, roles: [{ role: 'teacher', schoolId }], passwordHash: hash });
  [a, b] = await Promise.all([startAppProcess({ DATABASE_URL: inject('databaseUrl') }, children), startAppProcess({ DATABASE_URL: inject('databaseUrl') }, children)]);
  await Promise.all([waitReady(a), waitReady(b)]);
}, 120_000);
afterAll(async () => {
  await Promise.all(children.map((c) => endChild(c)));
  await db.destroy();
});

const login = (app: RunningApp, email: string, password = PASSWORD) =>
  fetch(`${app.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]!;

it('a session made by one process works on the other, and signing out on one ends it on both', async () => {
  const res = await login(a, principal.email);
  expect(res.status).toBe(204);
  const cookie = cookieOf(res);
  const me = await fetch(`${b.base}/api/me`, { headers: { cookie } });
  expect(me.status).toBe(200);
  expect((await me.json()).user.id).toBe(principal.id);
  expect((await fetch(`${b.base}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: b.base } })).status).toBe(204);
  expect((await fetch(`${a.base}/api/me`, { headers: { cookie } })).status).toBe(401);
});

it('sign-in throttling counts failures made on either process', async () => {
  for (let i = 0; i < 5; i++) expect((await login(i % 2 ? a : b, teacher.email, `wrong ${i}`)).status).toBe(401);
  expect((await login(a, teacher.email)).status).toBe(429);
  expect((await login(b, teacher.email)).status).toBe(429);
});

it('a visit sent to one process and retried on the other is stored once', async () => {
  const cookie = cookieOf(await login(a, principal.email));
  const body = JSON.stringify({ id: randomUUID(), schoolId, teacherId: teacher.id, startedAt: new Date().toISOString(), durationMinutes: 6, evidence: 'Seen from two processes.', tags: [] });
  const post = (app: RunningApp) => fetch(`${app.base}/api/visits`, { method: 'POST', headers: { cookie, origin: app.base, 'content-type': 'application/json' }, body });
  const [first, second] = await Promise.all([post(a), post(b)]);
  expect([first.status, second.status].sort()).toEqual([200, 201]);
  const rows = await db.selectFrom('visits').select('id').where('id', '=', JSON.parse(body).id).execute();
  expect(rows).toHaveLength(1);
});
