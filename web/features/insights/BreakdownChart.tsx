import type { SchoolInsights } from './api';
import { Chart, type Draw } from './Chart';
import { percent, SCHEME } from './format';
import { BREAKDOWNS } from './search';

interface Bar {
  group: string;
  tag: string;
  n: number;
  visits: number;
  share: number;
}

const barsOf = (insights: SchoolInsights): Bar[] =>
  insights.breakdown.rows.flatMap((row) =>
    insights.tags.map((t) => {
      const n = row.tags[t.id] ?? 0;
      return { group: row.label, tag: t.name, n, visits: row.visits, share: row.visits ? n / row.visits : 0 };
    }),
  );

/** Grouped bars: a group per breakdown row (its label on the left), a bar per look-for: the share of the group's visits with it. */
const drawBreakdown: Draw<SchoolInsights> = (Plot, insights, width) => {
  const bars = barsOf(insights);
  const groups = insights.breakdown.rows.map((r) => r.label);
  const tags = insights.tags.map((t) => t.name);
  const narrow = width < 560;
  return Plot.plot({
    width,
    height: groups.length * (tags.length * 11 + 14) + 50,
    marginLeft: narrow ? 96 : 150,
    marginRight: 16,
    marginBottom: 40,
    style: { fontSize: '12px', color: '#1c2b33', background: 'transparent' },
    color: { domain: tags, scheme: SCHEME, legend: true },
    x: { label: 'Share of the group’s visits (%)', percent: true, grid: true, nice: true },
    y: { domain: tags, axis: null, padding: 0.12 },
    fy: { domain: groups, label: null, axis: 'left', padding: 0.18, tickFormat: (d: string) => (narrow && d.length > 14 ? `${d.slice(0, 13)}…` : d) },
    marks: [
      Plot.barX(bars, { x: 'share', y: 'tag', fy: 'group', fill: 'tag', title: (b: Bar) => `${b.group} · ${b.tag}: ${b.n} of ${b.visits} visits (${percent(b.share)})` }),
      Plot.ruleX([0], { stroke: '#6b7b86' }),
    ],
  });
};

/**
 * The breakdown: grouped bars, then the insight's table — the very table the CSV and XLSX exports hold (look-for,
 * visits, share of visits, one column per group, and an "All visits" row), with each group's share added.
 */
export function BreakdownChart({ insights }: { insights: SchoolInsights }) {
  const by = BREAKDOWNS[insights.breakdown.by].toLowerCase();
  const rows = insights.breakdown.rows;
  const summary =
    `Grouped bar chart by ${by}: for each of ${rows.length} groups (${rows.map((r) => r.label).join(', ')}), ` +
    `the share of its visits tagged with each look-for. The table below has every number.`;
  return (
    <section aria-labelledby="breakdown-heading" className="section">
      <h2 id="breakdown-heading">Look-fors by {by}</h2>
      <p className="hint">Bars compare groups fairly: each is the share of that group’s own visits. The counts are in the table.</p>
      {rows.length > 0 ? <Chart summary={summary} draw={drawBreakdown} data={insights} minHeight={rows.length * (insights.tags.length * 11 + 14) + 80} /> : null}
      <p className="hint scroll-hint">Scroll the table sideways for every group.</p>
      <div className="table-wrap scroll-table" tabIndex={0} role="region" aria-labelledby="breakdown-caption">
        <table className="table insight-table" id="insight-table">
          <caption id="breakdown-caption">
            Visits with each look-for, by {by} <span className="caption-note">(each group: visits with it, and its share of the group’s visits)</span>
          </caption>
          <thead>
            <tr>
              <th scope="col" className="sticky-col">
                Look-for
              </th>
              <th scope="col" className="num-head">
                Visits
              </th>
              <th scope="col" className="num-head">
                Share of visits
              </th>
              {rows.map((r) => (
                <th key={r.key} scope="col" className="num-head" data-key={r.key}>
                  {r.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {insights.tags.map((t) => (
              <tr key={t.id}>
                <th scope="row" className="sticky-col">
                  {t.name}
                </th>
                <td className="num strong">{t.visits}</td>
                <td className="num">{percent(t.share, 1)}</td>
                {rows.map((r) => {
                  const n = r.tags[t.id] ?? 0;
                  return (
                    <td key={r.key} className="num">
                      <span className="count">{n}</span> <span className="group-share">{r.visits ? percent(n / r.visits) : '—'}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="total-row">
              <th scope="row" className="sticky-col">
                All visits
              </th>
              <td className="num strong">{insights.totalVisits}</td>
              <td className="num">{percent(1, 1)}</td>
              {rows.map((r) => (
                <td key={r.key} className="num">
                  <span className="count">{r.visits}</span>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
