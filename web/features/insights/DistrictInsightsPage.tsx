import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useMe } from '../../lib/session';
import { EmptyState, Field, PageTitle, QueryView } from '../../lib/ui';
import { seesDistrictCoverage } from '../visits/roles';
import { NotForRole } from '../visits/RoleGate';
import { districtInsightsQuery, type DistrictInsights } from './api';
import { percent, rangeLabel } from './format';
import './insights.css';

const route = getRouteApi('/_app/district/insights');
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** `/district/insights`: per school, visits and the share of them with each look-for. Counts and rates only, never notes. */
export function DistrictInsightsPage() {
  const me = useMe();
  if (!seesDistrictCoverage(me)) {
    return (
      <NotForRole
        title="District insights"
        who="District insights are for district leaders and administrators. School leaders see their own school’s insights."
      />
    );
  }
  return <DistrictInsightsView />;
}

function RangeForm({ from, to, onChange }: { from?: string; to?: string; onChange: (next: { from?: string; to?: string }) => void }) {
  const [a, setA] = useState(from ?? '');
  const [b, setB] = useState(to ?? '');
  useEffect(() => setA(from ?? ''), [from]);
  useEffect(() => setB(to ?? ''), [to]);
  const error = a && b && isDate(a) && isDate(b) && a > b ? 'The start date is after the end date' : undefined;
  const set = (key: 'from' | 'to', value: string) => {
    (key === 'from' ? setA : setB)(value);
    const next = { from: key === 'from' ? value : a, to: key === 'to' ? value : b };
    if ((value && !isDate(value)) || (next.from && next.to && next.from > next.to)) return;
    onChange({ from: next.from || undefined, to: next.to || undefined });
  };
  return (
    <form role="search" aria-label="Choose the dates" className="filters insight-filters range-filters" onSubmit={(e) => e.preventDefault()}>
      <Field label="From" type="date" value={a} max={b || undefined} onChange={(e) => set('from', e.target.value)} />
      <Field label="To" type="date" value={b} min={a || undefined} onChange={(e) => set('to', e.target.value)} error={error} />
    </form>
  );
}

function DistrictInsightsView() {
  const me = useMe();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = useQuery(districtInsightsQuery(search));
  return (
    <>
      <PageTitle title="District insights" lead={me.district.name}>
        District insights
      </PageTitle>
      <p className="hint">
        For each school, its visits and the share of them tagged with each look-for. Counts and rates only: what a visit recorded stays with
        the school and the teacher.
      </p>
      <RangeForm from={search.from} to={search.to} onChange={(next) => void navigate({ search: next, replace: true })} />
      <QueryView query={query} what="district insights">
        {(data) => <DistrictTable data={data} updating={query.isFetching} defaultRange={!search.from && !search.to} />}
      </QueryView>
    </>
  );
}

function DistrictTable({ data, updating, defaultRange }: { data: DistrictInsights; updating: boolean; defaultRange: boolean }) {
  if (data.schools.length === 0) {
    return (
      <EmptyState title="No schools yet">
        <p>Schools appear once the district’s roster has been imported.</p>
      </EmptyState>
    );
  }
  const shown = data.schools.filter((s) => !s.suppressed);
  return (
    <>
      <p className="range-line" aria-live="polite">
        <strong>{rangeLabel(data.range.from, data.range.to)}</strong>
        {defaultRange ? ' (the last 12 weeks)' : ''} · {shown.length} of {data.schools.length} schools shown
        {updating ? ' · updating…' : ''}
      </p>
      <p className="meta">A school with fewer than {data.minimumVisits} visits in the range is not shown: too few to be a pattern, and too close to a person.</p>
      <p className="hint scroll-hint">Scroll the table sideways for every look-for.</p>
      <div className="table-wrap scroll-table" tabIndex={0} role="region" aria-labelledby="district-caption">
        <table className="table insight-table district-table">
          <caption id="district-caption">Visits per school and the share of them with each look-for</caption>
          <thead>
            <tr>
              <th scope="col" className="sticky-col">
                School
              </th>
              <th scope="col" className="num-head">
                Visits
              </th>
              {data.lookFors.map((name) => (
                <th key={name} scope="col" className="num-head">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.schools.map((s) => (
              <tr key={s.id} className={s.suppressed ? 'suppressed' : undefined}>
                <th scope="row" className="sticky-col">
                  {s.name}
                </th>
                {s.suppressed ? (
                  <td colSpan={data.lookFors.length + 1} className="suppressed-note">
                    Fewer than {data.minimumVisits} visits — not shown
                  </td>
                ) : (
                  <>
                    <td className="num strong">{s.visits}</td>
                    {data.lookFors.map((name) => (
                      <td key={name} className="num">
                        {percent(s.lookForShares[name] ?? 0)}
                      </td>
                    ))}
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
