import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { DataClass } from './inventory';

/** A retention rule: what is removed, when, and why, for the district's privacy officer. */
export interface RetentionRule {
  key: string;
  class: DataClass;
  rule: string;
}

export const RETENTION_RULES: RetentionRule[] = [
  {
    key: 'private_notes',
    class: 'visit_note',
    rule: "Private notes on visits are cleared once the visit's school year has ended (the roster's school year; without one, on July 31), unless their author chose to keep them. The shared evidence stays.",
  },
  { key: 'sessions', class: 'operational', rule: 'Sessions are deleted once they have expired.' },
  { key: 'sign_in_records', class: 'operational', rule: 'Records of failed and successful sign-ins (for throttling) are deleted after 30 days.' },
  { key: 'sso_requests', class: 'operational', rule: 'Unfinished single sign-on requests are deleted once they expire.' },
  { key: 'email_outbox', class: 'operational', rule: 'Sent emails are deleted from the outbox after 90 days.' },
  { key: 'notifications', class: 'operational', rule: 'Read notifications are deleted after one year.' },
];

async function tableExists(db: Db, table: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`SELECT to_regclass(${table}) IS NOT NULL AS ok`.execute(db);
  return rows[0]!.ok;
}

/** Runs every retention rule once, in one transaction; returns what each removed. `today` is a YYYY-MM-DD date. */
export async function runRetention(db: Db, today: string, trigger: 'schedule' | 'admin'): Promise<Record<string, number>> {
  return db.transaction().execute(async (trx) => {
    const run = await trx.insertInto('retention_runs').values({ trigger }).returning('id').executeTakeFirstOrThrow();
    const removed: Record<string, number> = {};
    const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);
    // The school year a visit belongs to has ended: the roster's school year containing its day ended before today,
    // or, without one, the visit was before this school year's July 31 cut-over.
    const yearStart = Number(today.slice(5, 7)) >= 8 ? `${today.slice(0, 4)}-08-01` : `${Number(today.slice(0, 4)) - 1}-08-01`;
    removed.private_notes = count(
      await sql`
        UPDATE visits v SET private_note = NULL, updated_at = now()
        WHERE v.private_note IS NOT NULL AND NOT v.private_note_kept AND (
          EXISTS (SELECT 1 FROM academic_sessions s WHERE s.district_id = v.district_id AND s.type = 'schoolYear' AND s.status = 'active'
                  AND v.started_at::date BETWEEN s.start_date AND s.end_date AND s.end_date < ${today}::date)
          OR (NOT EXISTS (SELECT 1 FROM academic_sessions s WHERE s.district_id = v.district_id AND s.type = 'schoolYear' AND s.status = 'active'
                          AND v.started_at::date BETWEEN s.start_date AND s.end_date)
              AND v.started_at::date < ${yearStart}::date)
        )
      `.execute(trx),
    );
    removed.sessions = count(await sql`DELETE FROM sessions WHERE expires_at < now()`.execute(trx));
    removed.sign_in_records = count(await sql`DELETE FROM login_failures WHERE at < now() - interval '30 days'`.execute(trx));
    if (await tableExists(trx, 'login_successes')) {
      removed.sign_in_records += count(await sql`DELETE FROM login_successes WHERE at < now() - interval '30 days'`.execute(trx));
    }
    removed.sso_requests = (await tableExists(trx, 'sso_requests')) ? count(await sql`DELETE FROM sso_requests WHERE expires_at < now()`.execute(trx)) : 0;
    removed.email_outbox = count(await sql`DELETE FROM email_outbox WHERE status = 'sent' AND sent_at < now() - interval '90 days'`.execute(trx));
    removed.notifications = count(await sql`DELETE FROM notifications WHERE read_at < now() - interval '1 year'`.execute(trx));
    await trx.updateTable('retention_runs').set({ finished_at: new Date(), removed: JSON.stringify(removed) }).where('id', '=', run.id).execute();
    return removed;
  });
}

/** The last finished run. */
export function lastRetentionRun(db: Db) {
  return db.selectFrom('retention_runs').selectAll().where('finished_at', 'is not', null).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * Runs retention about once a day in a long-running server: an hourly check runs it when the last run is over 20
 * hours old. With several app processes, an advisory lock lets only one of them run it.
 */
export function scheduleRetention(db: Db, onError: (error: unknown) => void): () => void {
  const LOCK = 72_011_001;
  const tick = async () => {
    await db.connection().execute(async (conn) => {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${LOCK}) AS locked`.execute(conn);
      if (!rows[0]!.locked) return;
      try {
        const last = await lastRetentionRun(conn);
        if (last && Date.now() - new Date(last.started_at).getTime() < 20 * 3600_000) return;
        await runRetention(conn, new Date().toISOString().slice(0, 10), 'schedule');
      } finally {
        await sql`SELECT pg_advisory_unlock(${LOCK})`.execute(conn);
      }
    });
  };
  const run = () => void tick().catch(onError);
  const first = setTimeout(run, 60_000);
  const hourly = setInterval(run, 3600_000);
  first.unref();
  hourly.unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}
