import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { useCurrentSchool } from '../../lib/school';
import { EmptyState, Field, FormMessage, PageTitle, QueryView } from '../../lib/ui';
import { Chart, type Draw } from '../insights/Chart';
import { lookForsQuery } from '../visits/api';
import { agreementsQuery, practiceQuery, useCreateAgreement, useDeleteAgreement, type AgreementPractice } from './api';
import { CultureNav } from './CultureNav';
import '../insights/insights.css';
import './culture.css';

const route = getRouteApi('/_app/schools/$schoolId/agreements');
const WEEKS = 8;
const COLORS = ['#1f4e5f', '#c2410c', '#6d28d9', '#15803d'];
const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const short = (monday: string) => new Date(`${monday}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

const drawPractice: Draw<AgreementPractice> = (Plot, p, width) => {
  const points = p.agreements.flatMap((a) => a.perWeek.flatMap((w, i) => (w.share === null ? [] : [{ agreement: a.title, week: new Date(`${p.weeks[i]}T12:00:00Z`), percent: w.share * 100 }])));
  return Plot.plot({
    width,
    height: 220,
    marginLeft: 40,
    style: { fontSize: '12px', color: '#1c2b33', background: 'transparent' },
    x: { type: 'utc', label: null, tickFormat: '%b %-d', ticks: width < 500 ? 4 : 8 },
    y: { label: '% of visits', domain: [0, 100], grid: true },
    color: { domain: p.agreements.map((a) => a.title), range: COLORS, legend: true },
    marks: [Plot.lineY(points, { x: 'week', y: 'percent', stroke: 'agreement', strokeWidth: 2, marker: 'circle-stroke' })],
  });
};

/** The consistencies staff agreed on, and how consistently the linked ones show up in visits — as a school. */
export function AgreementsPage() {
  const { schoolId } = route.useParams();
  const agreements = useQuery(agreementsQuery(schoolId));
  const practice = useQuery(practiceQuery(schoolId, WEEKS));
  const school = useCurrentSchool();
  const edits = Boolean(school?.roles.some((r) => r === 'principal' || r === 'assistant_principal'));
  const remove = useDeleteAgreement(schoolId);
  return (
    <>
      <PageTitle title="Schoolwide agreements" lead="The consistencies we agreed to practise in every classroom, and how often visits see them across the school. Never per teacher.">
        Schoolwide agreements
      </PageTitle>
      <CultureNav schoolId={schoolId} />
      <section aria-labelledby="agreements-heading" className="section">
        <h2 id="agreements-heading">Our agreements</h2>
        <FormMessage error={remove.isError ? errorMessage(remove.error) : undefined} />
        <QueryView query={agreements} what="agreements">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No agreements yet">School leaders record the consistencies staff agree on, such as posting learning targets.</EmptyState>
            ) : (
              <ul className="card-list">
                {list.map((a) => (
                  <li key={a.id} className="card">
                    <h3>{a.title}</h3>
                    {a.description ? <p>{a.description}</p> : null}
                    <p className="meta">
                      Adopted {a.adoptedOn} · {a.lookFor ? `seen in visits as “${a.lookFor.name}”` : 'not linked to a look-for'}
                    </p>
                    {edits ? (
                      <button type="button" className="button button-small button-secondary" disabled={remove.isPending} onClick={() => window.confirm(`Remove “${a.title}”?`) && remove.mutate(a.id)}>
                        Remove
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>
      <section aria-labelledby="practice-heading" className="section">
        <h2 id="practice-heading">How consistently we practise them</h2>
        <QueryView query={practice} what="visit patterns">
          {(p) =>
            p.agreements.length === 0 ? (
              <p className="meta">Link an agreement to a look-for to see how often visits record it.</p>
            ) : (
              <>
                <Chart
                  summary={`Line chart of the share of the school's visits each week that recorded each linked agreement's look-for, over the last ${WEEKS} weeks. The table below has every number.`}
                  draw={drawPractice}
                  data={p}
                  minHeight={220}
                />
                <div className="table-wrap scroll-table" tabIndex={0} role="region" aria-labelledby="practice-caption">
                  <table className="table insight-table">
                    <caption id="practice-caption">
                      Share of the school’s visits per week (week of) <span className="caption-note">(weeks with fewer than {p.minimumVisits} visits show no share)</span>
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Agreement</th>
                        {p.weeks.map((w) => (
                          <th key={w} scope="col" className="num-head">
                            {short(w)}
                          </th>
                        ))}
                        <th scope="col" className="num-head">
                          All weeks
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.agreements.map((a) => (
                        <tr key={a.id}>
                          <th scope="row">{a.title}</th>
                          {a.perWeek.map((w, i) => (
                            <td key={p.weeks[i]} className="num">
                              {pct(w.share)}
                            </td>
                          ))}
                          <td className="num strong">{pct(a.overall)}</td>
                        </tr>
                      ))}
                      <tr className="total-row">
                        <th scope="row">Visits</th>
                        {p.visits.map((n, i) => (
                          <td key={p.weeks[i]} className="num">
                            {n}
                          </td>
                        ))}
                        <td className="num">{p.visits.reduce((x, y) => x + y, 0)}</td>
                      </tr>
                    </tbody>
                  </table>
                </div>
              </>
            )
          }
        </QueryView>
      </section>
      {edits ? <NewAgreementForm schoolId={schoolId} /> : null}
    </>
  );
}

function NewAgreementForm({ schoolId }: { schoolId: string }) {
  const id = useId();
  const lookFors = useQuery(lookForsQuery(schoolId));
  const create = useCreateAgreement(schoolId);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [adoptedOn, setAdoptedOn] = useState('');
  const [lookForId, setLookForId] = useState('');
  const failure = create.error instanceof ApiError ? create.error : undefined;
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Record an agreement</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ title, description, adoptedOn, lookForId: lookForId || null }, { onSuccess: () => (setTitle(''), setDescription(''), setAdoptedOn(''), setLookForId('')) });
        }}
      >
        <Field label="Agreement" hint="For example: Learning targets are posted and used" value={title} onChange={(e) => setTitle(e.target.value)} error={failure?.fieldMessages('title')} required />
        <Field label="What it looks like" value={description} onChange={(e) => setDescription(e.target.value)} error={failure?.fieldMessages('description')} />
        <Field label="Adopted on" type="date" value={adoptedOn} onChange={(e) => setAdoptedOn(e.target.value)} error={failure?.fieldMessages('adoptedOn')} required />
        <div className="field">
          <label htmlFor={`${id}-look-for`}>Seen in visits as</label>
          <select id={`${id}-look-for`} value={lookForId} onChange={(e) => setLookForId(e.target.value)}>
            <option value="">Not linked to a look-for</option>
            {lookFors.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          {failure?.fieldMessages('lookForId') ? <p className="field-error">{failure.fieldMessages('lookForId')}</p> : null}
        </div>
        <FormMessage error={create.isError ? errorMessage(create.error) : undefined} />
        <button type="submit" className="button" disabled={create.isPending}>
          Record agreement
        </button>
      </form>
    </section>
  );
}
