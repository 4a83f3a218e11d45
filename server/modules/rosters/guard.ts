/**
 * The guard against wiping a district by accident. A truncated or wrong export looks like a valid bundle that
 * leaves people out, and a bulk import makes everyone it leaves out inactive (signing them out). Before anything is
 * applied, the staged bundle is compared with the district: an import that would make inactive more than
 * `limitPercent` of the district's active roster-managed people, every active roster-managed person of a school, or
 * a school itself, stops with a report and is applied only when the administrator confirms.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types';
import type { RosterDeactivations } from '../../../schemas/rosters';
import type { ApplyInfo } from './apply';

type Tx = Kysely<Database>;

/** The default share of the district's active roster-managed people an import may make inactive without confirmation. */
export const DEFAULT_DEACTIVATION_LIMIT_PERCENT = 10;

/** The limit in percent: ROSTER_DEACTIVATION_LIMIT_PERCENT (0–100) when set, else the default. */
export function deactivationLimitPercent(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ROSTER_DEACTIVATION_LIMIT_PERCENT?.trim();
  if (!raw) return DEFAULT_DEACTIVATION_LIMIT_PERCENT;
  const n = Number(raw.replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    throw new Error(`ROSTER_DEACTIVATION_LIMIT_PERCENT must be a number from 0 to 100 (got "${raw}").`);
  }
  return n;
}

const KEEP_ADMINS = sql`NOT EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.person_id = p.id AND ra.role = 'district_admin' AND ra.source <> 'roster')`;

/**
 * What the staged import would make inactive, and the reasons it must be confirmed (none: it may go ahead). Mirrors
 * what apply.ts, apply-people.ts and upsert.ts do: only active roster-managed records, never a hand-made district
 * administrator; a bulk file makes inactive what it leaves out or marks inactive, a delta file what it deletes.
 */
export async function deactivationCheck(trx: Tx, d: string, info: ApplyInfo, limitPercent: number): Promise<RosterDeactivations> {
  const { staged, delta } = info;
  const usersLeaving = staged.users
    ? sql`(${delta.people ? sql`false` : sql`NOT EXISTS (SELECT 1 FROM ro_users u WHERE u.sourced_id = p.sourced_id AND u.status = 'active')`}
          OR EXISTS (SELECT 1 FROM ro_users u WHERE u.sourced_id = p.sourced_id AND u.status = 'inactive'))`
    : sql`false`;
  const usersDeleted = staged.deleted ? sql`p.sourced_id IN (SELECT sourced_id FROM ro_deleted WHERE kind = 'people')` : sql`false`;
  await sql`
    CREATE TEMP TABLE ro_leaving ON COMMIT DROP AS
    SELECT p.id, p.given_name || ' ' || p.family_name AS name FROM people p
    WHERE p.district_id = ${d} AND p.rostered AND p.status = 'active' AND ${KEEP_ADMINS} AND (${usersLeaving} OR ${usersDeleted})`.execute(trx);

  const schoolsLeaving = staged.schools
    ? sql`(${delta.schools ? sql`false` : sql`NOT EXISTS (SELECT 1 FROM ro_schools x WHERE x.sourced_id = s.sourced_id AND x.status = 'active')`}
          OR EXISTS (SELECT 1 FROM ro_schools x WHERE x.sourced_id = s.sourced_id AND x.status = 'inactive'))`
    : sql`false`;
  const schoolsDeleted = staged.deleted ? sql`s.sourced_id IN (SELECT sourced_id FROM ro_deleted WHERE kind = 'schools')` : sql`false`;

  const totals = await sql<{ active: number; leaving: number; sample: string[] | null; without_school: number }>`
    SELECT
      (SELECT count(*)::int FROM people WHERE district_id = ${d} AND rostered AND status = 'active') AS active,
      (SELECT count(*)::int FROM ro_leaving) AS leaving,
      (SELECT array_agg(name ORDER BY name) FROM (SELECT name FROM ro_leaving ORDER BY name LIMIT 20) x) AS sample,
      (SELECT count(*)::int FROM ro_leaving l WHERE NOT EXISTS (SELECT 1 FROM person_schools ps WHERE ps.person_id = l.id)) AS without_school`.execute(trx);
  const schools = await sql<{ id: string; name: string; active: number; leaving: number; inactivated: boolean; sample: string[] | null }>`
    WITH members AS (
      SELECT ps.school_id, p.id, l.name AS leaving_name
      FROM person_schools ps
      JOIN people p ON p.id = ps.person_id AND p.district_id = ${d} AND p.rostered AND p.status = 'active'
      LEFT JOIN ro_leaving l ON l.id = p.id
    ),
    per_school AS (
      SELECT school_id, count(*)::int AS active, count(leaving_name)::int AS leaving,
        (array_agg(leaving_name ORDER BY leaving_name) FILTER (WHERE leaving_name IS NOT NULL))[1:5] AS sample
      FROM members GROUP BY school_id
    )
    SELECT s.id, s.name, COALESCE(m.active, 0) AS active, COALESCE(m.leaving, 0) AS leaving, m.sample,
      (s.rostered AND s.status = 'active' AND (${schoolsLeaving} OR ${schoolsDeleted})) AS inactivated
    FROM schools s LEFT JOIN per_school m ON m.school_id = s.id
    WHERE s.district_id = ${d} AND (COALESCE(m.leaving, 0) > 0 OR (s.rostered AND s.status = 'active' AND (${schoolsLeaving} OR ${schoolsDeleted})))
    ORDER BY (COALESCE(m.leaving, 0) = COALESCE(m.active, 0)) DESC, COALESCE(m.leaving, 0) DESC, s.name`.execute(trx);

  const t = totals.rows[0]!;
  const report: RosterDeactivations = {
    activePeople: t.active,
    deactivatedPeople: t.leaving,
    limitPercent,
    schools: schools.rows.map((s) => ({
      id: s.id,
      name: s.name,
      activePeople: s.active,
      deactivatedPeople: s.leaving,
      wholeSchool: s.leaving > 0 && s.leaving === s.active,
      schoolInactivated: s.inactivated,
      sample: s.sample ?? [],
    })),
    sample: t.sample ?? [],
    reasons: [],
  };
  if (t.without_school > 0) {
    report.schools.push({ id: null, name: 'No school', activePeople: t.without_school, deactivatedPeople: t.without_school, wholeSchool: false, schoolInactivated: false, sample: [] });
  }
  const share = t.active === 0 ? 0 : (100 * t.leaving) / t.active;
  if (t.leaving > 0 && share > limitPercent) {
    report.reasons.push(
      `The import would make ${t.leaving} of the district's ${t.active} active roster people inactive (${share.toFixed(1)}%, more than ${limitPercent}%).`,
    );
  }
  for (const s of report.schools) {
    if (s.schoolInactivated) report.reasons.push(`The import would make the school ${s.name} inactive.`);
    else if (s.wholeSchool) report.reasons.push(`The import would make every active person of ${s.name} inactive (${s.deactivatedPeople}).`);
  }
  return report;
}
