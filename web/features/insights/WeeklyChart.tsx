import type { SchoolInsights } from './api';
import { Chart, type Draw } from './Chart';
import { addDays, BRAND, dayLabel } from './format';

interface Point {
  name: string;
  week: Date;
  n: number;
  of: number;
}

/** Small multiples: one panel per look-for, the visits with it week by week; each panel is named inside it. */
const drawWeekly: Draw<SchoolInsights> = (Plot, insights, width) => {
  const points: Point[] = insights.tags.flatMap((t) =>
    t.perWeek.map((n, i) => ({ name: t.name, week: new Date(`${insights.weeks[i]}T00:00:00Z`), n, of: insights.visitsPerWeek[i] ?? 0 })),
  );
  const max = Math.max(1, ...points.map((p) => p.n));
  const names = insights.tags.map((t) => t.name);
  return Plot.plot({
    width,
    height: names.length * 78 + 36,
    marginLeft: 34,
    marginRight: 12,
    marginTop: 6,
    style: { fontSize: '12px', color: '#1c2b33', background: 'transparent' },
    x: { type: 'utc', label: null, ticks: width < 500 ? 4 : 8, tickFormat: '%b %-d' },
    y: { label: null, domain: [0, max * 1.45], ticks: 2, grid: true, tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
    fy: { domain: names, axis: null, padding: 0.22 },
    marks: [
      Plot.frame({ stroke: '#d5dde2' }),
      Plot.areaY(points, { x: 'week', y: 'n', fy: 'name', fill: BRAND, fillOpacity: 0.1, curve: 'monotone-x' }),
      Plot.lineY(points, { x: 'week', y: 'n', fy: 'name', stroke: BRAND, strokeWidth: 2, curve: 'monotone-x', marker: 'circle-stroke' }),
      Plot.tip(points, Plot.pointerX({ x: 'week', y: 'n', fy: 'name', title: (p: Point) => `${p.name}\nWeek of ${dayLabel(p.week.toISOString().slice(0, 10))}: ${p.n} of ${p.of} visits` })),
      Plot.text(names, { fy: (d: string) => d, text: (d: string) => d, frameAnchor: 'top-left', dx: 6, dy: 5, fontWeight: 600, fill: '#1c2b33' }),
    ],
  });
};

/** Says which weeks are cut by the range (the current week, usually), so a dip there is not read as a drop. */
function partial({ weeks, range }: SchoolInsights): string {
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const notes: string[] = [];
  if (first && first < range.from) notes.push(`the week of ${dayLabel(first, { month: 'short', day: 'numeric' })} counts from ${dayLabel(range.from, { month: 'short', day: 'numeric' })}`);
  if (last && last !== first && addDays(last, 6) > range.to) notes.push(`the week of ${dayLabel(last, { month: 'short', day: 'numeric' })} only up to ${dayLabel(range.to, { month: 'short', day: 'numeric' })}`);
  if (last && last === first && addDays(last, 6) > range.to && !notes.length) notes.push(`the week counts only up to ${dayLabel(range.to, { month: 'short', day: 'numeric' })}`);
  return notes.length ? ` Partial weeks: ${notes.join('; ')}.` : '';
}

/** Look-fors week by week: the chart, then the same numbers in a table (weeks as columns, scrolling sideways on a phone). */
export function WeeklyChart({ insights }: { insights: SchoolInsights }) {
  const busiest = [...insights.tags].sort((a, b) => b.visits - a.visits)[0];
  const summary =
    `Line charts, one per look-for, of the visits with it in each of ${insights.weeks.length} weeks from ${dayLabel(insights.range.from)} to ${dayLabel(insights.range.to)}.` +
    (busiest ? ` Seen most often: ${busiest.name}, in ${busiest.visits} of ${insights.totalVisits} visits. The table below has every number.` : '');
  return (
    <section aria-labelledby="weekly-heading" className="section">
      <h2 id="weekly-heading">Look-fors week by week</h2>
      <p className="hint">
        Each panel counts the visits tagged with one look-for, week by week (a visit can carry several).
        {partial(insights)}
      </p>
      <Chart summary={summary} draw={drawWeekly} data={insights} minHeight={insights.tags.length * 78 + 36} />
      <p className="hint scroll-hint">Scroll the table sideways for every week.</p>
      <div className="table-wrap scroll-table" tabIndex={0} role="region" aria-labelledby="weekly-caption">
        <table className="table insight-table">
          <caption id="weekly-caption">Visits with each look-for, week by week</caption>
          <thead>
            <tr>
              <th scope="col" className="sticky-col">
                Look-for
              </th>
              {insights.weeks.map((w) => (
                <th key={w} scope="col" className="num-head">
                  <span aria-hidden="true">{dayLabel(w, { month: 'numeric', day: 'numeric' })}</span>
                  <span className="visually-hidden">Week of {dayLabel(w, { month: 'long', day: 'numeric' })}</span>
                </th>
              ))}
              <th scope="col" className="num-head">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {insights.tags.map((t) => (
              <tr key={t.id}>
                <th scope="row" className="sticky-col">
                  {t.name}
                </th>
                {t.perWeek.map((n, i) => (
                  <td key={insights.weeks[i]} className="num">
                    {n}
                  </td>
                ))}
                <td className="num strong">{t.visits}</td>
              </tr>
            ))}
            <tr className="total-row">
              <th scope="row" className="sticky-col">
                All visits
              </th>
              {insights.visitsPerWeek.map((n, i) => (
                <td key={insights.weeks[i]} className="num">
                  {n}
                </td>
              ))}
              <td className="num strong">{insights.totalVisits}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
