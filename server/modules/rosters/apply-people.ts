import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/types';
import type { RosterCounts } from '../../../schemas/rosters';
import type { ApplyInfo } from './apply';
import { sync } from './upsert';

type Tx = Kysely<Database>;

/** Runs an INSERT or DELETE and returns how many rows it touched. */
const count = async (trx: Tx, query: RawBuilder<unknown>) => {
  const result = await sql<{ n: number }>`WITH x AS (${query} RETURNING 1) SELECT count(*)::int AS n FROM x`.execute(trx);
  return result.rows[0]?.n ?? 0;
};

/** Applies users (people, school memberships, roster roles), enrollments and demographics. */
export async function applyPeople(trx: Tx, d: string, info: ApplyInfo, counts: RosterCounts): Promise<void> {
  const { staged } = info;
  if (staged.users) {
    // Hand-made accounts matched by email take the roster's sourcedId (their roles and credentials stay).
    if (info.adoptions.length > 0) {
      await sql`
        UPDATE people t SET sourced_id = a.sourced_id
        FROM json_to_recordset(${JSON.stringify(info.adoptions.map((a) => ({ person_id: a.personId, sourced_id: a.sourcedId })))}::json)
          AS a(person_id uuid, sourced_id text)
        WHERE t.id = a.person_id AND t.district_id = ${d}`.execute(trx);
    }
    // A roster-managed email that the bundle now gives to someone else is released first (emails are unique).
    await sql`
      UPDATE people t SET email = NULL, updated_at = now()
      FROM ro_users u
      WHERE t.district_id = ${d} AND t.rostered AND t.kind = 'staff' AND t.email IS NOT NULL
        AND lower(u.email) = lower(t.email) AND u.sourced_id <> t.sourced_id`.execute(trx);
    counts.users = await sync(trx, {
      table: 'people',
      staging: 'ro_users',
      districtId: d,
      inactivate: !info.delta.people,
      key: ['district_id', 'sourced_id'],
      columns: ['district_id', 'sourced_id', 'kind', 'given_name', 'family_name', 'email', 'username', 'identifier', 'grades', 'status', 'rostered'],
      // A staff member whose roster row has no email keeps the one they sign in with.
      source: sql`
        SELECT ${d}::uuid AS district_id, u.sourced_id, u.kind, u.given_name, u.family_name,
          CASE WHEN u.kind = 'staff' THEN COALESCE(u.email, ex.email) END AS email,
          u.username, u.identifier, u.grades, u.status, true AS rostered
        FROM ro_users u LEFT JOIN people ex ON ex.district_id = ${d} AND ex.sourced_id = u.sourced_id`,
    });

    const added = await count(
      trx,
      sql`INSERT INTO person_schools (person_id, school_id)
        SELECT p.id, sc.id FROM ro_memberships m
        JOIN people p ON p.district_id = ${d} AND p.sourced_id = m.user_sourced_id
        JOIN schools sc ON sc.district_id = ${d} AND sc.sourced_id = m.school_sourced_id
        ON CONFLICT DO NOTHING`,
    );
    // Memberships of the bundle's users that the roster no longer lists go, unless a hand-made role holds them there.
    const removed = await count(
      trx,
      sql`DELETE FROM person_schools ps USING people p, ro_users u
        WHERE ps.person_id = p.id AND p.district_id = ${d} AND p.sourced_id = u.sourced_id
          AND NOT EXISTS (SELECT 1 FROM ro_memberships m JOIN schools sc ON sc.district_id = ${d} AND sc.sourced_id = m.school_sourced_id
                          WHERE m.user_sourced_id = u.sourced_id AND sc.id = ps.school_id)
          AND NOT EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.person_id = ps.person_id AND ra.school_id = ps.school_id AND ra.source <> 'roster')`,
    );
    counts.memberships = { added, removed };

    const rolesAdded = await count(
      trx,
      sql`INSERT INTO role_assignments (person_id, district_id, school_id, role, source)
        SELECT p.id, ${d}, sc.id, r.role, 'roster' FROM ro_roles r
        JOIN people p ON p.district_id = ${d} AND p.sourced_id = r.user_sourced_id
        JOIN schools sc ON sc.district_id = ${d} AND sc.sourced_id = r.school_sourced_id
        ON CONFLICT DO NOTHING`,
    );
    // Only roster-sourced roles are ever removed: manual and demo roles are left alone. A delta file speaks only
    // for the users it lists (and those it deletes, whose roster roles go with them).
    const rolesRemoved = await count(
      trx,
      sql`DELETE FROM role_assignments ra USING people p
        WHERE ra.person_id = p.id AND p.district_id = ${d} AND ra.source = 'roster'
          ${info.delta.people ? sql`AND (p.sourced_id IN (SELECT sourced_id FROM ro_users) OR p.sourced_id IN (SELECT sourced_id FROM ${sql.raw(deletedTable(info))} WHERE kind = 'people'))` : sql``}
          AND NOT EXISTS (SELECT 1 FROM ro_roles r JOIN schools sc ON sc.district_id = ${d} AND sc.sourced_id = r.school_sourced_id
                          WHERE r.user_sourced_id = p.sourced_id AND sc.id = ra.school_id AND r.role = ra.role)`,
    );
    counts.roles = { added: rolesAdded, removed: rolesRemoved };
  }

  if (staged.enrollments) {
    counts.enrollments = await sync(trx, {
      table: 'enrollments',
      staging: 'ro_enrollments',
      districtId: d,
      inactivate: !info.delta.enrollments,
      key: ['district_id', 'sourced_id'],
      columns: ['district_id', 'sourced_id', 'class_id', 'school_id', 'person_id', 'role', 'is_primary', 'begin_date', 'end_date', 'status', 'rostered'],
      source: sql`
        SELECT ${d}::uuid AS district_id, e.sourced_id, c.id AS class_id, c.school_id, p.id AS person_id, e.role, e.is_primary,
          e.begin_date, e.end_date, e.status, true AS rostered
        FROM ro_enrollments e
        JOIN classes c ON c.district_id = ${d} AND c.sourced_id = e.class_sourced_id
        JOIN people p ON p.district_id = ${d} AND p.sourced_id = e.user_sourced_id`,
    });
  }

  if (staged.demographics) {
    const keep = info.programColumns;
    // A program column absent from demographics.csv leaves the stored flag as it is.
    const flag = (name: 'english_learner' | 'special_education' | 'free_reduced_lunch', present: boolean) =>
      sql.raw(present ? `x.${name}` : `ex.${name}`);
    counts.demographics = await sync(trx, {
      table: 'student_demographics',
      staging: 'ro_demographics',
      districtId: d,
      inactivate: false,
      key: ['person_id'],
      columns: ['person_id', 'birth_date', 'gender', 'race_ethnicity', 'hispanic_latino', 'english_learner', 'special_education', 'free_reduced_lunch'],
      source: sql`
        SELECT p.id AS person_id, x.birth_date, x.gender, x.race_ethnicity, x.hispanic_latino,
          ${flag('english_learner', keep.englishLearner)} AS english_learner,
          ${flag('special_education', keep.specialEducation)} AS special_education,
          ${flag('free_reduced_lunch', keep.freeReducedLunch)} AS free_reduced_lunch
        FROM ro_demographics x
        JOIN people p ON p.district_id = ${d} AND p.sourced_id = x.user_sourced_id AND p.kind = 'student'
        LEFT JOIN student_demographics ex ON ex.person_id = p.id`,
    });
  }
}

