import { sql, type Kysely } from 'kysely';

/**
 * PostgreSQL row-level security: the second line behind the application's permission checks.
 *
 * Every query a request makes runs as the role `rounds_app`, which owns nothing and cannot bypass row-level
 * security, with the request's district and schools in two settings (`rounds.district_id`, `rounds.school_ids`;
 * see db/scope.ts). Each table holding school data has one policy, chosen here by how the table is keyed:
 * - `school`: its `school_id` must be one of the request's schools (and `district_id`, where the table has one,
 *   the request's district; a NULL `school_id` then means a district-wide row);
 * - `district`: its `district_id` must be the request's district;
 * - `parent`: the row it belongs to must be visible (the policy reads the parent table, whose own policy applies);
 * - `operational`: sign-in throttling, migrations and job bookkeeping, no school data; no policy.
 * A test checks that every table in the database is listed here.
 */
export type RowSecurity =
  | { kind: 'school' }
  | { kind: 'district' }
  | { kind: 'parent'; column: string; parent: string }
  | { kind: 'self'; column: 'id' }
  | { kind: 'operational' };

const school = { kind: 'school' } as const;
const district = { kind: 'district' } as const;
const parent = (column: string, table: string): RowSecurity => ({ kind: 'parent', column, parent: table });
const person = parent('person_id', 'people');

export const ROW_SECURITY: Record<string, RowSecurity> = {
  // Keyed by school (and district where the table has the column).
  assessment_counted_results: school,
  assessment_day_groups: school,
  assessment_results: school,
  assessment_student_spans: school,
  assessments: school,
  bell_periods: school,
  classes: school,
  coaching_cycles: school,
  conversations: school,
  courses: school,
  curriculum_maps: school,
  data_conversations: school,
  decisions: school,
  enrollments: school,
  evaluation_cycles: school,
  guiding_questions: school,
  insight_views: school,
  look_fors: school,
  pd_sessions: school,
  peer_visit_requests: school,
  person_schools: school,
  practice_self_assessments: school,
  role_assignments: school,
  school_agreements: school,
  school_assessment_settings: school,
  school_decision_modes: school,
  school_goals: school,
  school_visions: school,
  school_visit_settings: school,
  staff_pulses: school,
  teacher_evidence: school,
  teacher_strengths: school,
  teams: school,
  visit_days: school,
  visit_look_fors: school,
  visit_tag_days: school,
  visits: school,
  work_plans: school,
  // Keyed by district.
  academic_sessions: district,
  audit_log: district,
  district_sso: district,
  email_outbox: district,
  evaluation_rubrics: district,
  people: district,
  retention_runs: district,
  roster_imports: district,
  schools: district,
  sso_requests: district,
  districts: { kind: 'self', column: 'id' },
  // Rows that belong to another row.
  assessment_classes: parent('assessment_id', 'assessments'),
  calendar_feeds: person,
  class_meetings: parent('class_id', 'classes'),
  coaching_comments: parent('cycle_id', 'coaching_cycles'),
  coaching_debriefs: parent('cycle_id', 'coaching_cycles'),
  credentials: person,
  curriculum_standards: parent('map_id', 'curriculum_maps'),
  curriculum_units: parent('map_id', 'curriculum_maps'),
  curriculum_targets: parent('map_id', 'curriculum_maps'),
  curriculum_target_assessments: parent('target_id', 'curriculum_targets'),
  curriculum_target_standards: parent('target_id', 'curriculum_targets'),
  decision_participants: parent('decision_id', 'decisions'),
  evaluation_citations: parent('cycle_id', 'evaluation_cycles'),
  evaluation_ratings: parent('cycle_id', 'evaluation_cycles'),
  evaluation_steps: parent('cycle_id', 'evaluation_cycles'),
  habit_challenges: person,
  leader_goals: person,
  leader_tasks: person,
  notifications: person,
  pd_attendance: parent('session_id', 'pd_sessions'),
  pd_feedback: parent('session_id', 'pd_sessions'),
  pd_session_goals: parent('session_id', 'pd_sessions'),
  plan_actions: parent('strategy_id', 'plan_strategies'),
  plan_changes: parent('plan_id', 'work_plans'),
  plan_checkins: parent('plan_id', 'work_plans'),
  plan_evidence: parent('action_id', 'plan_actions'),
  plan_goals: parent('plan_id', 'work_plans'),
  plan_strategies: parent('goal_id', 'plan_goals'),
  practice_ratings: parent('self_assessment_id', 'practice_self_assessments'),
  recovery_codes: person,
  reflections: parent('visit_id', 'visits'),
  school_goal_look_fors: parent('goal_id', 'school_goals'),
  sessions: person,
  staff_pulse_respondents: parent('pulse_id', 'staff_pulses'),
  staff_pulse_responses: parent('pulse_id', 'staff_pulses'),
  student_demographics: person,
  team_action_items: parent('meeting_id', 'team_meetings'),
  team_meetings: parent('team_id', 'teams'),
  team_members: parent('team_id', 'teams'),
  totp_factors: person,
  visit_blocks: person,
  visit_photos: parent('visit_id', 'visits'),
  // No school data.
  login_failures: { kind: 'operational' },
  login_successes: { kind: 'operational' },
  schema_migrations: { kind: 'operational' },
  schema_migrations_lock: { kind: 'operational' },
};

