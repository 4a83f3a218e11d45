import { useEffect, useRef } from 'react';
import type { Coverage } from './api';
import { daysAgo, formatDate, formatDay } from './format';

export type CoverageSort = 'name' | 'last' | 'visits';
type Teacher = Coverage['teachers'][number];

export const SORT_OPTIONS: Record<CoverageSort, string> = {
  name: 'Name (A to Z)',
  last: 'Last visit (longest ago first)',
  visits: 'Visits this term (fewest first)',
};

/** Sorts teachers: by name A-Z, by last visit (never visited, then longest ago first), or by visits this term (fewest first). */
export function sortTeachers(teachers: readonly Teacher[], sort: CoverageSort): Teacher[] {
  const byName = (a: Teacher, b: Teacher) => a.name.localeCompare(b.name);
  const compare: Record<CoverageSort, (a: Teacher, b: Teacher) => number> = {
    name: byName,
    last: (a, b) => (a.lastVisitAt ?? '').localeCompare(b.lastVisitAt ?? '') || byName(a, b),
    visits: (a, b) => a.visitsThisTerm - b.visitsThisTerm || byName(a, b),
  };
  return [...teachers].sort(compare[sort]);
}

/** Shade of a cell: 0, 1, 2, 3, 4 or more visits in the week. */
const level = (n: number) => Math.min(4, n);

/**
 * The heat map: a row per teacher, a column per week of the term; each cell says its count and the shade repeats it.
 * On a phone the teacher column stays put (with the last visit under the name) and the newest weeks show first.
 */
export function CoverageTable({ coverage, timeZone, sort }: { coverage: Coverage; timeZone: string; sort: CoverageSort }) {
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = wrap.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, [coverage.weeks.length]);
  const rows = sortTeachers(coverage.teachers, sort);
  const thisWeek = coverage.weeks[coverage.weeks.length - 1];
  const ariaSort = (key: CoverageSort) => (sort === key ? 'ascending' : undefined);
  const last = (t: Teacher) => (t.lastVisitAt ? `${formatDate(t.lastVisitAt, timeZone)} (${daysAgo(t.lastVisitAt, timeZone)})` : 'Never');

  return (
    <div className="table-wrap heat-wrap" ref={wrap} tabIndex={0} role="region" aria-labelledby="heat-caption">
      <table className="table heat-table">
        <caption id="heat-caption" className="visually-hidden">
          Visits to each teacher, week by week, {coverage.term.title}, sorted by {SORT_OPTIONS[sort].toLowerCase()}. Each week column counts
          the visits in the week starting that Monday.
        </caption>
        <thead>
          <tr>
            <th scope="col" className="heat-name" aria-sort={ariaSort('name')}>
              Teacher
            </th>
            {coverage.weeks.map((w) => (
              <th key={w} scope="col" className="heat-week">
                <span aria-hidden="true">{w === thisWeek ? 'Now' : formatDay(w, { month: 'numeric', day: 'numeric' })}</span>
                <span className="visually-hidden">Week of {formatDay(w, { month: 'long', day: 'numeric' })}</span>
              </th>
            ))}
            <th scope="col" className="heat-total wide-col" aria-sort={ariaSort('visits')}>
              Term
            </th>
            <th scope="col" className="wide-col" aria-sort={ariaSort('last')}>
              Last visit
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id} className={t.flagged ? 'flagged' : undefined}>
              <th scope="row" className="heat-name">
                {t.name}
                {t.flagged ? <span className="flag">Not visited in {coverage.unvisitedDays} days</span> : null}
                <span className="heat-name-meta">
                  Last {t.lastVisitAt ? daysAgo(t.lastVisitAt, timeZone) : 'never'} · {t.visitsThisTerm} this term
                </span>
              </th>
              {t.perWeek.map((n, i) => (
                <td key={coverage.weeks[i]} className={`heat heat-${level(n)}`}>
                  {n}
                </td>
              ))}
              <td className="heat-total wide-col">{t.visitsThisTerm}</td>
              <td className="heat-last wide-col">{last(t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