/** The staging table of deletions, or an empty stand-in when the bundle deletes nothing. */
const deletedTable = (info: ApplyInfo) => (info.staged.deleted ? 'ro_deleted' : "(SELECT NULL::text AS kind, NULL::text AS sourced_id WHERE false) AS no_deletions");

const DELETED_COUNTS = {
  schools: 'schools',
  academic_sessions: 'academicSessions',
  courses: 'courses',
  classes: 'classes',
  people: 'users',
  enrollments: 'enrollments',
} as const;

/**
 * Makes the records named by delta files' tobedeleted rows inactive (never deletes them): only roster-managed
 * ones, and never a hand-made district administrator. Runs after every upsert, so a record created and deleted in
 * one bundle ends inactive.
 */
export async function applyDeletions(trx: Tx, d: string, info: ApplyInfo, counts: RosterCounts): Promise<void> {
  if (!info.staged.deleted) return;
  for (const [table, key] of Object.entries(DELETED_COUNTS) as [keyof typeof DELETED_COUNTS, (typeof DELETED_COUNTS)[keyof typeof DELETED_COUNTS]][]) {
    const n = await count(
      trx,
      sql`UPDATE ${sql.raw(table)} t SET status = 'inactive', updated_at = now()
        FROM ro_deleted x
        WHERE x.kind = ${table} AND t.district_id = ${d} AND t.sourced_id = x.sourced_id AND t.rostered AND t.status = 'active'
          ${table === 'people' ? sql`AND NOT EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.person_id = t.id AND ra.role = 'district_admin' AND ra.source <> 'roster')` : sql``}`,
    );
    const listed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ro_deleted WHERE kind = ${table}`.execute(trx);
    if ((listed.rows[0]?.n ?? 0) === 0) continue;
    const c = (counts[key] ??= { inBundle: 0, created: 0, updated: 0, unchanged: 0, inactivated: 0 });
    c.inactivated += n;
  }
  if (info.delta.people) {
    // A deleted user's roster roles go with them (in a bulk users.csv the roles query above already did this).
    await sql`DELETE FROM role_assignments ra USING people p, ro_deleted x
      WHERE x.kind = 'people' AND p.district_id = ${d} AND p.sourced_id = x.sourced_id AND ra.person_id = p.id AND ra.source = 'roster'`.execute(trx);
  }
}