/** The role every request's queries run as. */
export const APP_ROLE = 'rounds_app';

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected identifier ${name}`);
  return name;
};

/** The policy expression for a table, given whether it has a `district_id` column. */
export function policyExpression(table: string, rule: RowSecurity, hasDistrictId: boolean): string | undefined {
  // `(SELECT f())` makes PostgreSQL evaluate the setting once per query, not once per row.
  const schools = `school_id = ANY ((SELECT rounds_request_schools())::uuid[])`;
  switch (rule.kind) {
    case 'school':
      return hasDistrictId ? `district_id = (SELECT rounds_request_district()) AND (school_id IS NULL OR ${schools})` : schools;
    case 'district':
      return `district_id = (SELECT rounds_request_district())`;
    case 'self':
      return `${ident(rule.column)} = (SELECT rounds_request_district())`;
    case 'parent':
      return `EXISTS (SELECT 1 FROM ${ident(rule.parent)} p WHERE p.id = ${ident(table)}.${ident(rule.column)})`;
    case 'operational':
      return undefined;
  }
}

/**
 * The functions the policies read the request's scope with. `rounds_request_district()` is a plain SQL expression
 * that PostgreSQL inlines. `rounds_request_schools()` has a subquery, so it cannot be inlined; written in SQL it was
 * planned again on each call (about 0.3 ms for every table a statement reads), in PL/pgSQL its plan is kept by the
 * connection.
 */
export const REQUEST_SCOPE_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION rounds_request_district() RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('rounds.district_id', true), '')::uuid
  $$;
  CREATE OR REPLACE FUNCTION rounds_request_schools() RETURNS uuid[] LANGUAGE plpgsql STABLE AS $$
    DECLARE ids text := current_setting('rounds.school_ids', true);
    BEGIN
      IF ids = '*' THEN
        RETURN (SELECT coalesce(array_agg(s.id), '{}') FROM schools s WHERE s.district_id = rounds_request_district());
      END IF;
      IF ids IS NULL OR ids = '' THEN
        RETURN '{}'::uuid[];
      END IF;
      RETURN ids::uuid[];
    END
  $$;`;

/** Creates the role and the functions the policies read (idempotent; the role is shared by the databases of a server). */
export async function createAppRole(db: Kysely<unknown>): Promise<void> {
  // Two databases migrating at once on one server can race to create the role; either one winning is fine.
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
           CREATE ROLE ${APP_ROLE} NOLOGIN NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
         END IF;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
       END $$;`,
    )
    .execute(db);
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
           EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
         END IF;
       END $$;`,
    )
    .execute(db);
  await sql
    .raw(
      `${REQUEST_SCOPE_FUNCTIONS}
       GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
       GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
       GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
       REVOKE ALL ON schema_migrations, schema_migrations_lock FROM ${APP_ROLE};
       ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE};
       ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE};`,
    )
    .execute(db);
}

/** The column a rule keys rows by, if any. */
const keyColumn = (rule: RowSecurity): string | undefined =>
  rule.kind === 'school' ? 'school_id' : rule.kind === 'district' ? 'district_id' : rule.kind === 'operational' ? undefined : rule.column;

/** Enables row-level security with its policy on each named table (a later migration that adds a table calls this for it). */
export async function applyRowSecurity(db: Kysely<unknown>, tables: string[]): Promise<void> {
  for (const table of tables) {
    const rule = ROW_SECURITY[table];
    if (!rule) throw new Error(`Table ${table} has no row-security rule in db/row-security.ts`);
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}`.execute(db);
    // An earlier migration runs before a later one adds the column a table is now keyed by: that later migration
    // applies the policy.
    const key = keyColumn(rule);
    if (key && !columns.rows.some((c) => c.column_name === key)) continue;
    const hasDistrictId = columns.rows.some((c) => c.column_name === 'district_id');
    const expression = policyExpression(table, rule, hasDistrictId);
    if (!expression) continue;
    await sql
      .raw(
        `ALTER TABLE ${ident(table)} ENABLE ROW LEVEL SECURITY;
         DROP POLICY IF EXISTS request_scope ON ${ident(table)};
         CREATE POLICY request_scope ON ${ident(table)} TO ${APP_ROLE} USING (${expression}) WITH CHECK (${expression});`,
      )
      .execute(db);
  }
}
