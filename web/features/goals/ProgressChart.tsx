import { Chart, type Draw } from '../insights/Chart';
import { BRAND } from '../insights/format';
import type { GoalDetail } from './api';

interface Point {
  date: Date;
  percent: number;
}
const points = (goal: GoalDetail): Point[] =>
  goal.progress.flatMap((p) => (p.suppressed ? [] : [{ date: new Date(`${p.date}T00:00:00Z`), percent: p.percentAtOrAbove }]));

/** Percent at or above the threshold per assessment date, with the target as a dashed line. */
const drawProgress: Draw<GoalDetail> = (Plot, goal, width) => {
  const data = points(goal);
  return Plot.plot({
    width,
    height: 240,
    marginLeft: 40,
    marginRight: 16,
    style: { fontSize: '12px', color: '#1c2b33', background: 'transparent' },
    x: { type: 'utc', label: null, ticks: width < 500 ? 4 : 8, tickFormat: '%b %-d' },
    y: { label: '% at or above', domain: [0, 100], grid: true },
    marks: [
      Plot.ruleY([goal.targetPercent], { stroke: '#9a3412', strokeDasharray: '5,4', strokeWidth: 1.5 }),
      Plot.text([goal.targetPercent], { y: (d: number) => d, text: () => `Target ${goal.targetPercent}%`, frameAnchor: 'left', dx: 4, dy: -8, fill: '#9a3412' }),
      Plot.lineY(data, { x: 'date', y: 'percent', stroke: BRAND, strokeWidth: 2, marker: 'circle-stroke' }),
    ],
  });
};

/** The goal's progress over time: the chart, then every number in a table. */
export function ProgressChart({ goal }: { goal: GoalDetail }) {
  const shown = points(goal);
  const last = shown[shown.length - 1];
  const summary =
    `Line chart of the percent of students at or above the threshold on ${goal.progress.length} assessment dates, against a target of ${goal.targetPercent}%.` +
    (last ? ` Latest: ${last.percent}% on ${last.date.toISOString().slice(0, 10)}.` : ' No numbers to show yet.') +
    ' The table below has every number.';
  return (
    <section aria-labelledby="progress-heading" className="section">
      <h2 id="progress-heading">Progress over time</h2>
      {goal.progress.length > 0 ? <Chart summary={summary} draw={drawProgress} data={goal} minHeight={240} /> : null}
      <div className="scroll-table" tabIndex={0} role="region" aria-labelledby="progress-caption">
        <table className="insight-table">
          <caption id="progress-caption">
            Progress per assessment date <span className="caption-note">(target {goal.targetPercent}% by {goal.targetDate})</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col" className="num-head">
                Students
              </th>
              <th scope="col" className="num-head">
                % at or above
              </th>
            </tr>
          </thead>
          <tbody>
            {goal.progress.map((p) => (
              <tr key={p.date}>
                <th scope="row">{p.date}</th>
                {p.suppressed ? (
                  <td colSpan={2}>Fewer than {goal.minimumGroupSize} students: not shown</td>
                ) : (
                  <>
                    <td className="num">{p.students}</td>
                    <td className="num">{p.percentAtOrAbove}%</td>
                  </>
                )}
              </tr>
            ))}
            {goal.progress.length === 0 ? (
              <tr>
                <td colSpan={3}>No assessments counted yet.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
