import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { EmptyState, PageTitle, QueryView } from '../../lib/ui';
import { goalsQuery, measureText, pct, visionQuery } from './api';

const route = getRouteApi('/_app/schools/$schoolId/goals');
const ACTIONS = [
  ['students', 'Students'],
  ['teachers', 'Teachers'],
  ['principals', 'Principals'],
  ['staff', 'Other staff'],
] as const;

/** The school's vision and its goals, each with its latest progress. */
export function GoalsPage() {
  const { schoolId } = route.useParams();
  const vision = useQuery(visionQuery(schoolId));
  const goals = useQuery(goalsQuery(schoolId));
  return (
    <>
      <PageTitle title="Goals">Vision and goals</PageTitle>
      <section aria-labelledby="vision-heading" className="card section">
        <h2 id="vision-heading">Our vision</h2>
        <QueryView query={vision} what="vision">
          {(v) =>
            v.vision ? (
              <>
                <p>{v.vision}</p>
                <dl>
                  {ACTIONS.filter(([key]) => v.actions[key]).map(([key, label]) => (
                    <div key={key}>
                      <dt>{label}</dt>
                      <dd>{v.actions[key]}</dd>
                    </div>
                  ))}
                </dl>
              </>
            ) : (
              <p className="meta">No vision has been written yet.</p>
            )
          }
        </QueryView>
      </section>
      <section aria-labelledby="goals-heading" className="section">
        <h2 id="goals-heading">Goals</h2>
        <QueryView query={goals} what="goals">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No goals yet">School leaders set the school's goals.</EmptyState>
            ) : (
              <ul className="card-list">
                {list.map((g) => (
                  <li key={g.id} className="card">
                    <h3>
                      <Link to="/schools/$schoolId/goals/$goalId" params={{ schoolId, goalId: g.id }}>
                        {g.title}
                      </Link>
                    </h3>
                    <p>{measureText(g)}</p>
                    <p className="meta">
                      Latest:{' '}
                      {g.latest === null
                        ? 'no assessments yet'
                        : g.latest.suppressed
                          ? `${g.latest.date}, too few students to show`
                          : `${pct(g.latest.percentAtOrAbove)} on ${g.latest.date}`}{' '}
                      · target {pct(g.targetPercent)} by {g.targetDate}
                    </p>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>
    </>
  );
}
