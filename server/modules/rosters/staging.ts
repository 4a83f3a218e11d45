import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types';
import type { Plan } from './references';

type Tx = Kysely<Database>;

/** Rows sent to PostgreSQL per statement when filling a staging table. */
const CHUNK = 5000;

/** The staging tables: one per kind of record, dropped at the end of the import's transaction. */
const TABLES = {
  ro_schools: 'sourced_id text PRIMARY KEY, name text, identifier text, status text',
  ro_sessions:
    'sourced_id text PRIMARY KEY, title text, type text, start_date date, end_date date, parent_sourced_id text, school_year integer, status text',
  ro_courses: 'sourced_id text PRIMARY KEY, title text, course_code text, grades text[], subjects text[], org_sourced_id text, status text',
  ro_classes:
    'sourced_id text PRIMARY KEY, title text, class_code text, class_type text, location text, grades text[], subjects text[], periods text[], course_sourced_id text, school_sourced_id text, term_sourced_ids text[], status text',
  ro_users:
    'sourced_id text PRIMARY KEY, kind text, given_name text, family_name text, email text, username text, identifier text, grades text[], status text',
  ro_memberships: 'user_sourced_id text, school_sourced_id text',
  ro_roles: 'user_sourced_id text, school_sourced_id text, role text',
  ro_enrollments:
    'sourced_id text PRIMARY KEY, class_sourced_id text, user_sourced_id text, role text, is_primary boolean, begin_date date, end_date date, status text',
  ro_demographics:
    'user_sourced_id text PRIMARY KEY, birth_date date, gender text, race_ethnicity text[], hispanic_latino boolean, english_learner boolean, special_education boolean, free_reduced_lunch boolean',
} as const;
export type StagingTable = keyof typeof TABLES;

/** Creates a staging table and fills it from plain objects whose keys are its columns (a few large statements, not one per row). */
async function stage(trx: Tx, table: StagingTable, rows: Record<string, unknown>[]): Promise<void> {
  await sql`CREATE TEMP TABLE ${sql.raw(table)} (${sql.raw(TABLES[table])}) ON COMMIT DROP`.execute(trx);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + CHUNK));
    await sql`INSERT INTO ${sql.raw(table)} SELECT * FROM json_populate_recordset(NULL::${sql.raw(table)}, ${json}::json)`.execute(trx);
  }
  // Temporary tables are never analysed automatically: give the planner real row counts for the joins that follow.
  await sql`ANALYZE ${sql.raw(table)}`.execute(trx);
}

/** Which staging tables were filled (one per file present in the bundle). */
export interface Staged {
  schools: boolean;
  sessions: boolean;
  courses: boolean;
  classes: boolean;
  users: boolean;
  enrollments: boolean;
  demographics: boolean;
}

/** Loads the checked bundle into staging tables. */
export async function stageBundle(trx: Tx, plan: Plan): Promise<Staged> {
  const b = plan.bundle;
  if (plan.schools) {
    await stage(
      trx,
      'ro_schools',
      plan.schools.map((o) => ({ sourced_id: o.sourcedId, name: o.name, identifier: o.identifier, status: o.status })),
    );
  }
  if (b.sessions) {
    await stage(
      trx,
      'ro_sessions',
      b.sessions.map((s) => ({
        sourced_id: s.sourcedId,
        title: s.title,
        type: s.type,
        start_date: s.startDate,
        end_date: s.endDate,
        parent_sourced_id: s.parentSourcedId,
        school_year: s.schoolYear,
        status: s.status,
      })),
    );
  }
  if (b.courses) {
    await stage(
      trx,
      'ro_courses',
      b.courses.map((c) => ({
        sourced_id: c.sourcedId,
        title: c.title,
        course_code: c.courseCode,
        grades: c.grades,
        subjects: c.subjects,
        org_sourced_id: c.orgSourcedId,
        status: c.status,
      })),
    );
  }
  if (b.classes) {
    await stage(
      trx,
      'ro_classes',
      b.classes.map((c) => ({
        sourced_id: c.sourcedId,
        title: c.title,
        class_code: c.classCode,
        class_type: c.classType,
        location: c.location,
        grades: c.grades,
        subjects: c.subjects,
        periods: c.periods,
        course_sourced_id: c.courseSourcedId,
        school_sourced_id: c.schoolSourcedId,
        term_sourced_ids: c.termSourcedIds,
        status: c.status,
      })),
    );
  }
  if (plan.users) {
    await stage(
      trx,
      'ro_users',
      plan.users.map((u) => ({
        sourced_id: u.sourcedId,
        kind: u.kind,
        given_name: u.givenName,
        family_name: u.familyName,
        email: u.email,
        username: u.username,
        identifier: u.identifier,
        grades: u.grades,
        status: u.status,
      })),
    );
    await stage(
      trx,
      'ro_memberships',
      (plan.memberships ?? []).map((m) => ({ user_sourced_id: m.userSourcedId, school_sourced_id: m.schoolSourcedId })),
    );
    await stage(
      trx,
      'ro_roles',
      (plan.schoolRoles ?? []).map((r) => ({ user_sourced_id: r.userSourcedId, school_sourced_id: r.schoolSourcedId, role: r.role })),
    );
  }
  if (b.enrollments) {
    await stage(
      trx,
      'ro_enrollments',
      b.enrollments.map((e) => ({
        sourced_id: e.sourcedId,
        class_sourced_id: e.classSourcedId,
        user_sourced_id: e.userSourcedId,
        role: e.role,
        is_primary: e.primary,
        begin_date: e.beginDate,
        end_date: e.endDate,
        status: e.status,
      })),
    );
  }
  if (b.demographics) {
    await stage(
      trx,
      'ro_demographics',
      b.demographics.map((d) => ({
        user_sourced_id: d.userSourcedId,
        birth_date: d.birthDate,
        gender: d.gender,
        race_ethnicity: d.races,
        hispanic_latino: d.hispanicLatino,
        english_learner: d.englishLearner,
        special_education: d.specialEducation,
        free_reduced_lunch: d.freeReducedLunch,
      })),
    );
  }
  return {
    schools: Boolean(plan.schools),
    sessions: Boolean(b.sessions),
    courses: Boolean(b.courses),
    classes: Boolean(b.classes),
    users: Boolean(plan.users),
    enrollments: Boolean(b.enrollments),
    demographics: Boolean(b.demographics),
  };
}
