import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../test/helpers';

/** Random bad input at every route, as a user allowed to call it: always a 4xx in the error shape, never a 500. */
let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let routes: { method: string; url: string }[];

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), url: p })));
});
afterAll(() => t.close());

const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.constant("'; DROP TABLE people; --"),
  fc.constant('%00'),
  fc.constant('x'.repeat(5000)),
  fc.constant('\u0000'),
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom('email', 'password', 'currentPassword', 'newPassword', 'name', 'role', 'q'), junk),
  fc.constant(undefined),
  fc.string(),
  fc.array(junk),
);

it('no route answers 500 to random params, query strings and bodies', async () => {
  // The district admin may call every route (district roles count in every school of the district).
  const cookie = await sessionCookie(t.db, fx.users.district_admin.id);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      fc.oneof(fc.constant(fx.school.id), fc.string({ maxLength: 40 }), fc.uuid()),
      fc.dictionary(fc.constantFrom('role', 'q', 'limit', 'cursor'), fc.string({ maxLength: 30 })),
      body,
      async (route, id, query, payload) => {
        if (route.url === '/api/auth/logout' || route.url === '/api/me/password') return; // would end or change the session
        const url = route.url.replace(/\{\w+\}/g, encodeURIComponent(id)) + '?' + new URLSearchParams(query).toString();
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: { cookie, 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json' },
          ...(route.method === 'GET' ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload ?? null) }),
        });
        expect(res.statusCode, `${route.method} ${url} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json().error.code).toEqual(expect.any(String));
      },
    ),
    { numRuns: 300 },
  );
});

it('text with a NUL character is refused as bad input (PostgreSQL cannot store it), never a 500', async () => {
  const cookie = await sessionCookie(t.db, fx.users.teacher.id);
  const res = await t.app.inject({ method: 'POST', url: '/api/my/strengths', headers: { cookie }, payload: { schoolId: fx.school.id, body: 'Number\u0000talks' } });
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.code).toBe('validation_failed');
});
