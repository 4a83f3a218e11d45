import { inject } from 'vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

it('GET /api/health reports the database kind, that it answers, the version and the demo setting', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/health' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ status: 'ok', database: { kind: inject('databaseKind'), ok: true, latencyMs: expect.any(Number) }, version: 'test', demo: true });
  // The demo setting itself (ROUNDS_DEMO), not whether some district looks like the demo one.
  const plain = await testApp({ config: { demo: false } });
  try {
    expect((await plain.app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ status: 'ok', demo: false });
  } finally {
    await plain.close();
  }
});

it('GET /api/openapi.json is an OpenAPI 3 document with the request and response schemas', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  expect(doc.openapi).toMatch(/^3\./);
  const login = doc.paths['/api/auth/login'].post;
  expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
  expect(Object.keys(doc.paths['/api/me'].get.responses)).toEqual(expect.arrayContaining(['200', '401']));
});

it('sends security headers and an unknown API route answers 404 in the error shape', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
  expect(res.statusCode).toBe(404);
  expect(res.json().error.code).toBe('not_found');
  const health = await t.app.inject({ method: 'GET', url: '/api/health' });
  expect(health.headers['content-security-policy']).toContain("default-src 'self'");
  expect(health.headers['x-content-type-options']).toBe('nosniff');
  // Plain-http installs on a school LAN must not be told to upgrade to https.
  expect(health.headers['strict-transport-security']).toBeUndefined();
});

it('malformed JSON is a 400, never a 500', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
  expect(res.statusCode).toBe(400);
  expect(res.json().error.code).toBe('validation_failed');
});
