import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database';
import type { DataClass } from './inventory';
import { everyHour } from '../../hourly';

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

type Removed = Record<string, number>;
const RULE_KEYS = RETENTION_RULES.map((r) => r.key);

/**
 * Runs every retention rule once, in one transaction, and records the run once per district it covered with that
 * district's counts. `districtId` limits the run to one district (a district administrator's "run now"); without
 * it the run covers every district (the nightly job). Sign-in records are not tied to a district: the nightly run
 * removes all old ones and counts each in the district of the account with that email; a district's own run
 * removes only those of its accounts. Returns what the run removed in all (`today` is a YYYY-MM-DD date).
 */
export async function runRetention(db: Db, today: string, trigger: 'schedule' | 'admin', districtId?: string): Promise<Removed> {
  return db.transaction().execute(async (trx) => {
    const perDistrict = new Map<string, Removed>();
    const total: Removed = Object.fromEntries(RULE_KEYS.map((k) => [k, 0]));
    type Counted = { district_id: string | null; n: number };
    const tally = async (key: string, query: RawBuilder<Counted>) => {
      for (const row of (await query.execute(trx)).rows) {
        total[key] = (total[key] ?? 0) + Number(row.n);
        if (!row.district_id) continue;
        const removed = perDistrict.get(row.district_id) ?? Object.fromEntries(RULE_KEYS.map((k) => [k, 0]));
        removed[key] = (removed[key] ?? 0) + Number(row.n);
        perDistrict.set(row.district_id, removed);
      }
    };
    const only = (column: string) => (districtId ? sql`AND ${sql.ref(column)} = ${districtId}` : sql``);
    const ofDistrictAccounts = (column: string) =>
      districtId ? sql`AND lower(${sql.ref(column)}) IN (SELECT lower(email) FROM people WHERE district_id = ${districtId} AND email IS NOT NULL)` : sql``;
    const byAccount = (table: string) => sql<Counted>`
      WITH gone AS (DELETE FROM ${sql.table(table)} r WHERE r.at < now() - interval '30 days' ${ofDistrictAccounts('r.email')} RETURNING r.email),
      owners AS (SELECT DISTINCT district_id, lower(email) AS email FROM people WHERE email IS NOT NULL)
      SELECT o.district_id, count(*)::int AS n FROM gone LEFT JOIN owners o ON o.email = lower(gone.email) GROUP BY o.district_id`;

    // The school year a visit belongs to has ended: the roster's school year containing its day ended before today,
    // or, without one, the visit was before this school year's July 31 cut-over.
    const yearStart = Number(today.slice(5, 7)) >= 8 ? `${today.slice(0, 4)}-08-01` : `${Number(today.slice(0, 4)) - 1}-08-01`;
    await tally(
      'private_notes',
      sql<Counted>`
        WITH gone AS (
          UPDATE visits v SET private_note = NULL, updated_at = now()
          WHERE v.private_note IS NOT NULL AND NOT v.private_note_kept ${only('v.district_id')} AND (
            EXISTS (SELECT 1 FROM academic_sessions s WHERE s.district_id = v.district_id AND s.type = 'schoolYear' AND s.status = 'active'
                    AND v.started_at::date BETWEEN s.start_date AND s.end_date AND s.end_date < ${today}::date)
            OR (NOT EXISTS (SELECT 1 FROM academic_sessions s WHERE s.district_id = v.district_id AND s.type = 'schoolYear' AND s.status = 'active'
                            AND v.started_at::date BETWEEN s.start_date AND s.end_date)
                AND v.started_at::date < ${yearStart}::date)
          )
          RETURNING v.district_id
        )
        SELECT district_id, count(*)::int AS n FROM gone GROUP BY district_id
      `,
    );
    await tally(
      'sessions',
      sql<Counted>`
        WITH gone AS (DELETE FROM sessions s USING people p WHERE p.id = s.person_id AND s.expires_at < now() ${only('p.district_id')} RETURNING p.district_id)
        SELECT district_id, count(*)::int AS n FROM gone GROUP BY district_id`,
    );
    await tally('sign_in_records', byAccount('login_failures'));
    if (await tableExists(trx, 'login_successes')) await tally('sign_in_records', byAccount('login_successes'));
    if (await tableExists(trx, 'sso_requests')) {
      await tally(
        'sso_requests',
        sql<Counted>`
          WITH gone AS (DELETE FROM sso_requests r WHERE r.expires_at < now() ${only('r.district_id')} RETURNING r.district_id)
          SELECT district_id, count(*)::int AS n FROM gone GROUP BY district_id`,
      );
    }
    await tally(
      'email_outbox',
      sql<Counted>`
        WITH gone AS (DELETE FROM email_outbox e WHERE e.status = 'sent' AND e.sent_at < now() - interval '90 days' ${only('e.district_id')} RETURNING e.district_id)
        SELECT district_id, count(*)::int AS n FROM gone GROUP BY district_id`,
    );
    await tally(
      'notifications',
      sql<Counted>`
        WITH gone AS (DELETE FROM notifications x USING people p WHERE p.id = x.person_id AND x.read_at < now() - interval '1 year' ${only('p.district_id')} RETURNING p.district_id)
        SELECT district_id, count(*)::int AS n FROM gone GROUP BY district_id`,
    );

    const districts = districtId ? [districtId] : (await trx.selectFrom('districts').select('id').execute()).map((d) => d.id);
    if (districts.length > 0) {
      await trx
        .insertInto('retention_runs')
        .values(
          districts.map((id) => ({
            district_id: id,
            trigger,
            finished_at: sql<Date>`clock_timestamp()`,
            removed: JSON.stringify(perDistrict.get(id) ?? Object.fromEntries(RULE_KEYS.map((k) => [k, 0]))),
          })),
        )
        .execute();
    }
    return districtId ? (perDistrict.get(districtId) ?? Object.fromEntries(RULE_KEYS.map((k) => [k, 0]))) : total;
  });
}

/** The district's last finished run. */
export function lastRetentionRun(db: Db, districtId: string) {
  return db
    .selectFrom('retention_runs')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('finished_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** When the nightly job last ran (a district administrator's run of their own district does not count). */
async function lastScheduledRunAt(db: Db): Promise<Date | null> {
  const row = await db.selectFrom('retention_runs').select((eb) => eb.fn.max('started_at').as('at')).where('trigger', '=', 'schedule').executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
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
        const last = await lastScheduledRunAt(conn);
        if (last && Date.now() - last.getTime() < 20 * 3600_000) return;
        await runRetention(conn, new Date().toISOString().slice(0, 10), 'schedule');
      } finally {
        await sql`SELECT pg_advisory_unlock(${LOCK})`.execute(conn);
      }
    });
  };
  return everyHour(tick, 60_000, onError);
}
