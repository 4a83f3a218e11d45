import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import { AppError } from '../../http/errors';

/**
 * Sign-in throttling, shared by every app process through PostgreSQL. Failures are counted three ways:
 * - one account from one address: 5 free attempts, then a wait that doubles from 30 seconds up to 5 minutes;
 * - one account from all addresses and one address for all accounts (guessing spread out): the same backoff, but an
 *   address the account signed in from in the last 30 days is exempt, so failures from elsewhere never lock the
 *   owner out; the owner's own mistakes cost them at most 5 minutes.
 * A refused attempt is not counted, so waiting is enough to get in again.
 */
export const THROTTLE = {
  freePerPair: 5,
  perAccount: 20,
  accountWindowMinutes: 60,
  perAddress: 100,
  addressWindowMinutes: 15,
  baseDelaySeconds: 30,
  maxDelaySeconds: 300,
  forgetHours: 24,
  knownAddressDays: 30,
} as const;

/** Seconds to wait after `count` failures when `free` are allowed, the last one `sinceLast` seconds ago. */
export function backoffSeconds(count: number, free: number, sinceLast: number): number {
  if (count < free) return 0;
  const delay = Math.min(THROTTLE.baseDelaySeconds * 2 ** (count - free), THROTTLE.maxDelaySeconds);
  return Math.max(0, Math.ceil(delay - sinceLast));
}

/** Throws 429 with Retry-After when this account and address must wait. */
export async function checkThrottle(db: Db, email: string, ip: string): Promise<void> {
  const t = THROTTLE;
  const row = await sql<{
    pair: number;
    pair_since: number | null;
    account: number;
    account_since: number | null;
    address: number;
    address_since: number | null;
    known: boolean;
  }>`
    SELECT
      count(*) FILTER (WHERE email = ${email} AND ip = ${ip})::int AS pair,
      extract(epoch FROM now() - max(at) FILTER (WHERE email = ${email} AND ip = ${ip}))::float8 AS pair_since,
      count(*) FILTER (WHERE email = ${email} AND at > now() - make_interval(mins => ${t.accountWindowMinutes}))::int AS account,
      extract(epoch FROM now() - max(at) FILTER (WHERE email = ${email}))::float8 AS account_since,
      count(*) FILTER (WHERE ip = ${ip} AND at > now() - make_interval(mins => ${t.addressWindowMinutes}))::int AS address,
      extract(epoch FROM now() - max(at) FILTER (WHERE ip = ${ip}))::float8 AS address_since,
      EXISTS (SELECT 1 FROM login_successes s WHERE s.email = ${email} AND s.ip = ${ip}
              AND s.at > now() - make_interval(days => ${t.knownAddressDays})) AS known
    FROM login_failures
    WHERE (email = ${email} OR ip = ${ip}) AND at > now() - make_interval(hours => ${t.forgetHours})
  `.execute(db);
  const r = row.rows[0]!;
  let wait = backoffSeconds(r.pair, t.freePerPair, r.pair_since ?? 0);
  if (!r.known) {
    wait = Math.max(wait, backoffSeconds(r.account, t.perAccount, r.account_since ?? 0), backoffSeconds(r.address, t.perAddress, r.address_since ?? 0));
  }
  if (wait <= 0) return;
  const when = wait < 90 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`;
  throw new AppError(
    'rate_limited',
    `Too many unsuccessful sign-in attempts. Wait ${when} and try again, or ask your administrator to reset your password.`,
    undefined,
    { retryAfterSeconds: wait },
  );
}

/** Counts a failed attempt (wrong password or wrong code); now and then forgets old ones. */
export async function recordFailure(db: Db, email: string, ip: string): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip }).execute();
  if (Math.random() < 0.01) {
    await db.deleteFrom('login_failures').where('at', '<', sql<Date>`now() - make_interval(hours => ${THROTTLE.forgetHours})`).execute();
  }
}

/** After a successful sign-in: this account's failures from this address are forgotten and the address is known. */
export async function recordSuccess(db: Db, email: string, ip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).execute();
  await db
    .insertInto('login_successes')
    .values({ email, ip })
    .onConflict((oc) => oc.columns(['email', 'ip']).doUpdateSet({ at: sql<Date>`now()` }))
    .execute();
}
