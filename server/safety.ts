import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Config } from './config';

/** PostgreSQL settings without which an acknowledged save can be lost or the database corrupted by a power cut. */
const DURABILITY: { name: string; safe: string; why: string }[] = [
  { name: 'fsync', safe: 'on', why: 'a power cut or crash can corrupt the database' },
  { name: 'full_page_writes', safe: 'on', why: 'a crash during a write can leave torn pages' },
  { name: 'synchronous_commit', safe: 'on|remote_apply|remote_write|local', why: 'saves confirmed to users can be lost in a crash' },
];

/** Passwords a database server must never have in production: the ones every tutorial uses. */
const DEFAULT_DATABASE_PASSWORDS = new Set(['', 'postgres', 'password', 'admin', 'root', 'secret', 'changeme', 'rounds', '123456']);

/** What is unsafe in the PostgreSQL server's settings, one sentence each (empty when all is well). */
export function unsafeSettings(settings: Record<string, string>): string[] {
  return DURABILITY.filter((s) => settings[s.name] !== undefined && !new RegExp(`^(${s.safe})$`).test(settings[s.name]!)).map(
    (s) => `PostgreSQL runs with ${s.name}=${settings[s.name]}: ${s.why}. Set ${s.name} = ${s.safe.split('|')[0]} in postgresql.conf.`,
  );
}

/** What is unsafe in the configuration for production mode (NODE_ENV=production), one sentence each. */
export function unsafeProductionConfig(config: Config): string[] {
  if (!config.production) return [];
  const problems: string[] = [];
  if (config.demo) {
    problems.push('Demo data is on (its accounts share a published password). Set ROUNDS_DEMO=0 in production.');
  }
  if (!config.secretKey) {
    problems.push('ROUNDS_SECRET_KEY is not set: stored authenticator and single sign-on secrets must be encrypted with a key kept outside the database. Set ROUNDS_SECRET_KEY to 32 random bytes (openssl rand -base64 32).');
  }
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    const password = decodeURIComponent(url.password);
    const local = ['', 'localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (password === '' ? !local : DEFAULT_DATABASE_PASSWORDS.has(password.toLowerCase())) {
      problems.push(`DATABASE_URL uses ${password === '' ? 'no password for a server on another host' : 'a well-known default password'}. Give the database role a strong password.`);
    }
  }
  return problems;
}

/** Demo accounts (published password) that can still sign in: refused in production mode. */
async function liveDemoAccounts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('people as p')
    .innerJoin('credentials as c', 'c.person_id', 'p.id')
    .where('p.status', '=', 'active')
    .where('p.email', 'like', '%@demo.test')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every reason Rounds must not start on this configuration and database. The server refuses to start when this
 * is not empty: losing a leader's visit notes or running with a published password is worse than not running.
 */
export async function unsafeConfiguration(config: Config, db: Db): Promise<string[]> {
  const rows = await sql<{ name: string; setting: string }>`
    SELECT name, setting FROM pg_settings WHERE name IN (${sql.join(DURABILITY.map((s) => s.name))})
  `.execute(db);
  const problems = [...unsafeSettings(Object.fromEntries(rows.rows.map((r) => [r.name, r.setting]))), ...unsafeProductionConfig(config)];
  if (config.production && (await liveDemoAccounts(db)) > 0) {
    problems.push('This database has demo accounts (@demo.test) that can sign in with the published demo password. Deactivate them before running in production.');
  }
  return problems;
}
