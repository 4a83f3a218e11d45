import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDistrict, createStaff, createStudents } from '../../../db/seed/builders';
import { openSecret, totpContext } from '../../secrets';
import { freshTotpCode, makeDistrict, sessionCookie, signIn, testApp, testPasswordHash, TEST_PASSWORD, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let admin: string;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  admin = await sessionCookie(t.db, fx.users.district_admin.id);
});
afterAll(() => t.close());

const login = (email: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
const status = (personId: string, cookie = admin) => t.app.inject({ method: 'GET', url: `/api/admin/people/${personId}/two-step`, headers: { cookie } });
const reset = (personId: string, cookie = admin) => t.app.inject({ method: 'POST', url: `/api/admin/people/${personId}/two-step/reset`, headers: { cookie } });

describe('authenticator secrets at rest', () => {
  it('are stored encrypted and bound to their person, and two-step sign-in works with them', async () => {
    const person = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'district_leader' }], passwordHash: await testPasswordHash() });
    await signIn(t.app, person.email); // enrols: the pending secret is encrypted, then confirmed
    const row = await t.db.selectFrom('totp_factors').select(['secret', 'pending_secret']).where('person_id', '=', person.id).executeTakeFirstOrThrow();
    expect(row.pending_secret).toBeNull();
    expect(row.secret).toMatch(/^v1:[\w+/=]+:[\w+/=]+:[\w+/=]+$/);
    const plain = openSecret(row.secret!, totpContext(person.id));
    expect(plain).toMatch(/^[A-Z2-7]{32}$/);
    expect(row.secret).not.toContain(plain);
    // A second sign-in decrypts it to check the code.
    const again = await signIn(t.app, person.email);
    expect((await me(again)).statusCode).toBe(200);
    // The status an admin sees never carries the secret.
    const seen = await status(person.id);
    expect(seen.body).not.toContain(plain);
    expect(seen.body).not.toContain(row.secret!.slice(3, 20));
  });

  it('a plain secret from before encryption still works until start-up encrypts it', async () => {
    const person = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'teacher', schoolId: fx.school.id }], passwordHash: await testPasswordHash() });
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await t.db.insertInto('totp_factors').values({ person_id: person.id, secret, confirmed_at: new Date() }).execute();
    const first = await login(person.email);
    expect(first.json()).toEqual({ next: 'totp' });
    const pending = `rounds_session=${first.cookies.find((c) => c.name === 'rounds_session')!.value}`;
    const code = await freshTotpCode(person.email, secret);
    const second = await t.app.inject({ method: 'POST', url: '/api/auth/two-step', headers: { cookie: pending }, payload: { code } });
    expect(second.statusCode).toBe(204);
  });
});

describe("a district admin resets someone's two-step verification", () => {
  it('removes the authenticator and recovery codes, ends their sessions, is audited; a district role enrols again', async () => {
    const leader = fx.users.district_leader;
    const leaderCookie = await signIn(t.app, leader.email);
    const before = await status(leader.id);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ personId: leader.id, enabled: true, recoveryCodesLeft: 10, required: true, confirmedAt: expect.any(String) });

    const res = await reset(leader.id);
    expect(res.statusCode).toBe(204);
    expect((await me(leaderCookie)).statusCode).toBe(401);
    expect(await t.db.selectFrom('totp_factors').select('person_id').where('person_id', '=', leader.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('recovery_codes').select('id').where('person_id', '=', leader.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('sessions').select('token_hash').where('person_id', '=', leader.id).execute()).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_id', 'entity', 'entity_id', 'details'])
      .where('action', '=', 'auth.two_step_reset')
      .where('entity_id', '=', leader.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: fx.users.district_admin.id, entity: 'person', details: { hadTwoStep: true, recoveryCodesRemoved: 10, sessionsEnded: 1 } });
    expect((await status(leader.id)).json()).toMatchObject({ enabled: false, recoveryCodesLeft: 0, required: true, confirmedAt: null });

    // Their role requires it: the next sign-in can only set it up again.
    const next = await login(leader.email);
    expect(next.statusCode).toBe(200);
    expect(next.json()).toEqual({ next: 'enrol' });
  });

  it("a person whose role does not require it simply signs in with the password afterwards", async () => {
    const person = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'principal', schoolId: fx.school.id }], passwordHash: await testPasswordHash() });
    await t.db.insertInto('totp_factors').values({ person_id: person.id, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', confirmed_at: new Date() }).execute();
    expect((await login(person.email)).json()).toEqual({ next: 'totp' });
    expect((await reset(person.id)).statusCode).toBe(204);
    expect((await login(person.email)).statusCode).toBe(204);
  });

  it('is refused for the admin’s own account (403), for other roles (403), and for anyone outside the district (404)', async () => {
    const own = await reset(fx.users.district_admin.id);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/your own two-step verification/);
    for (const role of ['district_leader', 'principal', 'teacher'] as const) {
      const cookie = await sessionCookie(t.db, fx.users[role].id);
      expect((await reset(fx.users.coach.id, cookie)).statusCode, role).toBe(403);
      expect((await status(fx.users.coach.id, cookie)).statusCode, role).toBe(403);
    }
    expect((await reset(fx.users.coach.id, '')).statusCode).toBe(401);

    const otherDistrict = await createDistrict(t.db);
    const stranger = await createStaff(t.db, { districtId: otherDistrict.id, roles: [{ role: 'district_leader' }] });
    await t.db.insertInto('totp_factors').values({ person_id: stranger.id, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', confirmed_at: new Date() }).execute();
    expect((await reset(stranger.id)).statusCode).toBe(404);
    expect((await status(stranger.id)).statusCode).toBe(404);
    expect(await t.db.selectFrom('totp_factors').select('person_id').where('person_id', '=', stranger.id).execute()).toHaveLength(1);
    // An admin of the other district is told the same about ours.
    const otherAdmin = await createStaff(t.db, { districtId: otherDistrict.id, roles: [{ role: 'district_admin' }] });
    expect((await reset(fx.users.coach.id, await sessionCookie(t.db, otherAdmin.id))).statusCode).toBe(404);

    const [student] = await createStudents(t.db, fx.district.id, fx.school.id, [{ givenName: 'Stu', familyName: 'Dent', grade: '03' }]);
    expect((await reset(student!.id)).statusCode).toBe(404);
    expect((await reset('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await reset('not-an-id');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('params.personId');
  });
});
