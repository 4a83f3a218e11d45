import { sql, type Kysely } from 'kysely';

/**
 * Privacy operations: a leader can keep a private note past the end of the school year (otherwise the nightly
 * retention job clears it), and each retention run is recorded with what it removed (counts only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE visits ADD COLUMN private_note_kept boolean NOT NULL DEFAULT false;
    CREATE TABLE retention_runs (
      id bigserial PRIMARY KEY,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      trigger text NOT NULL CHECK (trigger IN ('schedule', 'admin')),
      removed jsonb NOT NULL DEFAULT '{}'
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE retention_runs;
    ALTER TABLE visits DROP COLUMN private_note_kept;
  `.execute(db);
}
