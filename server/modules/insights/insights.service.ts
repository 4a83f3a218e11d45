import type { Db } from '../../../db/database';
import type { InsightFilters, SchoolInsights } from '../../../schemas/insights';
import type { RequestSchool } from '../../http/access';
import { validation } from '../../http/errors';
import { addDays, daysBetween, localParts, mondayOf, mondaysBetween } from '../visits/school-time';
import * as repo from './insights.repo';

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The scope of an insight: the filters, with the default range of the last 12 weeks up to today. */
export function scopeOf(school: RequestSchool, filters: InsightFilters, now: Date): repo.Scope {
  const today = localParts(now, school.timezone).date;
  const to = filters.to ?? today;
  const from = filters.from ?? addDays(mondayOf(to), -77);
  if (from > to) throw validation([{ path: 'querystring.from', message: 'Start on or before the end date' }]);
  if (daysBetween(from, to) > 3700) throw validation([{ path: 'querystring.from', message: 'Choose at most ten years' }]);
  return { schoolId: school.id, timezone: school.timezone, from, to, grade: filters.grade, subject: filters.subject, observerId: filters.observerId };
}

/** Look-for patterns of a school for a scope: week by week, broken down, what changed, and coverage equity. */
export async function schoolInsights(db: Db, school: RequestSchool, filters: InsightFilters, now: Date): Promise<SchoolInsights> {
  const scope = scopeOf(school, filters, now);
  const length = daysBetween(scope.from, scope.to) + 1;
  const previous = { ...scope, from: addDays(scope.from, -length), to: addDays(scope.from, -1) };
  // Unfiltered questions are answered from the trigger-kept daily rollups; filtered ones from the visits.
  const fast = repo.rollupsAnswer(scope);
  const [weekly, breakdown, current, before, equity, tags] = await Promise.all([
    fast ? repo.weeklyTagCountsFromRollups(db, scope) : repo.weeklyTagCounts(db, scope),
    repo.breakdownCounts(db, scope, filters.breakdown),
    fast ? repo.tagSharesFromRollups(db, scope) : repo.tagShares(db, scope),
    fast ? repo.tagSharesFromRollups(db, previous) : repo.tagShares(db, previous),
    repo.equity(db, scope),
    repo.lookFors(db, school.id),
  ]);
  const weeks = mondaysBetween(scope.from, scope.to);
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const visitsPerWeek = weeks.map(() => 0);
  const tagWeeks = new Map(tags.map((t) => [t.id, weeks.map(() => 0)]));
  for (const row of weekly) {
    const i = weekIndex.get(row.week);
    if (i === undefined) continue;
    if (row.total) visitsPerWeek[i] = row.n;
    else if (row.lookForId) tagWeeks.get(row.lookForId)![i] = row.n;
  }
  const observerNames = filters.breakdown === 'observer' ? await repo.peopleNames(db, [...new Set(breakdown.map((b) => b.key))]) : new Map<string, string>();
  const label = (key: string) => {
    if (key === 'none') return 'No class recorded';
    if (filters.breakdown === 'grade') return key === 'KG' ? 'Kindergarten' : `Grade ${key.replace(/^0/, '')}`;
    if (filters.breakdown === 'hour') return `${key}:00`;
    if (filters.breakdown === 'weekday') return ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][Number(key) - 1] ?? key;
    if (filters.breakdown === 'observer') return observerNames.get(key) ?? 'Unknown';
    return key;
  };
  const rows = new Map<string, { key: string; label: string; visits: number; tags: Record<string, number> }>();
  for (const b of breakdown) {
    const row = rows.get(b.key) ?? { key: b.key, label: label(b.key), visits: 0, tags: {} };
    if (b.total) row.visits = b.n;
    else if (b.lookForId) row.tags[b.lookForId] = b.n;
    rows.set(b.key, row);
  }
  const share = (n: number, total: number) => (total ? round(n / total) : 0);
  return {
    range: { from: scope.from, to: scope.to },
    totalVisits: current.total,
    weeks,
    visitsPerWeek,
    tags: tags.map((t) => ({ id: t.id, name: t.name, visits: current.perTag.get(t.id) ?? 0, share: share(current.perTag.get(t.id) ?? 0, current.total), perWeek: tagWeeks.get(t.id)! })),
    breakdown: { by: filters.breakdown, rows: [...rows.values()].sort((a, b) => a.key.localeCompare(b.key)) },
    changes: tags.map((t) => {
      const prev = share(before.perTag.get(t.id) ?? 0, before.total);
      const cur = share(current.perTag.get(t.id) ?? 0, current.total);
      return { id: t.id, name: t.name, previousShare: prev, currentShare: cur, delta: round(cur - prev) };
    }),
    equity: {
      grades: equity.filter((e) => e.kind === 'grade').map((e) => ({ key: e.key, teachers: e.teachers, visits: e.visits, perTeacher: e.teachers ? round(e.visits / e.teachers) : 0 })),
      subjects: equity.filter((e) => e.kind === 'subject').map((e) => ({ key: e.key, teachers: e.teachers, visits: e.visits, perTeacher: e.teachers ? round(e.visits / e.teachers) : 0 })),
    },
  };
}
