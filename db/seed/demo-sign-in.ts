import type { Db } from '../database';

/**
 * The authenticator secret of the demo district roles (admin@demo.test and district@demo.test), which must use
 * two-step verification. It is published in the README so anyone trying the demo can add it to an authenticator app
 * (or compute codes); a real install never has it.
 */
export const DEMO_TOTP_SECRET = 'ROUNDSDEMOTWOSTEPROUNDSDEMOTWOST';

/** Sets up two-step verification for the demo's district accounts with the published secret. */
export async function seedDemoTwoStep(db: Db, personIds: string[]): Promise<void> {
  if (personIds.length === 0) return;
  await db
    .insertInto('totp_factors')
    .values(personIds.map((id) => ({ person_id: id, secret: DEMO_TOTP_SECRET, confirmed_at: new Date() })))
    .execute();
}
