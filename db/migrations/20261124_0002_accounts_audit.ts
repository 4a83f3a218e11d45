import { sql, type Kysely } from 'kysely';

/** Sign-in credentials, server-side sessions, login throttling and the append-only audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE credentials (
      person_id uuid PRIMARY KEY REFERENCES people(id),
      password_hash text NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now()
    );

    -- The cookie carries a random token; only its SHA-256 is stored.
    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      person_id uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      user_agent text,
      ip text
    );
    CREATE INDEX sessions_person_idx ON sessions (person_id);

    -- Failed sign-in attempts, shared by every app process.
    CREATE TABLE login_failures (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      ip text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_failures_email_idx ON login_failures (email, at);
    CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      district_id uuid,
      school_id uuid,
      action text NOT NULL,
      entity text,
      entity_id text,
      details jsonb NOT NULL DEFAULT '{}',
      ip text
    );
    CREATE INDEX audit_log_district_idx ON audit_log (district_id, at);

    CREATE TABLE roster_imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid REFERENCES districts(id),
      actor_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL CHECK (status IN ('applied', 'rejected')),
      version text,
      summary jsonb NOT NULL DEFAULT '{}',
      errors jsonb NOT NULL DEFAULT '[]'
    );
  `.execute(db);
}
