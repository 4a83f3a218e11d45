import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDistrict, createStaff } from '../db/seed/builders';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from './config';
import { writeBackup } from './modules/operations/backup';
import { SECRET_COLUMNS } from './modules/privacy/inventory';
import {
  encryptSecretsAtRest,
  isSealed,
  KEY_FILE,
  loadSecretKeys,
  newSecretKey,
  openSecret,
  sealSecret,
  SecretKeyError,
  ssoContext,
  totpContext,
} from './secrets';
import { freshDatabase } from './test/helpers';
import { TEST_SECRET_KEY } from './test/secret-key';

const key = () => Buffer.from(newSecretKey(), 'base64');

describe('sealing a secret', () => {
  it('round-trips, uses a new IV every time, and is bound to its row', () => {
    const a = sealSecret('JBSWY3DPEHPK3PXP', totpContext('p1'));
    const b = sealSecret('JBSWY3DPEHPK3PXP', totpContext('p1'));
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:/);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(a, totpContext('p1'))).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(a, totpContext('p2'))).toThrow(SecretKeyError);
    // Any change to the ciphertext or its tag is detected.
    const parts = a.split(':');
    const flipped = Buffer.from(parts[3]!, 'base64');
    flipped[0]! ^= 1;
    expect(() => openSecret([...parts.slice(0, 3), flipped.toString('base64')].join(':'), totpContext('p1'))).toThrow(SecretKeyError);
    expect(() => openSecret(sealSecret('x', totpContext('p1'), key()), totpContext('p1'))).toThrow(SecretKeyError);
    // A plain value from before encryption is read as it is.
    expect(isSealed('JBSWY3DPEHPK3PXP')).toBe(false);
    expect(openSecret('JBSWY3DPEHPK3PXP', totpContext('p1'))).toBe('JBSWY3DPEHPK3PXP');
  });
});

