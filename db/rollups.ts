import { sql } from 'kysely';
import type { Db } from './database';

/**
 * The visit rollups (`visit_days`, `visit_tag_days`) count each day of a school in up to 16 slots, so that
 * concurrent saves do not queue on one row (migration 20261128_0004). Readers sum a day's slots. Compaction folds
 * the slots of days before yesterday into slot 0 and drops rows that count nothing, keeping the rollups about
 * one row per school and day.
 */
export function foldSlotsSql(pastOnly: boolean): string {
  const past = pastOnly ? 'AND day < current_date - 1' : '';
  return `
    WITH folded AS (DELETE FROM visit_days WHERE slot <> 0 ${past} RETURNING school_id, day, visits)
    INSERT INTO visit_days AS t (school_id, day, slot, visits)
      SELECT school_id, day, 0, sum(visits)::int FROM folded GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (school_id, day, slot) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
    WITH folded AS (DELETE FROM visit_tag_days WHERE slot <> 0 ${past} RETURNING school_id, day, look_for_id, visits)
    INSERT INTO visit_tag_days AS t (school_id, day, look_for_id, slot, visits)
      SELECT school_id, day, look_for_id, 0, sum(visits)::int FROM folded GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (school_id, day, look_for_id, slot) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
    DELETE FROM visit_days WHERE visits = 0 ${past};
    DELETE FROM visit_tag_days WHERE visits = 0 ${past};`;
}

const COMPACTION_LOCK = 72_011_002;

/** Folds past days' slots, in one transaction, by one process at a time (others skip). Returns whether it ran. */
export async function compactVisitRollups(db: Db): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${COMPACTION_LOCK}) AS locked`.execute(trx);
    if (!rows[0]!.locked) return false;
    // Several statements in one simple query: no parameters.
    await sql.raw(foldSlotsSql(true)).execute(trx);
    return true;
  });
}
