import { sql, type Kysely } from 'kysely';

/**
 * The audit log is append-only: a trigger refuses every UPDATE, DELETE and TRUNCATE, whoever asks (the table owner
 * included), so "who looked at this student's results?" always has its full answer. An index serves the audit viewer's
 * lookups by subject.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    CREATE INDEX audit_log_subject_idx ON audit_log (entity, entity_id, id);
    CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER audit_log_no_change ON audit_log;
    DROP TRIGGER audit_log_no_truncate ON audit_log;
    DROP FUNCTION audit_log_append_only();
    DROP INDEX audit_log_subject_idx;
    DROP INDEX audit_log_actor_idx;
  `.execute(db);
}
