import { sql, type Kysely } from 'kysely';

/**
 * Sign-in secrets at rest. Authenticator secrets and the single sign-on client secret are encrypted by the
 * application (AES-256-GCM under ROUNDS_SECRET_KEY, `v1:` values; plain values from before are encrypted at
 * start-up), so no column changes type: the columns say so for anyone reading the schema. Also the district's
 * verified email domains: providers such as Microsoft Entra ID omit `email_verified`, and such an email is accepted
 * only in a domain the district has verified with its provider.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    COMMENT ON COLUMN totp_factors.secret IS 'Encrypted by the application (v1:iv:tag:ciphertext, AES-256-GCM under ROUNDS_SECRET_KEY).';
    COMMENT ON COLUMN totp_factors.pending_secret IS 'Encrypted by the application (v1:iv:tag:ciphertext, AES-256-GCM under ROUNDS_SECRET_KEY).';
    COMMENT ON COLUMN district_sso.client_secret IS 'Encrypted by the application (v1:iv:tag:ciphertext, AES-256-GCM under ROUNDS_SECRET_KEY).';
    ALTER TABLE district_sso ADD COLUMN verified_domains text[] NOT NULL DEFAULT '{}';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE district_sso DROP COLUMN verified_domains;
    COMMENT ON COLUMN totp_factors.secret IS NULL;
    COMMENT ON COLUMN totp_factors.pending_secret IS NULL;
    COMMENT ON COLUMN district_sso.client_secret IS NULL;
  `.execute(db);
}
