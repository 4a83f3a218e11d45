import { describe, expect, it } from 'vitest';
import { validateAdminPassword } from '../operations/admin';
import { commonPasswordCount, isCommonPassword, newPasswordProblem } from './common-passwords';
import { hashPassword, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('uses argon2id at the OWASP parameters (19 MiB, 2 iterations, 1 lane), read back from the hash itself', async () => {
    const hash = await hashPassword('a long and unusual passphrase');
    const [, algorithm, version, params, salt, digest] = hash.split('$');
    expect(algorithm).toBe('argon2id');
    expect(version).toBe('v=19');
    expect(Object.fromEntries(params!.split(',').map((p) => p.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
    expect(Buffer.from(salt!, 'base64').length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(digest!, 'base64').length).toBe(32);
    expect(await verifyPassword(hash, 'a long and unusual passphrase')).toBe(true);
    expect(await verifyPassword(hash, 'a long and unusual passphrasE')).toBe(false);
    expect(await verifyPassword(undefined, 'anything')).toBe(false);
  });
});

describe('common passwords', () => {
  it('holds the 3,000 most common passwords and matches them whatever the case', () => {
    expect(commonPasswordCount()).toBe(3000);
    for (const p of ['123456', 'password', 'qwerty123456', '1q2w3e4r5t6y', 'QwErTy123456', 'iloveyou']) expect(isCommonPassword(p), p).toBe(true);
    for (const p of ['river stone lantern maple', 'correct horse battery staple']) expect(isCommonPassword(p), p).toBe(false);
  });

  it('explains the refusal, and refuses the email name too', () => {
    expect(newPasswordProblem('qwerty123456', 'pia@school.example')).toMatch(/most common passwords/);
    expect(newPasswordProblem('pia.principal-2026!', 'pia.principal@school.example')).toMatch(/email name/);
    expect(newPasswordProblem('river stone lantern maple', 'pia@school.example')).toBeUndefined();
  });

  it('admin:create refuses a common password', () => {
    expect(() => validateAdminPassword('1qaz2wsx3edc')).toThrow(/most common passwords/);
    expect(validateAdminPassword('river stone lantern maple')).toBe('river stone lantern maple');
  });
});