describe('encrypting stored secrets at start-up', () => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let personId: string;
  let districtId: string;
  const stored = async () => ({
    totp: await t.db.selectFrom('totp_factors').select(['secret', 'pending_secret']).where('person_id', '=', personId).executeTakeFirstOrThrow(),
    sso: (await t.db.selectFrom('district_sso').select('client_secret').where('district_id', '=', districtId).executeTakeFirstOrThrow()).client_secret,
  });

  beforeAll(async () => {
    // A database of its own: rotating keys here must not touch what other test files stored.
    t = await freshDatabase();
    const district = await createDistrict(t.db);
    districtId = district.id;
    personId = (await createStaff(t.db, { districtId, roles: [{ role: 'district_admin' }], passwordHash: 'x' })).id;
    await t.db.insertInto('totp_factors').values({ person_id: personId, secret: 'PLAINSECRETAAAAA', pending_secret: 'PLAINPENDINGBBBB', confirmed_at: new Date() }).execute();
    await t.db
      .insertInto('district_sso')
      .values({ district_id: districtId, provider_name: 'Entra', issuer_url: 'https://login.example/v2.0', client_id: 'rounds', client_secret: 'plain-client-secret' })
      .execute();
  });
  afterAll(() => t.drop());

  it('encrypts plain values in place, once (idempotent)', async () => {
    const k = { current: TEST_SECRET_KEY };
    expect(await encryptSecretsAtRest(t.db, k)).toEqual({ encrypted: 3, reencrypted: 0 });
    const after = await stored();
    expect([after.totp.secret, after.totp.pending_secret, after.sso].every((v) => v && isSealed(v))).toBe(true);
    expect(JSON.stringify(after)).not.toMatch(/PLAINSECRET|PLAINPENDING|plain-client-secret/);
    expect(openSecret(after.totp.secret!, totpContext(personId))).toBe('PLAINSECRETAAAAA');
    expect(openSecret(after.totp.pending_secret!, totpContext(personId))).toBe('PLAINPENDINGBBBB');
    expect(openSecret(after.sso, ssoContext(districtId))).toBe('plain-client-secret');
    expect(await encryptSecretsAtRest(t.db, k)).toEqual({ encrypted: 0, reencrypted: 0 });
    expect(await stored()).toEqual(after);
  });

  it('a backup carries the encrypted values only, and the inventory keeps them out of exports', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-secrets-backup-'));
    try {
      const file = path.join(dir, 'backup.gz');
      await writeBackup(t.url, file, { version: 'test' });
      const text = gunzipSync(await fs.readFile(file)).toString('utf8');
      const after = await stored();
      expect(text).toContain(after.totp.secret!);
      expect(text).toContain(after.sso);
      expect(text).not.toMatch(/PLAINSECRET|PLAINPENDING|plain-client-secret/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    for (const column of ['totp_factors.secret', 'totp_factors.pending_secret', 'district_sso.client_secret']) expect(SECRET_COLUMNS.has(column), column).toBe(true);
  });

  it('refuses a wrong key with a clear message and changes nothing', async () => {
    const before = await stored();
    await expect(encryptSecretsAtRest(t.db, { current: key() })).rejects.toThrow(
      /3 of 3 stored secrets .* cannot be decrypted with ROUNDS_SECRET_KEY: this is not the key they were encrypted with/,
    );
    await expect(encryptSecretsAtRest(t.db, { current: key(), previous: key() })).rejects.toThrow(/ROUNDS_SECRET_KEY or ROUNDS_SECRET_KEY_PREVIOUS/);
    expect(await stored()).toEqual(before);
  });

  it('rotates: values under ROUNDS_SECRET_KEY_PREVIOUS are re-encrypted with the new key', async () => {
    const next = key();
    expect(await encryptSecretsAtRest(t.db, { current: next, previous: TEST_SECRET_KEY })).toEqual({ encrypted: 0, reencrypted: 3 });
    // Now only the new key opens them.
    await expect(encryptSecretsAtRest(t.db, { current: TEST_SECRET_KEY })).rejects.toThrow(SecretKeyError);
    expect(await encryptSecretsAtRest(t.db, { current: next })).toEqual({ encrypted: 0, reencrypted: 0 });
    // Rotate back so the values open with the test key again.
    expect(await encryptSecretsAtRest(t.db, { current: TEST_SECRET_KEY, previous: next })).toEqual({ encrypted: 0, reencrypted: 3 });
    expect(openSecret((await stored()).sso, ssoContext(districtId))).toBe('plain-client-secret');
  });
});

describe('where the key comes from', () => {
  it('ROUNDS_SECRET_KEY when set; otherwise a key file made once in the data directory (0600); never in production without it', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-key-'));
    try {
      const env = newSecretKey();
      const fromEnv = await loadSecretKeys(loadConfig({ ROUNDS_SECRET_KEY: env, ROUNDS_DATA_DIR: dataDir }));
      expect(fromEnv).toMatchObject({ source: 'environment', current: Buffer.from(env, 'base64') });
      await expect(fs.stat(path.join(dataDir, KEY_FILE))).rejects.toThrow();

      const first = await loadSecretKeys(loadConfig({ ROUNDS_DATA_DIR: dataDir }));
      expect(first.source).toBe('file');
      expect(first.current).toHaveLength(32);
      const stat = await fs.stat(path.join(dataDir, KEY_FILE));
      expect(stat.mode & 0o777).toBe(0o600);
      const second = await loadSecretKeys(loadConfig({ ROUNDS_DATA_DIR: dataDir }));
      expect(second.current).toEqual(first.current);

      await expect(loadSecretKeys(loadConfig({ NODE_ENV: 'production', ROUNDS_DATA_DIR: dataDir }))).rejects.toThrow(/ROUNDS_SECRET_KEY must be set/);
      await fs.writeFile(path.join(dataDir, KEY_FILE), 'garbage');
      await expect(loadSecretKeys(loadConfig({ ROUNDS_DATA_DIR: dataDir }))).rejects.toThrow(/must be 32 random bytes/);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
