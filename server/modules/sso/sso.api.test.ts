import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';
import { openSecret, SecretKeyError, ssoContext } from '../../secrets';
import { signInAtIdp, startTestIdp, type TestIdp } from './test-idp';

const ORIGIN = 'http://rounds.test';
const CALLBACK = `${ORIGIN}/api/auth/sso/callback`;

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let idp: TestIdp;
let admin: string;

beforeAll(async () => {
  idp = await startTestIdp([CALLBACK]);
  t = await testApp({ config: { publicUrl: ORIGIN } });
  fx = await makeDistrict(t.db);
  admin = await sessionCookie(t.db, fx.users.district_admin.id);
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

const settings = (overrides: Record<string, unknown> = {}) => ({
  providerName: 'Test Workspace',
  issuerUrl: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  allowedDomains: [],
  enabled: true,
  ...overrides,
});
const save = (body: object, cookie = admin) => t.app.inject({ method: 'PUT', url: '/api/admin/sso', headers: { cookie }, payload: body });

/** Clicks "Sign in with …": returns the provider URL and the state cookie the browser now holds. */
async function start(redirect = '/account') {
  const res = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${fx.district.id}/start?redirect=${encodeURIComponent(redirect)}` });
  expect(res.statusCode).toBe(302);
  const state = res.cookies.find((c) => c.name === 'rounds_sso_state');
  expect(state?.httpOnly).toBe(true);
  return { location: res.headers.location as string, stateCookie: `rounds_sso_state=${state!.value}` };
}

/** The whole round trip: Rounds → provider login and consent → back to Rounds' callback. */
async function signInWithSso(login: string, redirect = '/account') {
  const { location, stateCookie } = await start(redirect);
  const back = await signInAtIdp(location, login);
  expect(back.origin + back.pathname).toBe(CALLBACK);
  const res = await t.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie: stateCookie } });
  expect(res.statusCode).toBe(302);
  const session = res.cookies.find((c) => c.name === 'rounds_session' && c.value !== '');
  return { res, location: res.headers.location as string, cookie: session ? `rounds_session=${session.value}` : undefined, back, stateCookie };
}

describe('single sign-on settings', () => {
  it('refuses bad settings with field messages and changes nothing', async () => {
    const bad = await save(settings({ issuerUrl: 'ftp://nowhere', clientId: '', allowedDomains: ['not a domain'] }));
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.issuerUrl', 'body.clientId', 'body.allowedDomains.0']));
    const noSecret = await save(settings({ clientSecret: '' }));
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.json().error.fields).toEqual([{ path: 'body.clientSecret', message: expect.stringMatching(/client secret/) }]);
    const unreachable = await save(settings({ issuerUrl: 'http://127.0.0.1:9/nothing-here' }));
    expect(unreachable.statusCode).toBe(400);
    expect(unreachable.json().error.fields[0]).toMatchObject({ path: 'body.issuerUrl', message: expect.stringMatching(/could not read the provider/) });
    const read = await t.app.inject({ method: 'GET', url: '/api/admin/sso', headers: { cookie: admin } });
    expect(read.json()).toMatchObject({ configured: false, enabled: false, redirectUri: CALLBACK });
    const providers = await t.app.inject({ method: 'GET', url: '/api/auth/sso/providers' });
    expect(providers.json().providers.some((p: { districtId: string }) => p.districtId === fx.district.id)).toBe(false);
  });

  it('saves the settings after checking the provider; the client secret is never returned, and stays when left empty', async () => {
    const saved = await save(settings());
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain(idp.clientSecret);
    expect(saved.json()).toMatchObject({ configured: true, enabled: true, hasClientSecret: true, clientId: idp.clientId, issuerUrl: idp.issuer });
    const again = await save(settings({ clientSecret: '' }));
    expect(again.statusCode).toBe(200);
    const read = await t.app.inject({ method: 'GET', url: '/api/admin/sso', headers: { cookie: admin } });
    expect(read.body).not.toContain(idp.clientSecret);
    expect(read.json().hasClientSecret).toBe(true);
    const stored = await t.db.selectFrom('district_sso').select('client_secret').where('district_id', '=', fx.district.id).executeTakeFirstOrThrow();
    // Encrypted at rest, bound to the district: the plain secret is nowhere in the row.
    expect(stored.client_secret).toMatch(/^v1:/);
    expect(stored.client_secret).not.toContain(idp.clientSecret);
    expect(openSecret(stored.client_secret, ssoContext(fx.district.id))).toBe(idp.clientSecret);
    expect(() => openSecret(stored.client_secret, ssoContext(fx.otherSchool.id))).toThrow(SecretKeyError);
    const providers = await t.app.inject({ method: 'GET', url: '/api/auth/sso/providers' });
    expect(providers.json().providers).toContainEqual({ districtId: fx.district.id, districtName: fx.district.name, providerName: 'Test Workspace' });
    // Only the district admin manages it.
    const leader = await save(settings(), await sessionCookie(t.db, fx.users.district_leader.id));
    expect(leader.statusCode).toBe(403);
  });
});

describe('single sign-on end to end against a real OpenID Connect provider', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const { location } = await start();
    const url = new URL(location);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('client_id')).toBe(idp.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('scope')).toBe('openid email profile');
  });

  it('signs in the active staff member with the verified email, like a password sign-in, and returns where they were going', async () => {
    const { location, cookie } = await signInWithSso(fx.users.principal.email.toUpperCase(), '/account');
    expect(location).toBe('/account');
    expect(cookie).toBeDefined();
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie! } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(fx.users.principal.id);
    const row = await t.db.selectFrom('sessions').select(['method', 'stage']).where('person_id', '=', fx.users.principal.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(row).toEqual({ method: 'sso', stage: 'full' });
    // Sign-out ends it like any session.
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: cookie! } });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie! } })).statusCode).toBe(401);
  });

  it('a district role still owes two-step verification after single sign-on', async () => {
    const { location, cookie } = await signInWithSso(fx.users.district_leader.email);
    expect(location).toBe('/sign-in/two-step?redirect=%2Faccount');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookie! } })).statusCode).toBe(401);
    const state = await t.app.inject({ method: 'GET', url: '/api/auth/state', headers: { cookie: cookie! } });
    expect(state.json()).toEqual({ stage: 'enrol', email: fx.users.district_leader.email });
  });

  it('refuses an unverified email, an unknown email, an inactive person and a domain not allowed: no session, no account', async () => {
    const peopleBefore = await t.db.selectFrom('people').select('id').where('district_id', '=', fx.district.id).execute();
    idp.accounts.set('unverified-login', { email: fx.users.coach.email, email_verified: false });
    const unverified = await signInWithSso('unverified-login');
    expect(unverified.location).toBe('/sign-in/refused?reason=unverified');
    expect(unverified.cookie).toBeUndefined();

    const unknown = await signInWithSso('nobody@elsewhere.example');
    expect(unknown.location).toBe('/sign-in/refused?reason=unknown');
    expect(unknown.cookie).toBeUndefined();

    const leaver = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'teacher', schoolId: fx.school.id }] });
    await t.db.updateTable('people').set({ status: 'inactive' }).where('id', '=', leaver.id).execute();
    const inactive = await signInWithSso(leaver.email);
    expect(inactive.location).toBe('/sign-in/refused?reason=unknown');

    await save(settings({ clientSecret: '', allowedDomains: ['only-this.example'] }));
    const domain = await signInWithSso(fx.users.teacher.email);
    expect(domain.location).toBe('/sign-in/refused?reason=domain');
    await save(settings({ clientSecret: '', allowedDomains: [fx.users.teacher.email.split('@')[1]] }));
    expect((await signInWithSso(fx.users.teacher.email)).location).toBe('/account');

    const peopleAfter = await t.db.selectFrom('people').select('id').where('district_id', '=', fx.district.id).execute();
    expect(peopleAfter.length).toBe(peopleBefore.length + 1); // only the leaver made above
    const refusals = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'auth.sso_refused').where('district_id', '=', fx.district.id).execute();
    expect(refusals.map((r) => (r.details as { reason: string }).reason)).toEqual(expect.arrayContaining(['unverified', 'unknown', 'domain']));
  });

  it('refuses a callback without the browser that started it, and a state used twice', async () => {
    const { location, stateCookie } = await start();
    const back = await signInAtIdp(location, fx.users.coach.email);
    const foreign = await t.app.inject({ method: 'GET', url: back.pathname + back.search });
    expect(foreign.headers.location).toBe('/sign-in/refused?reason=expired');
    expect(foreign.cookies.find((c) => c.name === 'rounds_session')).toBeUndefined();
    // The state was spent by that attempt: even the right browser cannot use it now.
    const replay = await t.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie: stateCookie } });
    expect(replay.headers.location).toBe('/sign-in/refused?reason=expired');
    const tampered = await signInWithSso(fx.users.coach.email);
    expect(tampered.location).toBe('/account');
    const again = await t.app.inject({ method: 'GET', url: tampered.back.pathname + tampered.back.search, headers: { cookie: tampered.stateCookie } });
    expect(again.headers.location).toBe('/sign-in/refused?reason=expired');
  });

  it('a district without single sign-on, or with it turned off, has no way in', async () => {
    await save(settings({ clientSecret: '', enabled: false }));
    const res = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${fx.district.id}/start` });
    expect(res.statusCode).toBe(404);
    const providers = await t.app.inject({ method: 'GET', url: '/api/auth/sso/providers' });
    expect(providers.json().providers.some((p: { districtId: string }) => p.districtId === fx.district.id)).toBe(false);
  });
});

