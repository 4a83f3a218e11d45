import { sql, type Kysely } from 'kysely';
import { APP_ROLE, ROW_SECURITY, applyRowSecurity, createAppRole } from '../row-security';

/**
 * Row-level security on every table that holds school data, keyed by the request's district and schools, as a
 * second line behind the application's checks. Requests run as `rounds_app`, a role that cannot bypass it.
 * The views read through the caller's rights (security_invoker), so they cannot be used to step around a policy.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAppRole(db);
  await applyRowSecurity(db, Object.keys(ROW_SECURITY));
  // The two questions a roster import must ask across districts (is this district id or staff email taken
  // elsewhere?), answered without opening other districts' rows to the request.
  await sql`
    CREATE FUNCTION rounds_district_sourced_id_taken(sourced text, except_id uuid) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT EXISTS (SELECT 1 FROM districts WHERE sourced_id = sourced AND (except_id IS NULL OR id <> except_id))
      $$;
    CREATE FUNCTION rounds_staff_email_owners(emails text[])
      RETURNS TABLE (id uuid, district_id uuid, sourced_id text, rostered boolean, email text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT p.id, p.district_id, p.sourced_id, p.rostered, lower(p.email)
        FROM people p WHERE p.kind = 'staff' AND p.email IS NOT NULL AND lower(p.email) = ANY (emails)
      $$;
  `.execute(db);
  const views = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.views WHERE table_schema = 'public'`.execute(db);
  for (const view of views.rows) await sql.raw(`ALTER VIEW ${view.table_name} SET (security_invoker = true)`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION rounds_district_sourced_id_taken(text, uuid); DROP FUNCTION rounds_staff_email_owners(text[]);`.execute(db);
  for (const table of Object.keys(ROW_SECURITY)) {
    if (ROW_SECURITY[table]!.kind === 'operational') continue;
    await sql.raw(`DROP POLICY IF EXISTS request_scope ON ${table}; ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY;`).execute(db);
  }
  await sql.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}; REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE};`).execute(db);
}
