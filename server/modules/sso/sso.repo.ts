import { sql } from 'kysely';
import type { Db } from '../../../db/database';

export type SsoSettingsRow = {
  district_id: string;
  provider_name: string;
  issuer_url: string;
  client_id: string;
  client_secret: string;
  allowed_domains: string[];
  verified_domains: string[];
  enabled: boolean;
};

export async function findSettings(db: Db, districtId: string): Promise<SsoSettingsRow | undefined> {
  return db
    .selectFrom('district_sso')
    .select(['district_id', 'provider_name', 'issuer_url', 'client_id', 'client_secret', 'allowed_domains', 'verified_domains', 'enabled'])
    .where('district_id', '=', districtId)
    .executeTakeFirst();
}

export async function saveSettings(db: Db, row: SsoSettingsRow & { updated_by: string }): Promise<void> {
  await db
    .insertInto('district_sso')
    .values(row)
    .onConflict((oc) =>
      oc.column('district_id').doUpdateSet({
        provider_name: row.provider_name,
        issuer_url: row.issuer_url,
        client_id: row.client_id,
        client_secret: row.client_secret,
        allowed_domains: row.allowed_domains,
        verified_domains: row.verified_domains,
        enabled: row.enabled,
        updated_by: row.updated_by,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/** Districts with single sign-on turned on, for the sign-in page. */
export async function listEnabled(db: Db) {
  return db
    .selectFrom('district_sso')
    .innerJoin('districts', 'districts.id', 'district_sso.district_id')
    .select(['districts.id', 'districts.name', 'district_sso.provider_name'])
    .where('district_sso.enabled', '=', true)
    .orderBy('districts.name')
    .execute();
}

export async function insertRequest(
  db: Db,
  request: { stateHash: string; districtId: string; codeVerifier: string; nonce: string; returnTo: string; minutes: number },
): Promise<void> {
  await db.deleteFrom('sso_requests').where('expires_at', '<', sql<Date>`now()`).execute();
  await db
    .insertInto('sso_requests')
    .values({
      state_hash: request.stateHash,
      district_id: request.districtId,
      code_verifier: request.codeVerifier,
      nonce: request.nonce,
      return_to: request.returnTo,
      expires_at: sql<Date>`now() + make_interval(mins => ${request.minutes})`,
    })
    .execute();
}

/** Takes a pending request out (a state is usable once) if it has not expired. */
export async function takeRequest(db: Db, stateHash: string) {
  return db
    .deleteFrom('sso_requests')
    .where('state_hash', '=', stateHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['district_id', 'code_verifier', 'nonce', 'return_to'])
    .executeTakeFirst();
}

/** The active staff member of the district with this email (case-insensitive). */
export async function findStaffByEmail(db: Db, districtId: string, email: string) {
  return db
    .selectFrom('people')
    .select(['id', 'district_id'])
    .where('district_id', '=', districtId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('kind', '=', 'staff')
    .where('status', '=', 'active')
    .executeTakeFirst();
}
