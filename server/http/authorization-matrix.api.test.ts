import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createDistrict, createStaff } from '../../db/seed/builders';
import { ALL_ROLES } from '../../schemas/common';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../test/helpers';
import type { Access } from './access';

/**
 * The reviewed classification of every API route. A route that is not listed here fails this suite:
 * adding a route means deciding, here, who may call it.
 */
const EXPECTED: Record<string, Access> = {
  'GET /api/health': { kind: 'public' },
  'GET /api/openapi.json': { kind: 'public' },
  'POST /api/auth/login': { kind: 'public' },
  'POST /api/auth/logout': { kind: 'public' },
  'GET /api/me': { kind: 'signedIn' },
  'POST /api/me/password': { kind: 'signedIn' },
  'GET /api/schools/:schoolId': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/staff': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/classes': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/classes/:classId': { kind: 'school', roles: ALL_ROLES },
  'GET /api/schools/:schoolId/teachers/:teacherId/schedule': { kind: 'school', roles: ALL_ROLES },
  'POST /api/rosters/oneroster': { kind: 'district', roles: ['district_admin'] },
  'GET /api/rosters/imports': { kind: 'district', roles: ['district_admin'] },
};

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let classId: string;
let outsider: { id: string };
let openapiRoutes: { method: string; url: string }[];

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  const cls = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Math 3', teacherIds: [fx.users.teacher.id] });
  classId = cls.id;
  const otherDistrict = await createDistrict(t.db);
  outsider = await createStaff(t.db, { districtId: otherDistrict.id, roles: [{ role: 'district_admin' }] });
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  openapiRoutes = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => ({ method: m.toUpperCase(), url: p.replace(/\{(\w+)\}/g, ':$1') })),
  );
});
afterAll(() => t.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

function fill(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'schoolId') return fx.school.id;
    if (name === 'classId') return classId;
    if (name === 'teacherId') return fx.users.teacher.id;
    return randomUUID();
  });
}

async function call(method: string, url: string, personId?: string) {
  const headers: Record<string, string> = {};
  if (personId) headers.cookie = await sessionCookie(t.db, personId);
  return t.app.inject({ method: method as 'GET', url: fill(url), headers, ...(method === 'GET' ? {} : { payload: {} }) });
}

describe('authorization matrix', () => {
  it('every route in the OpenAPI document is classified here, and its declared rule matches', () => {
    expect(openapiRoutes.length).toBeGreaterThan(5);
    const declared = new Map(t.rules.map((r) => [key(r), r.access]));
    const unclassified = openapiRoutes.filter((r) => !(key(r) in EXPECTED)).map(key);
    expect(unclassified, 'routes missing from the reviewed classification').toEqual([]);
    for (const route of openapiRoutes) {
      expect(declared.get(key(route)), key(route)).toEqual(EXPECTED[key(route)]);
    }
  });

  it('every API route the app registered is in the OpenAPI document', () => {
    const documented = new Set(openapiRoutes.map(key));
    const missing = t.rules.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !documented.has(key(r))).map(key);
    expect(missing).toEqual([]);
  });

  it('a route without a declared rule stops the app from starting', async () => {
    await expect(
      testApp({ extraRoutes: (app) => app.get('/api/unclassified', async () => ({ ok: true })) }),
    ).rejects.toThrow(/declares no access rule/);
  });

  it('walks every route with every role and enforces exactly the declared rule', async () => {
    const failures: string[] = [];
    for (const route of openapiRoutes) {
      const rule = EXPECTED[key(route)]!;
      const anonymous = await call(route.method, route.url);
      if (rule.kind === 'public') {
        if ([401, 403].includes(anonymous.statusCode)) failures.push(`${key(route)} anonymous got ${anonymous.statusCode}`);
        continue;
      }
      if (anonymous.statusCode !== 401) failures.push(`${key(route)} anonymous expected 401, got ${anonymous.statusCode}`);
      for (const role of ALL_ROLES) {
        const res = await call(route.method, route.url, fx.users[role].id);
        const allowed = rule.kind === 'signedIn' || rule.roles.includes(role);
        if (allowed && [401, 403, 404].includes(res.statusCode)) failures.push(`${key(route)} ${role} allowed but got ${res.statusCode}`);
        if (!allowed && res.statusCode !== 403) failures.push(`${key(route)} ${role} expected 403, got ${res.statusCode}`);
        if (res.statusCode >= 500) failures.push(`${key(route)} ${role} got ${res.statusCode}: ${res.body}`);
      }
      if (rule.kind === 'school') {
        // Somebody else's school answers exactly like a school that does not exist.
        for (const stranger of [fx.otherSchoolPrincipal.id, outsider.id]) {
          const res = await call(route.method, route.url, stranger);
          if (res.statusCode !== 404) failures.push(`${key(route)} a stranger to the school expected 404, got ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
