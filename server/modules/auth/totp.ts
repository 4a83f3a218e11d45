import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 defaults that every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
const ISSUER = 'Rounds';

/** A new random 160-bit secret, base32 (what authenticator apps take). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function totpUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

/** The code for a time (tests and the demo use it). */
export function totpCode(secret: string, at = Date.now()): string {
  return totp(secret).generate({ timestamp: at });
}

export const isTotpCode = (code: string) => /^\d{6}$/.test(code);

/**
 * The time step of a valid code: the current step or one either side (clock drift), or null. Codes of a step at or
 * before `lastStep` are refused (`used`): a code works once.
 */
export function checkTotp(secret: string, code: string, lastStep: number, at = Date.now()): { step: number } | { error: 'invalid' | 'used' } {
  if (!isTotpCode(code)) return { error: 'invalid' };
  const delta = totp(secret).validate({ token: code, timestamp: at, window: 1 });
  if (delta === null) return { error: 'invalid' };
  const step = Math.floor(at / 1000 / TOTP_PERIOD_SECONDS) + delta;
  return step > lastStep ? { step } : { error: 'used' };
}

// Recovery codes: 10 characters from an alphabet without look-alikes (no 0/o, 1/l/i), shown as xxxxx-xxxxx.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes are stored as SHA-256 of their normalised form (they are random, so no slow hash is needed). */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[^a-z0-9]/g, '')).digest('hex');
}

export const looksLikeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '').length === 10;
