import type { InjectOptions } from 'fastify';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/database';
import { createDistrict, createSchool, createStaff } from '../../db/seed/builders';
import type { Role } from '../../schemas/common';
import { buildApp, type BuiltApp } from '../app';
import { loadConfig, type Config } from '../config';
import type { App } from '../http/types';
import { hashPassword } from '../modules/auth/passwords';
import { totpCode, TOTP_PERIOD_SECONDS } from '../modules/auth/totp';

/** The password of every account the tests make. */
export const TEST_PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | undefined;
/** One argon2 hash per worker, reused: hashing is deliberately slow. */
export const testPasswordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

/** The run's database, opened for this test file. */
export function testDb(): Db {
  return createDb(inject('databaseUrl'), { max: 5 });
}

export interface TestContext extends BuiltApp {
  db: Db;
  close(): Promise<void>;
}

/** What a browser sends on a request from Rounds' own pages (writes with a session need it: server/http/csrf.ts). */
export const FROM_OWN_PAGES = { 'sec-fetch-site': 'same-origin' } as const;

/**
 * Makes `app.inject` send what a browser sends on a request from Rounds' own pages (`Sec-Fetch-Site: same-origin`)
 * unless the test sets the header itself: writes carrying a session cookie without it are refused (server/http/csrf.ts).
 */
export function asOwnPages(app: App): App {
  const original = app.inject.bind(app) as (options?: InjectOptions) => ReturnType<App['inject']>;
  const patched = (options?: InjectOptions | string) => {
    if (options === undefined) return original(); // the chained form: the test sets its own headers
    const given = typeof options === 'string' ? { url: options } : options;
    return original({ ...given, headers: { ...FROM_OWN_PAGES, ...given.headers } });
  };
  Object.defineProperty(app, 'inject', { value: patched, configurable: true, writable: true });
  return app;
}

/** Builds the real app on the run's database. */
export async function testApp(options: { extraRoutes?: (app: App) => void; config?: Partial<Config> } = {}): Promise<TestContext> {
  const db = testDb();
  const config = { ...loadConfig({}), webDir: '/nonexistent', ...options.config };
  const built = await buildApp({ db, config, databaseKind: inject('databaseKind'), version: 'test' }, options);
  asOwnPages(built.app);
  return {
    ...built,
    db,
    async close() {
      await built.app.close();
      await db.destroy();
    },
  };
}

/** A district with two schools and one user of every role (plus a second teacher and an outsider district's principal). */
export async function makeDistrict(db: Db) {
  const passwordHash = await testPasswordHash();
  const district = await createDistrict(db);
  const school = await createSchool(db, { districtId: district.id, name: 'North Elementary' });
  const otherSchool = await createSchool(db, { districtId: district.id, name: 'South Middle' });
  const user = (roles: { role: Role; schoolId?: string }[], givenName: string) =>
    createStaff(db, { districtId: district.id, roles, passwordHash, givenName });
  const users = {
    district_admin: await user([{ role: 'district_admin' }], 'Ada'),
    district_leader: await user([{ role: 'district_leader' }], 'Leo'),
    principal: await user([{ role: 'principal', schoolId: school.id }], 'Pia'),
    assistant_principal: await user([{ role: 'assistant_principal', schoolId: school.id }], 'Abe'),
    coach: await user([{ role: 'coach', schoolId: school.id }], 'Cora'),
    teacher: await user([{ role: 'teacher', schoolId: school.id }], 'Tess'),
  };
  const otherTeacher = await user([{ role: 'teacher', schoolId: school.id }], 'Otto');
  const otherSchoolPrincipal = await user([{ role: 'principal', schoolId: otherSchool.id }], 'Sam');
  return { district, school, otherSchool, users, otherTeacher, otherSchoolPrincipal };
}

type Injected = Awaited<ReturnType<App['inject']>>;
const sessionOf = (response: Injected) => {
  const cookie = response.cookies.find((c) => c.name === 'rounds_session');
  if (!cookie) throw new Error(`no session cookie: ${response.statusCode} ${response.body}`);
  return `rounds_session=${cookie.value}`;
};

/** Authenticator secrets of the accounts this test process enrolled, and the last time step each has used. */
const totpSecrets = new Map<string, string>();
const lastSteps = new Map<string, number>();

/**
 * An authenticator code for the account that has not been used yet (a code works once): the current step or the
 * next one, waiting for the clock when both are spent.
 */
export async function freshTotpCode(email: string, secret = totpSecrets.get(email.toLowerCase())): Promise<string> {
  if (!secret) throw new Error(`no authenticator secret known for ${email}`);
  const key = email.toLowerCase();
  const period = TOTP_PERIOD_SECONDS * 1000;
  for (;;) {
    const current = Math.floor(Date.now() / period);
    // Never the step before: it leaves the accepted window if the clock turns over before the server checks it.
    const step = Math.max(current, (lastSteps.get(key) ?? 0) + 1);
    if (step <= current + 1) {
      lastSteps.set(key, step);
      return totpCode(secret, step * period + 1000);
    }
    await new Promise((resolve) => setTimeout(resolve, (current + 1) * period - Date.now() + 50));
  }
}

/**
 * Signs in through the real endpoints and returns the Cookie header to send. District roles, which must use two-step
 * verification, are enrolled with an authenticator on their first sign-in and give a code on later ones.
 */
export async function signIn(app: App, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode === 204) return sessionOf(response);
  if (response.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${response.statusCode} ${response.body}`);
  const pending = sessionOf(response);
  const key = email.toLowerCase();
  if ((response.json() as { next: string }).next === 'enrol') {
    const enrolment = await app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment', headers: { cookie: pending, ...FROM_OWN_PAGES } });
    if (enrolment.statusCode !== 200) throw new Error(`enrolment failed for ${email}: ${enrolment.statusCode} ${enrolment.body}`);
    totpSecrets.set(key, (enrolment.json() as { secret: string }).secret);
    const code = await freshTotpCode(email);
    const confirmed = await app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment/confirm', headers: { cookie: pending, ...FROM_OWN_PAGES }, payload: { code } });
    if (confirmed.statusCode !== 200) throw new Error(`enrolment confirmation failed for ${email}: ${confirmed.statusCode} ${confirmed.body}`);
    return sessionOf(confirmed);
  }
  const second = await app.inject({ method: 'POST', url: '/api/auth/two-step', headers: { cookie: pending, ...FROM_OWN_PAGES }, payload: { code: await freshTotpCode(email) } });
  if (second.statusCode !== 204) throw new Error(`two-step sign-in failed for ${email}: ${second.statusCode} ${second.body}`);
  return sessionOf(second);
}

/** Opens a session straight in the database (no password hashing) and returns its Cookie header. */
export async function sessionCookie(db: Db, personId: string): Promise<string> {
  const { createHash, randomBytes } = await import('node:crypto');
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: createHash('sha256').update(token).digest('hex'), person_id: personId, expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  return `rounds_session=${token}`;
}

/** A fresh, migrated database of its own on the run's server, for a test that needs an empty one; drop it after. */
export async function freshDatabase(): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const { databaseFactory } = await import('./test-database');
  const { migrateToLatest } = await import('../../db/database');
  const created = await databaseFactory(inject('databaseServerUrl'))();
  const db = createDb(created.url, { max: 5 });
  await migrateToLatest(db);
  return {
    url: created.url,
    db,
    async drop() {
      await db.destroy();
      await created.drop();
    },
  };
}
