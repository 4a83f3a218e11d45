import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useMe, type MySchool } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { staffQuery } from '../people/api';
import { coverageQuery, type Coverage } from './api';
import { CoverageTable, SORT_OPTIONS, sortTeachers, type CoverageSort } from './CoverageTable';
import { FlagDaysForm } from './FlagDaysForm';
import { daysAgo, formatDay } from './format';
import { visitsAt } from './roles';
import { SchoolGate } from './RoleGate';

const route = getRouteApi('/_app/schools/$schoolId/coverage');

/** `/schools/{id}/coverage`: who has been visited this term, week by week; who is overdue; the observers' own numbers. */
export function CoveragePage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate
      schoolId={schoolId}
      title="Coverage"
      allow={visitsAt}
      who="Coverage is for principals, assistant principals and instructional coaches. District leaders see counts per school on the district coverage page."
    >
      {(school) => <SchoolCoverage school={school} />}
    </SchoolGate>
  );
}

function SchoolCoverage({ school }: { school: MySchool }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = useQuery(coverageQuery(school.id, search.days));
  const sort = search.sort ?? 'name';
  return (
    <>
      <PageTitle title="Coverage" lead={school.name}>
        Coverage
      </PageTitle>
      <QueryView query={query} what="coverage">
        {(coverage) => (
          <>
            <p className="meta">
              {coverage.term.title} · {formatDay(coverage.term.start, { month: 'short', day: 'numeric' })} –{' '}
              {formatDay(coverage.term.end, { month: 'short', day: 'numeric', year: 'numeric' })}
              {query.isFetching ? ' · updating…' : ''}
            </p>
            <FlagDaysForm school={school} days={coverage.unvisitedDays} onShow={(days) => void navigate({ search: (prev) => ({ ...prev, days }), replace: true })} />
            <Flagged coverage={coverage} timeZone={school.timezone} schoolId={school.id} />
            <section aria-labelledby="heat-heading" className="section">
              <h2 id="heat-heading">Visits week by week</h2>
              {coverage.teachers.length === 0 ? (
                <EmptyState title="No teachers yet">
                  <p>Teachers arrive with the district’s roster import.</p>
                </EmptyState>
              ) : (
                <>
                  <p className="hint">
                    Each cell counts the visits to a teacher in one week; darker cells mean more visits. Scroll sideways for earlier
                    weeks.
                  </p>
                  <div className="field sort-field">
                    <label htmlFor="coverage-sort">Sort teachers by</label>
                    <select
                      id="coverage-sort"
                      value={sort}
                      onChange={(e) => {
                        const next = e.target.value as CoverageSort;
                        void navigate({ search: (prev) => ({ ...prev, sort: next === 'name' ? undefined : next }), replace: true });
                      }}
                    >
                      {(Object.keys(SORT_OPTIONS) as CoverageSort[]).map((key) => (
                        <option key={key} value={key}>
                          {SORT_OPTIONS[key]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <CoverageTable coverage={coverage} timeZone={school.timezone} sort={sort} />
                </>
              )}
            </section>
            <Observers schoolId={school.id} observers={coverage.observers} />
          </>
        )}
      </QueryView>
    </>
  );
}

function Flagged({ coverage, timeZone, schoolId }: { coverage: Coverage; timeZone: string; schoolId: string }) {
  const flagged = sortTeachers(
    coverage.teachers.filter((t) => t.flagged),
    'last',
  );
  return (
    <section aria-labelledby="flagged-heading" className="section" id="needs-a-visit">
      <h2 id="flagged-heading">Needs a visit</h2>
      {flagged.length === 0 ? (
        <p className="notice notice-success">Every teacher has been visited in the last {plural(coverage.unvisitedDays, 'day')}.</p>
      ) : (
        <>
          <p>
            {plural(flagged.length, 'teacher')} of {coverage.teachers.length} not visited in {plural(coverage.unvisitedDays, 'day')}:
          </p>
          <ul className="flag-list">
            {flagged.map((t) => (
              <li key={t.id}>
                <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId, teacherId: t.id }}>
                  {t.name}
                </Link>{' '}
                · last visit {daysAgo(t.lastVisitAt, timeZone)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const LEADERS = ['principal', 'assistant_principal', 'coach'];

/** The observers' own numbers; the school's leaders and coaches with no visit this term are listed too, with zeros. */
function Observers({ schoolId, observers: counted }: { schoolId: string; observers: Coverage['observers'] }) {
  const me = useMe();
  const staff = useQuery(staffQuery(schoolId, {}));
  const idle = (staff.data ?? [])
    .filter((p) => p.roles.some((r) => LEADERS.includes(r)) && !counted.some((o) => o.id === p.id))
    .map((p) => ({ id: p.id, name: p.name, today: 0, thisWeek: 0, thisTerm: 0, perSchoolDay: 0 }));
  const observers = [...counted, ...idle];
  return (
    <section aria-labelledby="observers-heading" className="section">
      <h2 id="observers-heading">Our own visits</h2>
      <p className="hint">Leaders and coaches are counted too: the visits each of us has made.</p>
      {observers.length === 0 ? (
        <EmptyState title="No visits this term yet">
          <p>Visits appear here as soon as anyone records one.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Visits made by each observer this term</caption>
            <thead>
              <tr>
                <th scope="col">Observer</th>
                <th scope="col" className="num-head">Today</th>
                <th scope="col" className="num-head">This week</th>
                <th scope="col" className="num-head">This term</th>
                <th scope="col" className="num-head">Per school day</th>
              </tr>
            </thead>
            <tbody>
              {observers.map((o) => (
                <tr key={o.id} className={o.id === me.user.id ? 'is-me' : undefined}>
                  <th scope="row">
                    {o.name}
                    {o.id === me.user.id ? <span className="meta"> (you)</span> : null}
                  </th>
                  <td className="num">{o.today}</td>
                  <td className="num">{o.thisWeek}</td>
                  <td className="num">{o.thisTerm}</td>
                  <td className="num">{o.perSchoolDay.toLocaleString(undefined, { maximumFractionDigits: 2 })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
