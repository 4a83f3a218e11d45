import { sql } from 'kysely';
import { PREPARED, type Db } from '../../../db/database';
import type { Role } from '../../../schemas/common';

export type SessionStage = 'full' | 'totp' | 'enrol';
export type SignInMethod = 'password' | 'sso';
/** Roles that must use two-step verification. */
export const TWO_STEP_ROLES: Role[] = ['district_admin', 'district_leader'];

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

export async function insertSession(
  db: Db,
  session: {
    tokenHash: string;
    personId: string;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
    stage: SessionStage;
    method: SignInMethod;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      person_id: session.personId,
      expires_at: session.expiresAt,
      user_agent: session.userAgent?.slice(0, 500) ?? null,
      ip: session.ip,
      stage: session.stage,
      method: session.method,
    })
    .execute();
}

/** A live session of any stage with its person (active staff), for the steps of signing in. */
export async function findSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .select(['sessions.token_hash', 'sessions.stage', 'sessions.method', 'people.id as person_id', 'people.email', 'people.district_id'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('people.status', '=', 'active')
    .executeTakeFirst();
}

/** Whether the person holds a role that requires two-step verification. */
export async function requiresTwoStep(db: Db, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments')
    .select('role')
    .where('person_id', '=', personId)
    .where('role', 'in', TWO_STEP_ROLES)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findTotp(db: Db, personId: string) {
  return db.selectFrom('totp_factors').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteOtherSessions(db: Db, personId: string, keepTokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('person_id', '=', personId).where('token_hash', '<>', keepTokenHash).execute();
}

/** Loads the user behind a live session with all their roles, or undefined; refreshes last-seen at most once a minute. */
export async function findSessionUser(db: Db, tokenHash: string, idleHours: number) {
  // Prepared: it runs on every request, and planning it cost more than running it.
  const { rows } = await sql<{
    id: string;
    email: string | null;
    given_name: string;
    family_name: string;
    district_id: string;
    district_name: string;
    last_seen_at: Date;
    roles: { school_id: string | null; role: Role; school_name: string | null; timezone: string | null }[];
  }>`${sql.raw(PREPARED)}
    SELECT p.id, p.email, p.given_name, p.family_name, p.district_id, d.name AS district_name, s.last_seen_at,
           -- The roles, and the schools they are in, come in the same round trip: a school route then needs no
           -- query of its own to find its school.
           COALESCE((
             SELECT json_agg(json_build_object('school_id', ra.school_id, 'role', ra.role, 'school_name', sc.name, 'timezone', sc.timezone))
             FROM role_assignments ra LEFT JOIN schools sc ON sc.id = ra.school_id AND sc.district_id = ra.district_id
             WHERE ra.person_id = p.id AND ra.district_id = p.district_id), '[]') AS roles
      FROM sessions s
      JOIN people p ON p.id = s.person_id
      JOIN districts d ON d.id = p.district_id
     WHERE s.token_hash = ${tokenHash} AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(hours => ${idleHours})
       AND s.stage = 'full' AND p.status = 'active'`.execute(db);
  const row = rows[0];
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