describe('a provider that leaves out email_verified (Microsoft Entra ID)', () => {
  const domainOf = (email: string) => email.split('@')[1]!;

  it('verified domains must be among the allowed domains, and are returned with the settings', async () => {
    const bad = await save(settings({ clientSecret: '', allowedDomains: ['district.example'], verifiedDomains: ['other.example', 'not a domain'] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['body.verifiedDomains.1']));
    const outside = await save(settings({ clientSecret: '', allowedDomains: ['district.example'], verifiedDomains: ['other.example'] }));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields).toEqual([{ path: 'body.verifiedDomains.0', message: expect.stringMatching(/not one of the allowed domains/) }]);
    const ok = await save(settings({ clientSecret: '', verifiedDomains: ['District.Example'] }));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().verifiedDomains).toEqual(['district.example']);
  });

  it('without email_verified the email is accepted only in a verified domain; xms_edov decides when present; false is always refused', async () => {
    const coach = fx.users.coach.email;
    idp.accounts.set('entra-coach', { email: coach });
    await save(settings({ clientSecret: '', verifiedDomains: [] }));
    expect((await signInWithSso('entra-coach')).location).toBe('/sign-in/refused?reason=unverified');

    await save(settings({ clientSecret: '', verifiedDomains: [domainOf(coach)] }));
    const accepted = await signInWithSso('entra-coach');
    expect(accepted.location).toBe('/account');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: accepted.cookie! } });
    expect(me.json().user.id).toBe(fx.users.coach.id);

    // An explicit email_verified: false is refused even in a verified domain.
    idp.accounts.set('entra-false', { email: coach, email_verified: false });
    expect((await signInWithSso('entra-false')).location).toBe('/sign-in/refused?reason=unverified');
    // Entra's xms_edov: false (the domain is not verified by its owner) is refused even in a verified domain...
    idp.accounts.set('entra-edov-false', { email: coach, xms_edov: false });
    expect((await signInWithSso('entra-edov-false')).location).toBe('/sign-in/refused?reason=unverified');
    // ...and xms_edov: true is enough without listing the domain (the allowed domains still apply).
    await save(settings({ clientSecret: '', verifiedDomains: [] }));
    idp.accounts.set('entra-edov-true', { email: coach, xms_edov: true });
    expect((await signInWithSso('entra-edov-true')).location).toBe('/account');
    await save(settings({ clientSecret: '', allowedDomains: ['only-this.example'], verifiedDomains: [] }));
    expect((await signInWithSso('entra-edov-true')).location).toBe('/sign-in/refused?reason=domain');
  });
});
