import { sql, type Kysely } from 'kysely';

/**
 * Marks the rows a roster import manages (`rostered`), so an import only ever inactivates what a roster
 * brought in (never a hand-made account such as the district administrator), and indexes the import history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE schools ADD COLUMN rostered boolean NOT NULL DEFAULT false;
    ALTER TABLE academic_sessions ADD COLUMN rostered boolean NOT NULL DEFAULT false;
    ALTER TABLE people ADD COLUMN rostered boolean NOT NULL DEFAULT false;
    ALTER TABLE courses ADD COLUMN rostered boolean NOT NULL DEFAULT false;
    ALTER TABLE classes ADD COLUMN rostered boolean NOT NULL DEFAULT false;
    ALTER TABLE enrollments ADD COLUMN rostered boolean NOT NULL DEFAULT false;
    CREATE INDEX roster_imports_district_idx ON roster_imports (district_id, created_at DESC);
  `.execute(db);
}
