import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, migrateToLatest, type Db } from '../../db/database';
import { createDistrict } from '../../db/seed/builders';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createAdminAccount, validateAdminInput, validateAdminPassword } from '../modules/operations/admin';
import { signIn, testPasswordHash, TEST_PASSWORD } from '../test/helpers';
import { freshDatabase, runCliCommand } from './helpers';

let database: { url: string; drop(): Promise<void> };
let db: Db;

beforeAll(async () => {
  database = await freshDatabase();
  db = createDb(database.url, { max: 3 });
  await migrateToLatest(db);
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('admin account creation', () => {
  it('validates the email, the name and the password with clear messages', () => {
    expect(() => validateAdminInput({ email: 'not-an-email', name: 'Dana' })).toThrow(
      /--email "not-an-email": is not a valid email address\n--name "Dana": give the first and last name/,
    );
    expect(validateAdminInput({ email: ' Dana.W@District.ORG ', name: ' Mary  Ann  Whitfield ' })).toEqual({
      email: 'dana.w@district.org',
      givenName: 'Mary Ann',
      familyName: 'Whitfield',
      district: undefined,
    });
    expect(() => validateAdminPassword('too short')).toThrow('The password is not accepted: Use at least 12 characters.');
    expect(validateAdminPassword('twelve chars')).toBe('twelve chars');
  });

  it('on a fresh install asks for a district name, then creates the district, the admin and an audit row; the admin can sign in', async () => {
    const hash = await testPasswordHash();
    const input = validateAdminInput({ email: 'first.admin@example.test', name: 'First Admin' });
    await expect(createAdminAccount(db, input, hash)).rejects.toThrow(/no district yet: name it with --district/);
    expect(await db.selectFrom('people').select('id').execute()).toEqual([]);

    const created = await createAdminAccount(db, { ...input, district: 'Lakeside Unified' }, hash);
    expect(created).toMatchObject({ districtName: 'Lakeside Unified', districtCreated: true, demoDistrict: false });
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'account.created').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ district_id: created.districtId, entity: 'person', entity_id: created.personId, actor_id: null });
    expect(audit[0]!.details).toMatchObject({ email: 'first.admin@example.test', roles: ['district_admin'], districtCreated: true });

    const { app } = await buildApp({ db, config: { ...loadConfig({}), webDir: '/nonexistent' }, databaseKind: inject('databaseKind'), version: 'test' });
    try {
      // The password is right; a district admin then sets up two-step verification before anything else.
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'First.Admin@example.test', password: TEST_PASSWORD } });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toEqual({ next: 'enrol' });
      const cookie = await signIn(app, 'First.Admin@example.test');
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.json()).toMatchObject({ user: { name: 'First Admin' }, district: { name: 'Lakeside Unified', roles: ['district_admin'] } });
    } finally {
      await app.close();
    }
  });

  it('refuses an email already in use (any case), and with several districts requires a known --district', async () => {
    const hash = await testPasswordHash();
    await expect(createAdminAccount(db, validateAdminInput({ email: 'FIRST.ADMIN@example.test', name: 'Other Person' }), hash)).rejects.toThrow(
      'An account with the email first.admin@example.test already exists.',
    );
    // With one district, --district may be left out.
    const second = await createAdminAccount(db, validateAdminInput({ email: 'second@example.test', name: 'Second Admin' }), hash);
    expect(second).toMatchObject({ districtName: 'Lakeside Unified', districtCreated: false });

    await createDistrict(db, { name: 'Hillview District' });
    const third = validateAdminInput({ email: 'third@example.test', name: 'Third Admin' });
    await expect(createAdminAccount(db, third, hash)).rejects.toThrow(/has 2 districts: say which one with --district \("Hillview District", "Lakeside Unified"\)/);
    await expect(createAdminAccount(db, { ...third, district: 'Nowhere' }, hash)).rejects.toThrow(/There is no district named "Nowhere"/);
    const ok = await createAdminAccount(db, { ...third, district: 'hillview district' }, hash);
    expect(ok).toMatchObject({ districtName: 'Hillview District', districtCreated: false });
    expect(await db.selectFrom('districts').select('id').execute()).toHaveLength(2);
  });

  it('the command line: exit 0 on success, 1 with the reason on bad input or an existing email, 2 on a wrong option', async () => {
    const env = { DATABASE_URL: database.url };
    const bad = await runCliCommand('admin-create', ['--email', 'nope', '--name', 'Cli Admin'], { ...env, ROUNDS_ADMIN_PASSWORD: 'long enough password' });
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toMatch(/admin:create: --email "nope": is not a valid email address/);

    const noPassword = await runCliCommand('admin-create', ['--email', 'cli@example.test', '--name', 'Cli Admin', '--district', 'Lakeside Unified'], env);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/No password given: set ROUNDS_ADMIN_PASSWORD/);

    const args = ['--email', 'cli@example.test', '--name', 'Cli Admin', '--district', 'Lakeside Unified'];
    const ok = await runCliCommand('admin-create', args, { ...env, ROUNDS_ADMIN_PASSWORD: 'long enough password' });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Created the district administrator Cli Admin <cli@example.test> in the district "Lakeside Unified"/);

    const again = await runCliCommand('admin-create', [...args, '--password', 'long enough password'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/An account with the email cli@example.test already exists/);

    const wrong = await runCliCommand('admin-create', ['--email'], env);
    expect(wrong.code).toBe(2);
    const help = await runCliCommand('admin-create', ['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Rounds may be running/);
  }, 90_000);
});
