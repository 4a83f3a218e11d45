import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types';
import type { RosterFile } from '../../../schemas/rosters';
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
  /** Records named by the tobedeleted rows of delta files (`kind` is the table). */
  ro_deleted: 'kind text, sourced_id text, PRIMARY KEY (kind, sourced_id)',
} as const;
export type StagingTable = keyof typeof TABLES;

/**
 * The staging tables' contents as JSON arrays of rows in UTF-8, in chunks of CHUNK rows, built in the parsing worker
 * and moved (not copied) to the calling thread, which hands the bytes to PostgreSQL as they are: tens of MB of JSON
 * never become strings on the thread that answers requests.
 */
export type StagingData = Partial<Record<StagingTable, Uint8Array[]>>;

/** Creates the staging tables and fills them from JSON chunks (a few large statements, not one per row). */
export async function stageAll(trx: Tx, data: StagingData): Promise<void> {
  for (const [table, chunks] of Object.entries(data) as [StagingTable, Uint8Array[]][]) {
    await sql`CREATE TEMP TABLE ${sql.raw(table)} (${sql.raw(TABLES[table])}) ON COMMIT DROP`.execute(trx);
    for (const json of chunks) {
      // A Buffer is sent as binary (bytea): PostgreSQL decodes the UTF-8 itself.
      const bytes = Buffer.from(json.buffer, json.byteOffset, json.byteLength);
      await sql`INSERT INTO ${sql.raw(table)} SELECT * FROM json_populate_recordset(NULL::${sql.raw(table)}, convert_from(${bytes}, 'UTF8')::json)`.execute(trx);
    }
    // Temporary tables are never analysed automatically: give the planner real row counts for the joins that follow.
    await sql`ANALYZE ${sql.raw(table)}`.execute(trx);
  }
}

const encoder = new TextEncoder();
/** Serialises rows into UTF-8 JSON chunks of CHUNK rows. */
function chunks(rows: Record<string, unknown>[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(encoder.encode(JSON.stringify(rows.slice(i, i + CHUNK))));
  return out;
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
  /** Delta files deleted something (ro_deleted is filled). */
  deleted: boolean;
}

/** The table a delta file's tobedeleted rows make inactive. */
export const DELETED_KIND: Partial<Record<RosterFile, 'schools' | 'academic_sessions' | 'courses' | 'classes' | 'people' | 'enrollments'>> = {
  'orgs.csv': 'schools',
  'academicSessions.csv': 'academic_sessions',
  'courses.csv': 'courses',
  'classes.csv': 'classes',
  'users.csv': 'people',
  'enrollments.csv': 'enrollments',
};

/** Builds the staging tables' contents from the checked bundle (pure: runs in the parsing worker). */
export function buildStaging(plan: Plan): { data: StagingData; staged: Staged } {
  const b = plan.bundle;
  const data: StagingData = {};
  const stage = (table: StagingTable, rows: Record<string, unknown>[]) => {
    data[table] = chunks(rows);
  };
  if (plan.schools) {
    stage(
      'ro_schools',
      plan.schools.map((o) => ({ sourced_id: o.sourcedId, name: o.name, identifier: o.identifier, status: o.status })),
    );
  }
  if (b.sessions) {
    stage(
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
    stage(
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
    stage(
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
    stage(
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
    stage(
      'ro_memberships',
      (plan.memberships ?? []).map((m) => ({ user_sourced_id: m.userSourcedId, school_sourced_id: m.schoolSourcedId })),
    );
    stage(
      'ro_roles',
      (plan.schoolRoles ?? []).map((r) => ({ user_sourced_id: r.userSourcedId, school_sourced_id: r.schoolSourcedId, role: r.role })),
    );
  }
  if (b.enrollments) {
    stage(
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
    stage(
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
  const deleted = b.deletions.flatMap((d) => {
    const kind = DELETED_KIND[d.file];
    return kind ? [{ kind, sourced_id: d.sourcedId }] : [];
  });
  if (deleted.length > 0) stage('ro_deleted', deleted);
  const staged = {
    schools: Boolean(plan.schools),
    sessions: Boolean(b.sessions),
    courses: Boolean(b.courses),
    classes: Boolean(b.classes),
    users: Boolean(plan.users),
    enrollments: Boolean(b.enrollments),
    demographics: Boolean(b.demographics),
    deleted: deleted.length > 0,
  };
  return { data, staged };
}
