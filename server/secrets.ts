import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { parseSecretKey, type Config } from './config';

/**
 * Encryption at rest for the secrets Rounds must be able to read back (authenticator secrets, the single sign-on
 * client secret): AES-256-GCM with a random 96-bit IV per value, stored as `v1:<iv>:<tag>:<ciphertext>` (base64).
 * Each value is bound to its row by additional data (`totp:<person id>`, `sso:<district id>`), so a stored value
 * copied onto another row does not decrypt. A value without the prefix is a plain one written before encryption
 * existed: it is still read, and encrypted in place at the next start-up (`encryptSecretsAtRest`).
 */
const PREFIX = 'v1:';
const KEY_BYTES = 32;
/** The key file of an install without ROUNDS_SECRET_KEY (development, demo): next to the embedded database. */
export const KEY_FILE = 'secret.key';

export interface SecretKeys {
  current: Buffer;
  /** The key before a rotation: values under it are re-encrypted with `current` at start-up. */
  previous?: Buffer;
}

/** Thrown when a stored secret cannot be decrypted with the configured keys. */
export class SecretKeyError extends Error {}

let keys: SecretKeys | undefined;

/** Sets the keys this process encrypts and decrypts with (at start-up, before anything reads a secret). */
export function useSecretKeys(next: SecretKeys): void {
  if (next.current.length !== KEY_BYTES || (next.previous && next.previous.length !== KEY_BYTES)) throw new Error('secret keys must be 32 bytes');
  keys = next;
}

function loaded(): SecretKeys {
  if (!keys) throw new Error('The secret key is not loaded: call loadSecretKeys() at start-up');
  return keys;
}

/** A new random key, base64 (what the key file holds and what `openssl rand -base64 32` prints). */
export const newSecretKey = () => randomBytes(KEY_BYTES).toString('base64');

/**
 * The keys for this process: ROUNDS_SECRET_KEY (and ROUNDS_SECRET_KEY_PREVIOUS) when set; otherwise, outside
 * production mode only, `secret.key` in the data directory, created (mode 0600) on first start. Production mode
 * without ROUNDS_SECRET_KEY is refused by the safety check before this runs.
 */
export async function loadSecretKeys(config: Config): Promise<SecretKeys & { source: 'environment' | 'file'; file?: string }> {
  if (config.secretKey) return { current: config.secretKey, previous: config.secretKeyPrevious, source: 'environment' };
  if (config.production) throw new Error('ROUNDS_SECRET_KEY must be set in production mode');
  const file = path.join(config.dataDir, KEY_FILE);
  await fs.mkdir(config.dataDir, { recursive: true });
  try {
    // 'wx': only the first process to get here writes the key; the others read it.
    await fs.writeFile(file, `${newSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = await fs.stat(file);
  if ((stat.mode & 0o077) !== 0) await fs.chmod(file, 0o600);
  const current = parseSecretKey(file, await fs.readFile(file, 'utf8'));
  if (!current) throw new Error(`${file} is empty: delete it only if no secret was ever encrypted with it, or restore it from a backup`);
  return { current, previous: config.secretKeyPrevious, source: 'file', file };
}

/** Whether a stored value is encrypted (as opposed to a plain value from before encryption at rest). */
export const isSealed = (stored: string) => stored.startsWith(PREFIX);

/** Encrypts a secret for storage, bound to `context` (e.g. `totp:<person id>`). */
export function sealSecret(plain: string, context: string, key = loaded().current): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ciphertext.toString('base64')}`;
}

function tryOpen(stored: string, context: string, key: Buffer): string | undefined {
  const parts = stored.slice(PREFIX.length).split(':');
  if (parts.length !== 3) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[0]!, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(parts[1]!, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(parts[2]!, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Which key opens a stored value: `plain` for a value from before encryption, undefined when none does. */
function inspect(stored: string, context: string, k: SecretKeys): { plain: string; by: 'current' | 'previous' | 'plain' } | undefined {
  if (!isSealed(stored)) return { plain: stored, by: 'plain' };
  const current = tryOpen(stored, context, k.current);
  if (current !== undefined) return { plain: current, by: 'current' };
  const previous = k.previous && tryOpen(stored, context, k.previous);
  if (previous !== undefined) return { plain: previous, by: 'previous' };
  return undefined;
}

/** Decrypts a stored secret where it is used; throws SecretKeyError when the keys cannot open it. */
export function openSecret(stored: string, context: string): string {
  const opened = inspect(stored, context, loaded());
  if (!opened) throw new SecretKeyError(`a stored secret (${context.split(':')[0]}) cannot be decrypted with ROUNDS_SECRET_KEY`);
  return opened.plain;
}

export const totpContext = (personId: string) => `totp:${personId}`;
export const ssoContext = (districtId: string) => `sso:${districtId}`;

/**
 * At start-up: encrypts plain stored secrets, re-encrypts those under ROUNDS_SECRET_KEY_PREVIOUS with the current
 * key, and refuses (SecretKeyError, nothing changed) when any stored secret opens with neither key — a wrong key
 * must stop Rounds with a clear message, not fail every two-step sign-in later. Idempotent; one process at a time.
 */
export async function encryptSecretsAtRest(db: Db, k: SecretKeys = loaded()): Promise<{ encrypted: number; reencrypted: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('rounds.secrets_at_rest'))`.execute(trx);
    const factors = await trx.selectFrom('totp_factors').select(['person_id', 'secret', 'pending_secret']).forUpdate().execute();
    const sso = await trx.selectFrom('district_sso').select(['district_id', 'client_secret']).forUpdate().execute();
    const items = [
      ...factors.flatMap((f) =>
        (['secret', 'pending_secret'] as const)
          .filter((column) => f[column] !== null)
          .map((column) => ({ table: 'totp_factors' as const, column, id: f.person_id, stored: f[column]!, context: totpContext(f.person_id) })),
      ),
      ...sso
        .filter((s) => s.client_secret !== '')
        .map((s) => ({ table: 'district_sso' as const, column: 'client_secret' as const, id: s.district_id, stored: s.client_secret, context: ssoContext(s.district_id) })),
    ];
    const checked = items.map((item) => ({ item, opened: inspect(item.stored, item.context, k) }));
    const unreadable = checked.filter((c) => !c.opened);
    if (unreadable.length > 0) {
      throw new SecretKeyError(
        `${unreadable.length} of ${items.length} stored secrets (two-step verification, single sign-on) cannot be decrypted with ` +
          `${k.previous ? 'ROUNDS_SECRET_KEY or ROUNDS_SECRET_KEY_PREVIOUS' : 'ROUNDS_SECRET_KEY'}: this is not the key they were encrypted with. ` +
          `Start Rounds with the key in use before (without ROUNDS_SECRET_KEY: the data directory's ${KEY_FILE}); ` +
          `to change keys, put the old one in ROUNDS_SECRET_KEY_PREVIOUS and the new one in ROUNDS_SECRET_KEY.`,
      );
    }
    let encrypted = 0;
    let reencrypted = 0;
    for (const { item, opened } of checked) {
      if (opened!.by === 'current') continue;
      const sealed = sealSecret(opened!.plain, item.context, k.current);
      if (item.table === 'totp_factors') {
        await trx.updateTable('totp_factors').set({ [item.column]: sealed }).where('person_id', '=', item.id).execute();
      } else {
        await trx.updateTable('district_sso').set({ client_secret: sealed }).where('district_id', '=', item.id).execute();
      }
      if (opened!.by === 'plain') encrypted += 1;
      else reencrypted += 1;
    }
    return { encrypted, reencrypted };
  });
}
