import { sql, type Kysely } from 'kysely';
import { REQUEST_SCOPE_FUNCTIONS } from '../row-security';

/** `rounds_request_schools()` in PL/pgSQL: the same answer, without planning it again for every table a statement reads. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(REQUEST_SCOPE_FUNCTIONS).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION rounds_request_schools() RETURNS uuid[] LANGUAGE sql STABLE AS $$
         SELECT CASE current_setting('rounds.school_ids', true)
           WHEN '*' THEN (SELECT coalesce(array_agg(s.id), '{}') FROM schools s WHERE s.district_id = rounds_request_district())
           WHEN '' THEN '{}'::uuid[]
           ELSE coalesce(current_setting('rounds.school_ids', true)::uuid[], '{}')
         END
       $$;`,
    )
    .execute(db);
}
