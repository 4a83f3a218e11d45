import type { SchoolInsights } from './api';
import { percent, points, previousRange, rangeLabel } from './format';

/** A change smaller than this (one percentage point) reads as "about the same". */
const STEADY = 0.01;

/**
 * "What changed": the share of visits with each look-for in this period against the period of the same length just
 * before it. Descriptive words and numbers only: up, down or about the same, never better or worse.
 */
export function Changes({ insights }: { insights: SchoolInsights }) {
  const before = previousRange(insights.range.from, insights.range.to);
  const changes = [...insights.changes].sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.name.localeCompare(b.name));
  const nothingBefore = changes.every((c) => c.previousShare === 0);
  return (
    <section aria-labelledby="changes-heading" className="section">
      <h2 id="changes-heading">What changed</h2>
      <p className="hint">
        Share of visits with each look-for, {rangeLabel(insights.range.from, insights.range.to)}, against the {rangeLabel(before.from, before.to)} before it.
      </p>
      {nothingBefore ? (
        <p className="empty">No tagged visits in the period before, so there is nothing to compare with yet.</p>
      ) : (
        <ul className="change-list">
          {changes.map((c) => {
            const direction = Math.abs(c.delta) < STEADY ? 'same' : c.delta > 0 ? 'up' : 'down';
            return (
              <li key={c.id} className={`change change-${direction}`}>
                <span className="change-icon" aria-hidden="true">
                  {direction === 'up' ? '▲' : direction === 'down' ? '▼' : '●'}
                </span>
                <span>
                  <strong>{c.name}</strong>:{' '}
                  {direction === 'same' ? (
                    <>
                      about the same, {percent(c.currentShare)} of visits ({percent(c.previousShare)} before)
                    </>
                  ) : (
                    <>
                      {direction} {points(c.delta)}, from {percent(c.previousShare)} to {percent(c.currentShare)} of visits
                    </>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
