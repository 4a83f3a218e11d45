import { sql, type Kysely } from 'kysely';

/**
 * Sign-in security: sessions with a sign-in stage (a second step still owed), TOTP two-step verification with hashed
 * recovery codes, addresses an account has signed in from (exempt from the account-wide throttle), per-district
 * OpenID Connect single sign-on with its pending authorization requests, and sessions ended in the same transaction
 * as a person becomes inactive.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- 'full': signed in. 'totp': the password (or SSO) was right, the authenticator code is still owed.
    -- 'enrol': the password was right, the role requires two-step verification and none is set up: it can only enrol.
    ALTER TABLE sessions ADD COLUMN stage text NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'totp', 'enrol'));
    ALTER TABLE sessions ADD COLUMN method text NOT NULL DEFAULT 'password' CHECK (method IN ('password', 'sso'));

    CREATE TABLE totp_factors (
      person_id uuid PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
      -- The confirmed secret (NULL until the first enrolment is confirmed with a code).
      secret text,
      confirmed_at timestamptz,
      -- A secret being set up (first time or a new phone): it replaces secret once a code from it is confirmed.
      pending_secret text,
      -- The last time step accepted: a code is never accepted twice.
      last_step bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE recovery_codes (
      id bigserial PRIMARY KEY,
      person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX recovery_codes_person_idx ON recovery_codes (person_id);

    -- Where an account signed in successfully: such an address is not held back by failures from elsewhere.
    CREATE TABLE login_successes (
      email text NOT NULL,
      ip text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (email, ip)
    );
    CREATE INDEX login_failures_pair_idx ON login_failures (email, ip, at);

    CREATE TABLE district_sso (
      district_id uuid PRIMARY KEY REFERENCES districts(id),
      provider_name text NOT NULL,
      issuer_url text NOT NULL,
      client_id text NOT NULL,
      -- Never returned by the API once saved.
      client_secret text NOT NULL,
      allowed_domains text[] NOT NULL DEFAULT '{}',
      enabled boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES people(id) ON DELETE SET NULL
    );

    -- An authorization request under way: the browser holds the state in a cookie, the verifier and nonce stay here.
    CREATE TABLE sso_requests (
      state_hash text PRIMARY KEY,
      district_id uuid NOT NULL REFERENCES districts(id) ON DELETE CASCADE,
      code_verifier text NOT NULL,
      nonce text NOT NULL,
      return_to text NOT NULL DEFAULT '/',
      expires_at timestamptz NOT NULL
    );

    -- A person who stops being active is signed out everywhere, in the transaction that changes them.
    CREATE FUNCTION end_sessions_of_inactive_person() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM sessions WHERE person_id = NEW.id;
      RETURN NEW;
    END $$;
    CREATE TRIGGER people_end_sessions AFTER UPDATE OF status ON people
      FOR EACH ROW WHEN (NEW.status <> 'active' AND OLD.status = 'active') EXECUTE FUNCTION end_sessions_of_inactive_person();
  `.execute(db);
}
