import { sql, type Kysely } from 'kysely';

/** Photos of student work or the board attached to a visit, stored re-encoded without metadata. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE visit_photos (
      id uuid PRIMARY KEY,
      visit_id uuid NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
      bytes bytea NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX visit_photos_visit_idx ON visit_photos (visit_id);
  `.execute(db);
}
