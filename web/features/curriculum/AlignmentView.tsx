import { Chart, type Draw } from '../insights/Chart';
import { BRAND } from '../insights/format';
import { plural } from '../../lib/ui';
import type { Alignment } from './api';

const GAP = '#b42318';

/** Assessments covering each standard, as horizontal bars; standards with none are marked. */
const drawCoverage: Draw<Alignment> = (Plot, a, width) => {
  const max = Math.max(3, ...a.coverage.map((c) => c.assessments));
  return Plot.plot({
    width,
    height: 56 + a.coverage.length * 30,
    marginLeft: 80,
    marginRight: 24,
    marginBottom: 40,
    style: { fontSize: '13px', color: '#1c2b33', background: 'transparent' },
    x: { label: 'Assessments covering the standard', labelAnchor: 'center', labelArrow: 'none', grid: true, domain: [0, max], ticks: Array.from({ length: max + 1 }, (_, i) => i), tickFormat: 'd' },
    y: { label: null, domain: a.coverage.map((c) => c.code) },
    marks: [
      Plot.barX(a.coverage, { y: 'code', x: 'assessments', fill: (c: Alignment['coverage'][number]) => (c.targets === 0 ? GAP : BRAND), insetTop: 4, insetBottom: 4 }),
      Plot.text(
        a.coverage.filter((c) => c.assessments === 0),
        { y: 'code', x: 0, text: (c: Alignment['coverage'][number]) => (c.targets === 0 ? 'no target' : 'no assessment'), textAnchor: 'start', dx: 6, fill: GAP, fontWeight: 600 },
      ),
      Plot.ruleX([0]),
    ],
  });
};

/** The alignment view: the two kinds of gaps, then every standard's coverage as a chart and a table. */
export function AlignmentView({ alignment }: { alignment: Alignment }) {
  const a = alignment;
  const summary = `Bar chart of the number of assessments covering each of ${plural(a.coverage.length, 'standard')}. ${plural(a.standardsWithoutTarget.length, 'standard')} without a target, ${plural(a.targetsWithoutAssessment.length, 'target')} without an assessment. The table below has every number.`;
  return (
    <section aria-labelledby="alignment-heading" className="section alignment">
      <h2 id="alignment-heading">Alignment</h2>
      <div className="gap-grid">
        <div className={`card gap-card${a.standardsWithoutTarget.length ? ' has-gaps' : ''}`}>
          <h3>
            Standards with no target <span className="gap-count">{a.standardsWithoutTarget.length}</span>
          </h3>
          {a.standardsWithoutTarget.length === 0 ? (
            <p className="meta">Every standard is addressed by at least one learning target.</p>
          ) : (
            <ul className="gap-list">
              {a.standardsWithoutTarget.map((s) => (
                <li key={s.code}>
                  <span className="code">{s.code}</span> {s.description}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className={`card gap-card${a.targetsWithoutAssessment.length ? ' has-gaps' : ''}`}>
          <h3>
            Targets with no assessment <span className="gap-count">{a.targetsWithoutAssessment.length}</span>
          </h3>
          {a.targetsWithoutAssessment.length === 0 ? (
            <p className="meta">Every learning target has at least one assessment.</p>
          ) : (
            <ul className="gap-list">
              {a.targetsWithoutAssessment.map((t) => (
                <li key={`${t.unit}-${t.statement}`}>
                  {t.statement}
                  <span className="meta">
                    {' '}
                    — {t.unit} · {t.standardCodes.join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <h3 id="coverage-heading">Assessment coverage by standard</h3>
      {a.coverage.length > 0 ? <Chart summary={summary} draw={drawCoverage} data={a} minHeight={56 + a.coverage.length * 30} /> : null}
      <div className="table-wrap scroll-table" tabIndex={0} role="region" aria-labelledby="coverage-caption">
        <table className="table insight-table">
          <caption id="coverage-caption">
            Coverage per standard <span className="caption-note">(assessments counted once even when several targets share them)</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Standard</th>
              <th scope="col">Description</th>
              <th scope="col" className="num-head">
                Targets
              </th>
              <th scope="col" className="num-head">
                Assessments
              </th>
              <th scope="col" className="num-head">
                Of which given
              </th>
            </tr>
          </thead>
          <tbody>
            {a.coverage.map((c) => (
              <tr key={c.code} className={c.assessments === 0 ? 'gap-row' : undefined}>
                <th scope="row" className="code">
                  {c.code}
                </th>
                <td>{c.description}</td>
                <td className="num">{c.targets}</td>
                <td className="num">{c.assessments}</td>
                <td className="num">{c.linkedAssessments}</td>
              </tr>
            ))}
            {a.coverage.length === 0 ? (
              <tr>
                <td colSpan={5}>No standards yet.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
