import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../db/seed/builders';
import { freshTotpCode, makeDistrict, signIn, testApp, testPasswordHash, TEST_PASSWORD, type TestContext } from '../../test/helpers';
import { THROTTLE } from './throttle';
import { totpCode } from './totp';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
});
afterAll(() => t.close());

const login = (email: string, password: string, ip = '127.0.0.1', cookie?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { email, password }, ...(cookie ? { headers: { cookie } } : {}) });
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
const cookieOf = (res: Awaited<ReturnType<typeof login>>) => `rounds_session=${res.cookies.find((c) => c.name === 'rounds_session')!.value}`;
const teacher = async (name: string) =>
  createStaff(t.db, { districtId: fx.district.id, givenName: name, roles: [{ role: 'teacher', schoolId: fx.school.id }], passwordHash: await testPasswordHash() });
/** Moves an account's recorded failures into the past, as the clock would. */
const age = (email: string, seconds: number) =>
  t.db.updateTable('login_failures').set({ at: sql<Date>`at - make_interval(secs => ${seconds})` }).where('email', '=', email.toLowerCase()).execute();

describe('sign-in throttling', () => {
  it('backs off exponentially per account and address, never for more than 5 minutes, and lets the owner in once it passes', async () => {
    const { email } = await teacher('Bo');
    for (let i = 0; i < THROTTLE.freePerPair; i++) expect((await login(email, `wrong-${i}`, '10.1.0.1')).statusCode).toBe(401);
    const first = await login(email, TEST_PASSWORD, '10.1.0.1');
    expect(first.statusCode).toBe(429);
    expect(first.json().error.message).toMatch(/Too many unsuccessful sign-in attempts. Wait \d+ seconds/);
    expect(Number(first.headers['retry-after'])).toBeGreaterThan(25);
    expect(Number(first.headers['retry-after'])).toBeLessThanOrEqual(30);
    // A refused attempt is not counted: the wait does not grow while the owner keeps trying.
    expect((await login(email, TEST_PASSWORD, '10.1.0.1')).statusCode).toBe(429);
    expect(await t.db.selectFrom('login_failures').select('id').where('email', '=', email).execute()).toHaveLength(5);
    // After the wait, one more failure doubles it ...
    await age(email, 31);
    expect((await login(email, 'wrong-again', '10.1.0.1')).statusCode).toBe(401);
    const second = await login(email, TEST_PASSWORD, '10.1.0.1');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(55);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(60);
    // ... up to the cap, however many failures there were.
    await t.db.insertInto('login_failures').values(Array.from({ length: 30 }, () => ({ email, ip: '10.1.0.1' }))).execute();
    const capped = await login(email, TEST_PASSWORD, '10.1.0.1');
    expect(Number(capped.headers['retry-after'])).toBeLessThanOrEqual(THROTTLE.maxDelaySeconds);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(THROTTLE.maxDelaySeconds - 5);
    await age(email, THROTTLE.maxDelaySeconds + 1);
    const ok = await login(email, TEST_PASSWORD, '10.1.0.1');
    expect(ok.statusCode).toBe(204);
    // Success forgets this address's failures for the account.
    expect(await t.db.selectFrom('login_failures').select('id').where('email', '=', email).execute()).toHaveLength(0);
  });

  it('an attacker elsewhere cannot lock the owner out: failures from other addresses do not stop a known address', async () => {
    const { email } = await teacher('Cy');
    expect((await login(email, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(204); // the owner's usual address
    // Guessing from many addresses, a few tries each (under each pair's free attempts).
    for (let a = 0; a < THROTTLE.perAccount / 4; a++) {
      for (let i = 0; i < 4; i++) expect((await login(email, `guess-${a}-${i}`, `203.0.113.${a}`)).statusCode).toBe(401);
    }
    // The account is now held back for addresses it has never signed in from ...
    const stranger = await login(email, TEST_PASSWORD, '198.51.100.7');
    expect(stranger.statusCode).toBe(429);
    // ... but the owner, at their known address, signs in at once.
    expect((await login(email, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(204);
    expect((await login(email, TEST_PASSWORD, '203.0.113.0')).statusCode).toBe(429);
    // The hold on unknown addresses is a backoff too: it passes.
    await age(email, THROTTLE.maxDelaySeconds + 1);
    expect((await login(email, TEST_PASSWORD, '198.51.100.7')).statusCode).toBe(204);
  });

  it('throttling is shared through the database: another app process sees the same failures', async () => {
    const { email } = await teacher('Di');
    const other = await testApp();
    try {
      for (let i = 0; i < THROTTLE.freePerPair; i++) await login(email, `wrong-${i}`, '10.3.0.1');
      const res = await other.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.3.0.1', payload: { email, password: TEST_PASSWORD } });
      expect(res.statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('sessions', () => {
  it('a new token at every sign-in: a session cookie the browser already had is ended and replaced', async () => {
    const firstRes = await login(fx.users.coach.email, TEST_PASSWORD);
    const first = cookieOf(firstRes);
    const secondRes = await login(fx.users.coach.email, TEST_PASSWORD, '127.0.0.1', first);
    const second = cookieOf(secondRes);
    expect(second).not.toBe(first);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(200);
    // A token planted before sign-in (session fixation) is never the one signed in.
    const planted = 'rounds_session=planted-token-value';
    const third = cookieOf(await login(fx.users.coach.email, TEST_PASSWORD, '127.0.0.1', planted));
    expect(third).not.toBe(planted);
  });

  it('ends at once when the person is deactivated (by a roster import or by hand), in the same transaction', async () => {
    const leaver = await teacher('Eve');
    const cookie = await signIn(t.app, leaver.email);
    expect((await me(cookie)).statusCode).toBe(200);
    await t.db.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ status: 'inactive' }).where('id', '=', leaver.id).execute();
      expect(await trx.selectFrom('sessions').select('token_hash').where('person_id', '=', leaver.id).execute()).toEqual([]);
    });
    expect((await me(cookie)).statusCode).toBe(401);
    // Reactivated, they sign in afresh; the old cookie stays dead.
    await t.db.updateTable('people').set({ status: 'active' }).where('id', '=', leaver.id).execute();
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(await signIn(t.app, leaver.email))).statusCode).toBe(200);
  });

  it('ends after the idle timeout and at the absolute timeout, enforced by the server', async () => {
    const person = fx.users.assistant_principal;
    const idle = await signIn(t.app, person.email);
    await t.db.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - interval '11 hours'` }).where('person_id', '=', person.id).execute();
    expect((await me(idle)).statusCode).toBe(200); // 11 hours unused is still within the 12-hour default
    await t.db.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - interval '12 hours 1 minute'` }).where('person_id', '=', person.id).execute();
    expect((await me(idle)).statusCode).toBe(401);

    const old = await signIn(t.app, person.email);
    const row = await t.db.selectFrom('sessions').select(['created_at', 'expires_at']).where('person_id', '=', person.id).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBeCloseTo(14 * 86_400_000, -4);
    // Used every day, it still ends at its absolute expiry.
    await t.db.updateTable('sessions').set({ expires_at: sql<Date>`now() - interval '1 second'`, last_seen_at: sql<Date>`now()` }).where('person_id', '=', person.id).execute();
    expect((await me(old)).statusCode).toBe(401);
  });

  it('the idle timeout is configurable', async () => {
    const short = await testApp({ config: { sessionIdleHours: 1 } });
    try {
      const cookie = await signIn(short.app, fx.users.principal.email);
      await t.db.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - interval '61 minutes'` }).where('person_id', '=', fx.users.principal.id).execute();
      expect((await short.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('two-step verification', () => {
  it('is required for district roles: after the password, only enrolment is open; the code then completes sign-in', async () => {
    const leader = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'district_leader' }], passwordHash: await testPasswordHash() });
    const first = await login(leader.email, TEST_PASSWORD);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ next: 'enrol' });
    const restricted = cookieOf(first);
    // The restricted session reaches nothing else.
    expect((await me(restricted)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/district/coverage', headers: { cookie: restricted } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie: restricted }, payload: { currentPassword: TEST_PASSWORD, newPassword: 'river stone lantern maple' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/state', headers: { cookie: restricted } })).json()).toEqual({ stage: 'enrol', email: leader.email });

    const enrolment = await t.app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment', headers: { cookie: restricted } });
    expect(enrolment.statusCode).toBe(200);
    const { secret, uri, qrSvg } = enrolment.json() as { secret: string; uri: string; qrSvg: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Rounds:.+\?.*secret=/);
    expect(Buffer.from(qrSvg.replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toContain('<svg');

    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment/confirm', headers: { cookie: restricted }, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields[0].path).toBe('body.code');
    const code = await freshTotpCode(leader.email, secret);
    const confirmed = await t.app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment/confirm', headers: { cookie: restricted }, payload: { code } });
    expect(confirmed.statusCode).toBe(200);
    const recoveryCodes = confirmed.json().recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // Stored hashed only.
    const stored = await t.db.selectFrom('recovery_codes').select('code_hash').where('person_id', '=', leader.id).execute();
    expect(stored).toHaveLength(10);
    expect(stored.some((r) => recoveryCodes.includes(r.code_hash))).toBe(false);
    const full = cookieOf(confirmed as never);
    expect(full).not.toBe(restricted);
    expect((await me(restricted)).statusCode).toBe(401);
    const meRes = await me(full);
    expect(meRes.statusCode).toBe(200);
    expect(meRes.json().twoStep).toEqual({ enabled: true, required: true });

    // Next sign-in: the password, then the code.
    const next = await login(leader.email, TEST_PASSWORD);
    expect(next.json()).toEqual({ next: 'totp' });
    const pending = cookieOf(next);
    expect((await me(pending)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment', headers: { cookie: pending } })).statusCode).toBe(401);
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/two-step', headers: { cookie: pending }, payload: { code: '123456' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'body.code', message: expect.stringMatching(/not right/) });
    // The code just used for enrolment is refused: a code works once.
    const replay = await t.app.inject({ method: 'POST', url: '/api/auth/two-step', headers: { cookie: pending }, payload: { code } });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.fields[0].message).toMatch(/just used/);
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/two-step', headers: { cookie: pending }, payload: { code: await freshTotpCode(leader.email, secret) } });
    expect(ok.statusCode).toBe(204);
    const signedIn = cookieOf(ok as never);
    expect(signedIn).not.toBe(pending);
    expect((await me(signedIn)).statusCode).toBe(200);
    expect((await me(pending)).statusCode).toBe(401);

    // A recovery code works once, in place of the authenticator.
    const viaRecovery = cookieOf(await login(leader.email, TEST_PASSWORD));
    const used = await t.app.inject({ method: 'POST', url: '/api/auth/two-step', headers: { cookie: viaRecovery }, payload: { code: recoveryCodes[3]!.toUpperCase() } });
    expect(used.statusCode).toBe(204);
    const again = cookieOf(await login(leader.email, TEST_PASSWORD));
    const reused = await t.app.inject({ method: 'POST', url: '/api/auth/two-step', headers: { cookie: again }, payload: { code: recoveryCodes[3]! } });
    expect(reused.statusCode).toBe(400);

    // District roles cannot turn it off.
    const off = await t.app.inject({ method: 'POST', url: '/api/me/two-step/disable', headers: { cookie: signedIn }, payload: { code: totpCode(secret) } });
    expect(off.statusCode).toBe(403);
  });

  it('wrong codes are throttled like wrong passwords', async () => {
    const admin = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'district_admin' }], passwordHash: await testPasswordHash() });
    await signIn(t.app, admin.email); // enrols
    const pending = cookieOf(await login(admin.email, TEST_PASSWORD, '10.4.0.1'));
    for (let i = 0; i < THROTTLE.freePerPair; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/two-step', remoteAddress: '10.4.0.1', headers: { cookie: pending }, payload: { code: String(100000 + i) } });
      expect(res.statusCode).toBe(400);
    }
    const blocked = await t.app.inject({ method: 'POST', url: '/api/auth/two-step', remoteAddress: '10.4.0.1', headers: { cookie: pending }, payload: { code: await freshTotpCode(admin.email) } });
    expect(blocked.statusCode).toBe(429);
  });

  it('anyone may turn it on from their account, and off again with a code when their role does not require it', async () => {
    const cookie = await signIn(t.app, fx.users.teacher.email);
    const { secret } = (await t.app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment', headers: { cookie } })).json() as { secret: string };
    const confirmed = await t.app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment/confirm', headers: { cookie }, payload: { code: await freshTotpCode(fx.users.teacher.email, secret) } });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.cookies.find((c) => c.name === 'rounds_session')).toBeUndefined(); // already fully signed in
    expect((await me(cookie)).json().twoStep).toEqual({ enabled: true, required: false });
    expect((await login(fx.users.teacher.email, TEST_PASSWORD)).json()).toEqual({ next: 'totp' });
    const off = await t.app.inject({ method: 'POST', url: '/api/me/two-step/disable', headers: { cookie }, payload: { code: await freshTotpCode(fx.users.teacher.email, secret) } });
    expect(off.statusCode).toBe(204);
    expect((await login(fx.users.teacher.email, TEST_PASSWORD)).statusCode).toBe(204);
  });

  it('without a sign-in under way the steps answer 401 and change nothing', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/two-step', payload: { code: '123456' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/two-step/enrolment' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/state' })).json()).toEqual({ stage: 'none' });
  });
});

describe('new passwords', () => {
  it('refuses one of the 3,000 most common passwords with a field-level message', async () => {
    const cookie = await signIn(t.app, fx.otherSchoolPrincipal.email);
    const res = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie }, payload: { currentPassword: TEST_PASSWORD, newPassword: 'qwerty123456' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'body.newPassword', message: expect.stringMatching(/most common passwords/) }]);
    expect((await login(fx.otherSchoolPrincipal.email, TEST_PASSWORD)).statusCode).toBe(204);
  });
});
