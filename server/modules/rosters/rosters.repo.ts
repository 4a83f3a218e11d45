import { sql, type Kysely } from 'kysely';
import type { Db } from '../../../db/database';
import type { Database } from '../../../db/types';
import type { RosterCounts, RosterImportRecord, RosterProblem, RosterWarning } from '../../../schemas/rosters';
import type { EmailOwner, KnownRecords } from './model';

type Tx = Kysely<Database>;

/** Serialises imports of one district (held until the transaction ends). */
export async function lockDistrict(trx: Tx, districtKey: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`rounds.roster:${districtKey}`}, 0))`.execute(trx);
}

/** The district's roster sourcedId, or undefined when there is no such district. */
export async function districtSourcedId(trx: Tx, districtId: string): Promise<{ sourcedId: string | null } | undefined> {
  const row = await trx.selectFrom('districts').select('sourced_id').where('id', '=', districtId).executeTakeFirst();
  return row ? { sourcedId: row.sourced_id } : undefined;
}

/** Whether another district already carries this roster sourcedId. */
export async function districtSourcedIdTaken(trx: Tx, sourcedId: string, exceptId: string | null): Promise<boolean> {
  // Other districts are invisible to a request (row-level security); this database function answers yes or no only.
  const row = await sql<{ taken: boolean }>`SELECT rounds_district_sourced_id_taken(${sourcedId}, ${exceptId}::uuid) AS taken`.execute(trx);
  return row.rows[0]!.taken;
}

/** Every sourcedId the district already holds, for references to files absent from a bundle and for account matching. */
export async function loadKnown(trx: Tx, districtId: string, districtSourced: string | null): Promise<KnownRecords> {
  const [schools, sessions, courses, classes, people] = await Promise.all([
    trx.selectFrom('schools').select('sourced_id').where('district_id', '=', districtId).execute(),
    trx.selectFrom('academic_sessions').select('sourced_id').where('district_id', '=', districtId).execute(),
    trx.selectFrom('courses').select('sourced_id').where('district_id', '=', districtId).execute(),
    trx
      .selectFrom('classes as c')
      .innerJoin('schools as s', 's.id', 'c.school_id')
      .select(['c.sourced_id', 's.sourced_id as school_sourced_id'])
      .where('c.district_id', '=', districtId)
      .execute(),
    trx.selectFrom('people').select(['sourced_id', 'kind']).where('district_id', '=', districtId).execute(),
  ]);
  return {
    districtSourcedId: districtSourced,
    schools: new Set(schools.map((r) => r.sourced_id)),
    sessions: new Set(sessions.map((r) => r.sourced_id)),
    courses: new Set(courses.map((r) => r.sourced_id)),
    classes: new Map(classes.map((r) => [r.sourced_id, r.school_sourced_id])),
    users: new Map(people.map((r) => [r.sourced_id, r.kind])),
  };
}

/**
 * The same as loadKnown, as JSON text made by PostgreSQL: the parsing worker reads it, so the calling thread never
 * builds the (possibly hundreds of thousands of) rows.
 */
export async function loadKnownJson(trx: Tx, districtId: string): Promise<{ schools: string; sessions: string; courses: string; classes: string; people: string }> {
  const result = await sql<{ schools: string; sessions: string; courses: string; classes: string; people: string }>`
    SELECT
      (SELECT COALESCE(json_agg(sourced_id), '[]')::text FROM schools WHERE district_id = ${districtId} AND sourced_id IS NOT NULL) AS schools,
      (SELECT COALESCE(json_agg(sourced_id), '[]')::text FROM academic_sessions WHERE district_id = ${districtId} AND sourced_id IS NOT NULL) AS sessions,
      (SELECT COALESCE(json_agg(sourced_id), '[]')::text FROM courses WHERE district_id = ${districtId} AND sourced_id IS NOT NULL) AS courses,
      (SELECT COALESCE(json_agg(json_build_array(c.sourced_id, s.sourced_id)), '[]')::text
         FROM classes c JOIN schools s ON s.id = c.school_id WHERE c.district_id = ${districtId} AND c.sourced_id IS NOT NULL) AS classes,
      (SELECT COALESCE(json_agg(json_build_array(sourced_id, kind)), '[]')::text FROM people WHERE district_id = ${districtId} AND sourced_id IS NOT NULL) AS people`.execute(trx);
  return result.rows[0]!;
}

/** How many active, roster-managed records of each kind the district has. */
export async function activeRostered(trx: Tx, districtId: string): Promise<Record<'schools' | 'academic_sessions' | 'courses' | 'classes' | 'people' | 'enrollments', number>> {
  const result = await sql<Record<'schools' | 'academic_sessions' | 'courses' | 'classes' | 'people' | 'enrollments', number>>`
    SELECT
      (SELECT count(*)::int FROM schools WHERE district_id = ${districtId} AND rostered AND status = 'active') AS schools,
      (SELECT count(*)::int FROM academic_sessions WHERE district_id = ${districtId} AND rostered AND status = 'active') AS academic_sessions,
      (SELECT count(*)::int FROM courses WHERE district_id = ${districtId} AND rostered AND status = 'active') AS courses,
      (SELECT count(*)::int FROM classes WHERE district_id = ${districtId} AND rostered AND status = 'active') AS classes,
      (SELECT count(*)::int FROM people WHERE district_id = ${districtId} AND rostered AND status = 'active') AS people,
      (SELECT count(*)::int FROM enrollments WHERE district_id = ${districtId} AND rostered AND status = 'active') AS enrollments`.execute(trx);
  return result.rows[0]!;
}

/** Who holds each of these staff emails (lower-cased), in any district. */
export async function emailOwners(trx: Tx, emails: string[]): Promise<Map<string, EmailOwner>> {
  const owners = new Map<string, EmailOwner>();
  for (let i = 0; i < emails.length; i += 10_000) {
    const batch = emails.slice(i, i + 10_000);
    // Accounts of other districts are invisible to a request (row-level security); this database function returns
    // only who holds each of the given emails, which the import needs to refuse a duplicate account.
    const { rows } = await sql<{ id: string; district_id: string; sourced_id: string; rostered: boolean; email: string }>`
      SELECT * FROM rounds_staff_email_owners(${batch}::text[])`.execute(trx);
    for (const r of rows) owners.set(r.email, { id: r.id, districtId: r.district_id, sourcedId: r.sourced_id, rostered: r.rostered });
  }
  return owners;
}

/** What a roster_imports row stores in `summary`. */
export interface StoredSummary {
  files: string[];
  counts: RosterCounts;
  warnings: RosterWarning[];
  durationMs?: number;
  /** The total number of problems of a rejected import (`errors` keeps at most the cap). */
  problemCount?: number;
}

/** Records one import (applied or rejected); returns its id. */
export async function recordImport(
  db: Tx,
  input: {
    districtId: string | null;
    actorId: string | null;
    status: 'applied' | 'rejected';
    version: string | null;
    summary: StoredSummary;
    problems: RosterProblem[];
    problemCount: number;
  },
): Promise<string> {
  const row = await db
    .insertInto('roster_imports')
    .values({
      district_id: input.districtId,
      actor_id: input.actorId,
      status: input.status,
      version: input.version,
      summary: JSON.stringify({ ...input.summary, problemCount: input.problemCount }),
      errors: JSON.stringify(input.problems),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The district's imports, newest first. */
export async function listImports(db: Db, districtId: string, limit: number): Promise<RosterImportRecord[]> {
  const rows = await db
    .selectFrom('roster_imports as ri')
    .leftJoin('people as p', 'p.id', 'ri.actor_id')
    .select(['ri.id', 'ri.created_at', 'ri.status', 'ri.version', 'ri.summary', 'ri.errors', 'ri.actor_id', 'p.given_name', 'p.family_name'])
    .where('ri.district_id', '=', districtId)
    .orderBy('ri.created_at', 'desc')
    .orderBy('ri.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const summary = (r.summary ?? {}) as Partial<StoredSummary>;
    const problems = Array.isArray(r.errors) ? (r.errors as RosterProblem[]) : [];
    return {
      id: r.id,
      createdAt: new Date(r.created_at).toISOString(),
      status: r.status,
      version: r.version,
      actor: r.actor_id ? { id: r.actor_id, name: `${r.given_name ?? ''} ${r.family_name ?? ''}`.trim() } : null,
      files: summary.files ?? [],
      counts: summary.counts ?? {},
      warningCount: summary.warnings?.length ?? 0,
      problems,
      problemCount: summary.problemCount ?? problems.length,
    };
  });
}
