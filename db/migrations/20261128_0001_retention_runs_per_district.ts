import { sql, type Kysely } from 'kysely';
import { applyRowSecurity } from '../row-security';

/**
 * Each retention run is recorded per district (one row per district the run covered, with that district's counts),
 * behind a district-keyed row-level security policy, so a district administrator sees only their own district's
 * runs. Earlier run records counted the whole database and cannot be split by district: they are removed (they hold
 * counts only; the next nightly run records each district again).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM retention_runs;
    ALTER TABLE retention_runs ADD COLUMN district_id uuid NOT NULL REFERENCES districts(id) ON DELETE CASCADE;
    CREATE INDEX retention_runs_district_idx ON retention_runs (district_id, id DESC);
  `.execute(db);
  await applyRowSecurity(db, ['retention_runs']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP POLICY IF EXISTS request_scope ON retention_runs;
    ALTER TABLE retention_runs DISABLE ROW LEVEL SECURITY;
    DROP INDEX retention_runs_district_idx;
    ALTER TABLE retention_runs DROP COLUMN district_id;
  `.execute(db);
}
