import { Chart, type Draw } from '../insights/Chart';
import { BRAND } from '../insights/format';
import type { AnalysisRow } from './analysis-api';

interface Point {
  date: Date;
  percent: number;
}
const points = (rows: AnalysisRow[]): Point[] =>
  rows.flatMap((r) => (r.stats.suppressed ? [] : [{ date: new Date(`${r.key}T00:00:00Z`), percent: r.stats.percentProficient }]));

/** Percent proficient per assessment date, one neutral line (no colour coding of "good" or "bad"). */
const drawOverTime: Draw<AnalysisRow[]> = (Plot, rows, width) =>
  Plot.plot({
    width,
    height: 220,
    marginLeft: 40,
    marginRight: 16,
    style: { fontSize: '12px', color: '#1c2b33', background: 'transparent' },
    x: { type: 'utc', label: null, ticks: width < 500 ? 4 : 8, tickFormat: '%b %-d' },
    y: { label: '% proficient', domain: [0, 100], grid: true },
    marks: [Plot.lineY(points(rows), { x: 'date', y: 'percent', stroke: BRAND, strokeWidth: 2, marker: 'circle-stroke' })],
  });

/** A small line chart of the over-time rows; the table next to it has every number. */
export function OverTimeChart({ rows }: { rows: AnalysisRow[] }) {
  const shown = points(rows);
  if (shown.length < 2) return null;
  const first = shown[0]!;
  const last = shown[shown.length - 1]!;
  const day = (p: Point) => p.date.toISOString().slice(0, 10);
  const summary =
    `Line chart of the percent of results at or above the proficiency cut on ${shown.length} assessment dates: ` +
    `${first.percent}% on ${day(first)} and ${last.percent}% on ${day(last)}. The table below has every number.`;
  return <Chart summary={summary} draw={drawOverTime} data={rows} minHeight={220} />;
}
