import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { LEVELS, Practice, PRACTICES } from '../../../schemas/culture';
import { ApiError, errorMessage } from '../../lib/api';
import { EmptyState, Field, FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { Chart, type Draw } from '../insights/Chart';
import { selfAssessmentQuery, useRate, type SelfAssessmentOverview } from './api';
import { CultureNav } from './CultureNav';
import '../insights/insights.css';
import './culture.css';

const route = getRouteApi('/_app/schools/$schoolId/self-assessment');
const ORDER = Practice.options;
const levelName = (level: number | null) => (level === null ? '—' : `${level} ${LEVELS[level as keyof typeof LEVELS]}`);

/** Earlier periods lighter, the latest in the brand colour. */
const PERIOD_COLORS = ['#c9d2d6', '#9aa8ae', '#6b8591', '#1f4e5f'];

/** One row per practice: a ring for each earlier period, a dot for the latest, an arrow from the first to the latest. */
const drawTrend: Draw<SelfAssessmentOverview> = (Plot, o, width) => {
  const periods = o.periods.map((p) => p.period);
  const latest = periods.length - 1;
  const names = ORDER.map((p) => PRACTICES[p].name);
  const points = o.trend.flatMap((t) => t.levels.flatMap((level, i) => (level === null ? [] : [{ practice: PRACTICES[t.practice].name, period: periods[i]!, index: i, level }])));
  const moves = o.trend.flatMap((t) => {
    const known = t.levels.filter((l): l is number => l !== null);
    return known.length >= 2 && known[0] !== known[known.length - 1] ? [{ practice: PRACTICES[t.practice].name, from: known[0]!, to: known[known.length - 1]! }] : [];
  });
  return Plot.plot({
    width,
    height: 70 + names.length * 40,
    marginLeft: Math.min(210, Math.max(120, width * 0.3)),
    marginRight: 32,
    marginTop: 36,
    style: { fontSize: '13px', color: '#1c2b33', background: 'transparent' },
    x: { domain: [0.7, 4.3], ticks: [1, 2, 3, 4], tickFormat: (l: number) => `${l} ${LEVELS[l as keyof typeof LEVELS] ?? ''}`, label: null, grid: true, axis: 'top' },
    y: { domain: names, label: null },
    color: { domain: periods, range: PERIOD_COLORS.slice(-Math.max(periods.length, 1)), legend: true },
    marks: [
      Plot.arrow(moves, { y: 'practice', x1: 'from', x2: 'to', stroke: '#1f4e5f', strokeWidth: 2, headLength: 9, insetStart: 8, insetEnd: 8 }),
      Plot.dot(points.filter((p) => p.index !== latest), { y: 'practice', x: 'level', stroke: 'period', r: 8, strokeWidth: 2.5 }),
      Plot.dot(points.filter((p) => p.index === latest), { y: 'practice', x: 'level', fill: 'period', r: 6 }),
    ],
  });
};

/** The ILT's ratings of the school on the leadership core practices over time, and goal suggestions for the weakest. */
export function SelfAssessmentPage() {
  const { schoolId } = route.useParams();
  const overview = useQuery(selfAssessmentQuery(schoolId));
  return (
    <>
      <PageTitle title="Core-practice self-assessment" lead="Each term the instructional leadership team rates the school on six leadership practices, with evidence, and watches the trend.">
        Core-practice self-assessment
      </PageTitle>
      <CultureNav schoolId={schoolId} />
      <QueryView query={overview} what="self-assessments">
        {(o) => (
          <>
            <Trend overview={o} />
            <Suggestions schoolId={schoolId} overview={o} />
            <Practices />
            {o.periods.length > 0 ? <Evidence overview={o} /> : null}
            {o.canRate ? <RateForm schoolId={schoolId} /> : null}
          </>
        )}
      </QueryView>
    </>
  );
}

function Trend({ overview: o }: { overview: SelfAssessmentOverview }) {
  if (o.periods.length === 0) {
    return (
      <section className="section" aria-labelledby="trend-heading">
        <h2 id="trend-heading">Trend</h2>
        <EmptyState title="No self-assessment yet">The instructional leadership team rates the school once a term or year; the trend appears from the second period.</EmptyState>
      </section>
    );
  }
  const summary = `Chart of the level (1 Beginning to 4 Thriving) of each of the six practices, with an arrow from the first to the latest level, across ${o.periods.length} periods: ${o.periods.map((p) => p.period).join(', ')}. The table below has every level.`;
  return (
    <section className="section" aria-labelledby="trend-heading">
      <h2 id="trend-heading">Trend</h2>
      <Chart summary={summary} draw={drawTrend} data={o} minHeight={70 + ORDER.length * 40} />
      <div className="table-wrap scroll-table" tabIndex={0} role="region" aria-labelledby="trend-caption">
        <table className="table insight-table">
          <caption id="trend-caption">
            Level of each practice per period <span className="caption-note">(1 Beginning · 2 Developing · 3 Established · 4 Thriving)</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Practice</th>
              {o.periods.map((p) => (
                <th key={p.id} scope="col" className="num-head">
                  {p.period}
                  <span className="group-share">{p.ratedOn}</span>
                </th>
              ))}
              <th scope="col" className="num-head">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {o.trend.map((t) => (
              <tr key={t.practice}>
                <th scope="row">{PRACTICES[t.practice].name}</th>
                {t.levels.map((level, i) => (
                  <td key={o.periods[i]!.id} className="num">
                    {levelName(level)}
                  </td>
                ))}
                <td className="num strong">{t.change === null ? '—' : t.change > 0 ? `+${t.change}` : t.change === 0 ? 'same' : String(t.change)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Suggestions({ schoolId, overview: o }: { schoolId: string; overview: SelfAssessmentOverview }) {
  const router = useRouter();
  // The work plan page links here when it exists; until then the suggestions stand alone.
  const hasPlan = '/schools/$schoolId/plan' in router.routesByPath;
  if (o.suggestions.length === 0) return null;
  const latest = o.periods.at(-1)!;
  return (
    <section className="section" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">Suggested work-plan goals</h2>
      <p className="meta">
        The lowest-rated {o.suggestions.length === 1 ? 'practice' : 'practices'} in {latest.period}.
      </p>
      <ul className="card-list">
        {o.suggestions.map((s) => (
          <li key={s.practice} className="card suggestion">
            <h3>
              {PRACTICES[s.practice].name} <span className="level-pill">{levelName(s.level)}</span>
            </h3>
            <p>{s.suggestion}</p>
          </li>
        ))}
      </ul>
      {hasPlan ? (
        <p>
          <a href={`/schools/${encodeURIComponent(schoolId)}/plan`}>Add them to the work plan</a>
        </p>
      ) : null}
    </section>
  );
}

function Practices() {
  return (
    <details className="section practices">
      <summary>What each practice means</summary>
      <dl>
        {ORDER.map((p) => (
          <div key={p}>
            <dt>{PRACTICES[p].name}</dt>
            <dd>{PRACTICES[p].description}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function Evidence({ overview: o }: { overview: SelfAssessmentOverview }) {
  const latest = o.periods.at(-1)!;
  return (
    <section className="section" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence, {latest.period}</h2>
      <ul className="card-list">
        {latest.ratings.map((r) => (
          <li key={r.practice} className="card">
            <h3>
              {PRACTICES[r.practice].name} <span className="level-pill">{levelName(r.level)}</span>
            </h3>
            <p>{r.evidence}</p>
          </li>
        ))}
      </ul>
      {latest.recordedBy ? <p className="meta">Recorded by {latest.recordedBy.name} on {latest.ratedOn}.</p> : null}
    </section>
  );
}

function RateForm({ schoolId }: { schoolId: string }) {
  const id = useId();
  const rate = useRate(schoolId);
  const [period, setPeriod] = useState('');
  const [ratedOn, setRatedOn] = useState('');
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [evidence, setEvidence] = useState<Record<string, string>>({});
  const failure = rate.error instanceof ApiError ? rate.error : undefined;
  const ratingError = (i: number, field: string) => failure?.fields.find((f) => f.path === `body.ratings.${i}.${field}`)?.message;
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Rate the school for a period</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          rate.mutate(
            { period, ratedOn, ratings: ORDER.map((practice) => ({ practice, level: levels[practice] ?? 0, evidence: evidence[practice] ?? '' })) },
            { onSuccess: () => (setPeriod(''), setRatedOn(''), setLevels({}), setEvidence({})) },
          );
        }}
      >
        <div className="filters">
          <Field label="Period" hint="For example: Spring 2027" value={period} onChange={(e) => setPeriod(e.target.value)} error={failure?.fieldMessage('body.period')} required />
          <Field label="Rated on" type="date" value={ratedOn} onChange={(e) => setRatedOn(e.target.value)} error={failure?.fieldMessage('body.ratedOn')} required />
        </div>
        {ORDER.map((practice, i) => (
          <fieldset key={practice} className="rating">
            <legend>{PRACTICES[practice].name}</legend>
            <p className="hint">{PRACTICES[practice].description}</p>
            <div className="level-choices">
              {([1, 2, 3, 4] as const).map((level) => (
                <label key={level}>
                  <input type="radio" name={`${id}-${practice}`} checked={levels[practice] === level} onChange={() => setLevels({ ...levels, [practice]: level })} /> {level} {LEVELS[level]}
                </label>
              ))}
            </div>
            {ratingError(i, 'level') ? <p className="field-error">{ratingError(i, 'level')}</p> : null}
            <div className={`field${ratingError(i, 'evidence') ? ' field-invalid' : ''}`}>
              <label htmlFor={`${id}-${practice}-evidence`}>Evidence</label>
              <textarea id={`${id}-${practice}-evidence`} rows={2} value={evidence[practice] ?? ''} onChange={(e) => setEvidence({ ...evidence, [practice]: e.target.value })} aria-invalid={ratingError(i, 'evidence') ? true : undefined} />
              {ratingError(i, 'evidence') ? <p className="field-error">{ratingError(i, 'evidence')}</p> : null}
            </div>
          </fieldset>
        ))}
        <FormMessage error={rate.isError ? errorMessage(rate.error) : undefined} />
        <button type="submit" className="button" disabled={rate.isPending}>
          {rate.isPending ? 'Saving…' : 'Save ratings'}
        </button>
      </form>
    </section>
  );
}
