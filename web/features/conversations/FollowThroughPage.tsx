import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { leadsSchool, useMe, type MySchool } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { SchoolGate } from '../visits/RoleGate';
import { followThroughQuery, type FollowThrough } from './api';
import './conversations.css';

const route = getRouteApi('/_app/schools/$schoolId/follow-through');

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const days = (median: number | null) => (median === null ? '—' : `${median.toLocaleString(undefined, { maximumFractionDigits: 1 })}`);
type Row = FollowThrough['school'];

/** `/schools/{id}/follow-through`: how much of what leaders see reaches teachers and becomes a conversation. */
export function FollowThroughPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate
      schoolId={schoolId}
      title="Follow-through"
      allow={leadsSchool}
      who="Follow-through shows the school leaders’ own practice: it is for the school’s leaders and the district."
    >
      {(school) => <FollowThroughView school={school} />}
    </SchoolGate>
  );
}

function FollowThroughView({ school }: { school: MySchool }) {
  const me = useMe();
  const query = useQuery(followThroughQuery(school.id));
  return (
    <>
      <PageTitle title="Follow-through" lead={school.name}>
        Follow-through
      </PageTitle>
      <p>
        A leader’s own practice, in plain numbers: how many visits reach the teacher, how many the teacher reflects on, and how soon a
        conversation follows. These are counts of what leaders do, not ratings of teachers.
      </p>
      <QueryView query={query} what="follow-through">
        {(data) =>
          data.school.visits === 0 ? (
            <EmptyState title="No visits yet">
              <p>Once leaders record visits in this school, their follow-through appears here.</p>
            </EmptyState>
          ) : (
            <>
              <section aria-labelledby="school-heading" className="card section">
                <h2 id="school-heading">The whole school</h2>
                <Summary row={data.school} />
              </section>
              <section aria-labelledby="leaders-heading" className="section">
                <h2 id="leaders-heading">Each leader</h2>
                <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="leaders-heading">
                  <table className="table loop-table">
                    <thead>
                      <tr>
                        <th scope="col">Leader</th>
                        <th scope="col">Visits</th>
                        <th scope="col">Shared</th>
                        <th scope="col">Reflected</th>
                        <th scope="col">Talked about</th>
                        <th scope="col">Median days to a conversation</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.leaders.map((row) => (
                        <tr key={row.observer.id} className={row.observer.id === me.user.id ? 'is-me' : undefined}>
                          <th scope="row">
                            {row.observer.name}
                            {row.observer.id === me.user.id ? ' (you)' : ''}
                          </th>
                          <td>{row.visits.toLocaleString()}</td>
                          <td>
                            {row.shared.toLocaleString()} <span className="meta">({percent(row.shareRate)})</span>
                          </td>
                          <td>
                            {row.reflected.toLocaleString()} <span className="meta">({percent(row.reflectionRate)})</span>
                          </td>
                          <td>{row.discussed.toLocaleString()}</td>
                          <td>{days(row.medianDaysToConversation)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <p className="meta">
                  Shared: share of the leader’s visits whose evidence reached the teacher. Reflected: share of shared visits the teacher
                  reflected on. Median days: from the visit to its first conversation, over visits that had one.
                </p>
              </section>
            </>
          )
        }
      </QueryView>
    </>
  );
}

function Summary({ row }: { row: Row }) {
  return (
    <>
      <ul className="stat-grid loop-stats">
        <li className="stat">
          <div>
            <span className="stat-number">{percent(row.shareRate)}</span>
            <span className="stat-label">shared with the teacher</span>
          </div>
        </li>
        <li className="stat">
          <div>
            <span className="stat-number">{percent(row.reflectionRate)}</span>
            <span className="stat-label">reflected on</span>
          </div>
        </li>
        <li className="stat">
          <div>
            <span className="stat-number">{row.discussed.toLocaleString()}</span>
            <span className="stat-label">talked about</span>
          </div>
        </li>
        <li className="stat">
          <div>
            <span className="stat-number">{days(row.medianDaysToConversation)}</span>
            <span className="stat-label">median days to a conversation</span>
          </div>
        </li>
      </ul>
      <p>
        Of {plural(row.visits, 'visit')}, {row.shared.toLocaleString()} {row.shared === 1 ? 'was' : 'were'} shared with the teacher,{' '}
        {row.reflected.toLocaleString()} of those {row.reflected === 1 ? 'was' : 'were'} reflected on, and {row.discussed.toLocaleString()}{' '}
        led to a conversation.
      </p>
    </>
  );
}
