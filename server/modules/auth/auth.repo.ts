import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { Role } from '../../../schemas/common';

/** A staff account that can sign in. */
export interface AccountRow {
  personId: string;
  email: string;
  passwordHash: string;
  districtId: string;
}

/** Finds the active staff account for an email (case-insensitive). */
export async function findAccountByEmail(db: Db, email: string): Promise<AccountRow | undefined> {
  const row = await db
    .selectFrom('people')
    .innerJoin('credentials', 'credentials.person_id', 'people.id')
    .select(['people.id', 'people.email', 'credentials.password_hash', 'people.district_id'])
    .where(sql<string>`lower(people.email)`, '=', email.toLowerCase())
    .where('people.kind', '=', 'staff')
    .where('people.status', '=', 'active')
    .executeTakeFirst();
  return row && { personId: row.id, email: row.email ?? email, passwordHash: row.password_hash, districtId: row.district_id };
}

/** Counts failed sign-ins for an email and for an address within the window. */
export async function countRecentFailures(db: Db, email: string, ip: string, windowMinutes: number) {
  const since = sql<Date>`now() - make_interval(mins => ${windowMinutes})`;
  const row = await db
    .selectFrom('login_failures')
    .select([
      sql<number>`count(*) FILTER (WHERE email = ${email})`.as('byEmail'),
      sql<number>`count(*) FILTER (WHERE ip = ${ip})`.as('byIp'),
      sql<Date | null>`min(at) FILTER (WHERE email = ${email})`.as('oldestByEmail'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  return { byEmail: Number(row.byEmail), byIp: Number(row.byIp), oldestByEmail: row.oldestByEmail };
}

export async function recordFailure(db: Db, email: string, ip: string): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip }).execute();
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}

export async function insertSession(
  db: Db,
  session: { tokenHash: string; personId: string; expiresAt: Date; userAgent: string | null; ip: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      person_id: session.personId,
      expires_at: session.expiresAt,
      user_agent: session.userAgent?.slice(0, 500) ?? null,
      ip: session.ip,
    })
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteOtherSessions(db: Db, personId: string, keepTokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('person_id', '=', personId).where('token_hash', '<>', keepTokenHash).execute();
}

/** Loads the user behind a live session with all their roles, or undefined; refreshes last-seen at most once a minute. */
export async function findSessionUser(db: Db, tokenHash: string, idleHours: number) {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .innerJoin('districts', 'districts.id', 'people.district_id')
    .select([
      'people.id',
      'people.email',
      'people.given_name',
      'people.family_name',
      'people.district_id',
      'districts.name as district_name',
      'sessions.last_seen_at',
      // The roles come in the same round trip: this runs on every request.
      sql<{ school_id: string | null; role: Role }[]>`COALESCE((
        SELECT json_agg(json_build_object('school_id', ra.school_id, 'role', ra.role))
        FROM role_assignments ra WHERE ra.person_id = people.id AND ra.district_id = people.district_id), '[]')`.as('roles'),
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(hours => ${idleHours})`)
    .where('people.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: sql<Date>`now()` }).where('token_hash', '=', tokenHash).execute();
  }
  return row;
}

export async function findPasswordHash(db: Db, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom('credentials').select('password_hash').where('person_id', '=', personId).executeTakeFirst();
  return row?.password_hash;
}

export async function setPasswordHash(db: Db, personId: string, passwordHash: string): Promise<void> {
  await db
    .insertInto('credentials')
    .values({ person_id: personId, password_hash: passwordHash })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ password_hash: passwordHash, changed_at: sql<Date>`now()` }))
    .execute();
}

/** The schools (active, in the user's district) with the roles the user holds in each, district roles included. */
export async function listSchoolsForUser(db: Db, districtId: string) {
  return db
    .selectFrom('schools')
    .select(['id', 'name', 'timezone'])
    .where('district_id', '=', districtId)
    .where('status', '=', 'active')
    .orderBy('name')
    .execute();
}
