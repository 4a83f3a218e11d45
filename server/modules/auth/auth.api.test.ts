import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDistrict, signIn, testApp, TEST_PASSWORD, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
});
afterAll(() => t.close());

describe('POST /api/auth/login', () => {
  it('signs in with the right password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: fx.users.principal.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(204);
    const cookie = res.cookies.find((c) => c.name === 'rounds_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.value.length).toBeGreaterThan(30);
  });

  it('answers 401 with a message on a wrong password, and the same for an unknown email', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: fx.users.coach.email, password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toMatch(/do not match/);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.test', password: 'nope' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('rejects malformed input with field-level messages', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email' } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password']));
  });

  it('throttles an account after repeated failures, with a clear message, shared in the database', async () => {
    const email = fx.otherTeacher.email;
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: `wrong-${i}` } });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.message).toMatch(/Too many unsuccessful sign-in attempts/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const rows = await t.db.selectFrom('login_failures').select('id').where('email', '=', email).execute();
    expect(rows).toHaveLength(5);
  });

  it('refuses a cross-site login (CSRF) with 403', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: fx.users.principal.email, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_rejected');
    const byReferer = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { referer: 'https://evil.example/page' },
    });
    expect(byReferer.statusCode).toBe(403);
    const sameOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      payload: { email: fx.users.principal.email, password: TEST_PASSWORD },
    });
    expect(sameOrigin.statusCode).toBe(204);
  });
});

describe('GET /api/me and sign-out', () => {
  it('401 when signed out', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(res.statusCode).toBe(401);
  });

  it('returns the user with their schools and roles; district roles reach every school', async () => {
    const principal = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: await signIn(t.app, fx.users.principal.email) } });
    expect(principal.statusCode).toBe(200);
    expect(principal.json()).toMatchObject({
      user: { id: fx.users.principal.id, email: fx.users.principal.email, name: fx.users.principal.name },
      schools: [{ id: fx.school.id, name: 'North Elementary', roles: ['principal'] }],
    });
    const leader = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: await signIn(t.app, fx.users.district_leader.email) } });
    const schools = leader.json().schools as { id: string; roles: string[] }[];
    expect(schools.map((s) => s.id).sort()).toEqual([fx.school.id, fx.otherSchool.id].sort());
    expect(schools.every((s) => s.roles.includes('district_leader'))).toBe(true);
  });

  it('logout ends the session on the server', async () => {
    const cookie = await signIn(t.app, fx.users.coach.email);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('POST /api/me/password', () => {
  it('checks the current password, validates the new one, and signs out other sessions', async () => {
    const me = fx.users.assistant_principal;
    const cookie = await signIn(t.app, me.email);
    const other = await signIn(t.app, me.email);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: 'nope', newPassword: 'a much longer passphrase' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('body.currentPassword');
    const short = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields[0]).toEqual({ path: 'body.newPassword', message: 'Use at least 12 characters' });
    const ok = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a much longer passphrase' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: other } })).statusCode).toBe(401);
    await signIn(t.app, me.email, 'a much longer passphrase');
  });
});
