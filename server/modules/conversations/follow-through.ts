import { sql } from 'kysely';
import type { Db } from '../../../db/database';

interface Counts {
  visits: number;
  shared: number;
  reflected: number;
  discussed: number;
  median: number | null;
}

const rates = (c: Counts) => ({
  visits: c.visits,
  shared: c.shared,
  reflected: c.reflected,
  discussed: c.discussed,
  shareRate: c.visits ? Math.round((c.shared / c.visits) * 1000) / 1000 : 0,
  reflectionRate: c.shared ? Math.round((c.reflected / c.shared) * 1000) / 1000 : 0,
  medianDaysToConversation: c.median === null ? null : Math.round(Number(c.median) * 10) / 10,
});

/**
 * Each leader's follow-through in a school, and the school's: share rate (visits shared with the teacher), reflection
 * rate (shared visits the teacher reflected on) and median days from a visit to its first conversation.
 */
export async function followThrough(db: Db, schoolId: string, range: { from?: string; to?: string }) {
  const rows = await sql<{ observer_id: string | null; name: string | null; visits: number; shared: number; reflected: number; discussed: number; median: number | null }>`
    WITH v AS (
      SELECT v.id, v.observer_id, v.started_at, v.shared_at,
             EXISTS (SELECT 1 FROM reflections r WHERE r.visit_id = v.id) AS reflected,
             (SELECT min(c.held_on) FROM conversations c WHERE c.visit_id = v.id) AS first_talk
      FROM visits v
      WHERE v.school_id = ${schoolId} AND v.kind = 'leader'
        AND (${range.from ?? null}::date IS NULL OR v.started_at >= ${range.from ?? null}::date)
        AND (${range.to ?? null}::date IS NULL OR v.started_at < ${range.to ?? null}::date + 1)
    )
    SELECT v.observer_id, p.given_name || ' ' || p.family_name AS name,
           count(*) AS visits, count(v.shared_at) AS shared,
           count(*) FILTER (WHERE v.reflected) AS reflected, count(v.first_talk) AS discussed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY v.first_talk - v.started_at::date) FILTER (WHERE v.first_talk IS NOT NULL) AS median
    FROM v JOIN people p ON p.id = v.observer_id
    GROUP BY GROUPING SETS ((v.observer_id, p.given_name, p.family_name), ())
    ORDER BY visits DESC`.execute(db);
  const num = (r: (typeof rows.rows)[number]): Counts => ({
    visits: Number(r.visits),
    shared: Number(r.shared),
    reflected: Number(r.reflected),
    discussed: Number(r.discussed),
    median: r.median === null ? null : Number(r.median),
  });
  const total = rows.rows.find((r) => r.observer_id === null);
  return {
    school: rates(total ? num(total) : { visits: 0, shared: 0, reflected: 0, discussed: 0, median: null }),
    leaders: rows.rows.filter((r) => r.observer_id !== null).map((r) => ({ observer: { id: r.observer_id!, name: r.name! }, ...rates(num(r)) })),
  };
}
