import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useCurrentSchool } from '../../lib/school';
import { PageTitle, QueryView } from '../../lib/ui';
import { canEditGoals, goalQuery, measureText, pct } from './api';
import { GoalEditor } from './GoalEditor';
import { ProgressChart } from './ProgressChart';
import '../insights/insights.css';

const route = getRouteApi('/_app/schools/$schoolId/goals/$goalId');

/** One goal: what it asks, its progress over time against the target, and the linked look-fors' visits beside it. */
export function GoalPage() {
  const { schoolId, goalId } = route.useParams();
  const query = useQuery(goalQuery(schoolId, goalId));
  const editor = canEditGoals(useCurrentSchool());
  return (
    <QueryView query={query} what="goal" pageTitle="Goal">
      {(goal) => (
        <>
          <p className="breadcrumb">
            <Link to="/schools/$schoolId/goals" params={{ schoolId }}>
              Goals
            </Link>
          </p>
          <PageTitle title={goal.title} lead={goal.description || undefined}>
            {goal.title}
          </PageTitle>
          <p>{measureText(goal)}</p>
          <p className="meta">
            Baseline {pct(goal.baselinePercent)} · target {pct(goal.targetPercent)} by {goal.targetDate}
          </p>
          {editor ? <GoalEditor schoolId={schoolId} goal={goal} /> : null}
          <ProgressChart goal={goal} />
          <section aria-labelledby="lookfor-heading" className="section">
            <h2 id="lookfor-heading">Linked look-fors</h2>
            {goal.lookForVisits.length === 0 ? (
              <p className="meta">No look-fors are linked to this goal.</p>
            ) : (
              <div className="scroll-table" tabIndex={0} role="region" aria-labelledby="lookfor-caption">
                <table className="insight-table">
                  <caption id="lookfor-caption">
                    Visits with each linked look-for <span className="caption-note">(weeks from {goal.weeks[0] ?? '—'})</span>
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Look-for</th>
                      <th scope="col" className="num-head">
                        Visits
                      </th>
                      <th scope="col" className="num-head">
                        This week
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {goal.lookForVisits.map((l) => (
                      <tr key={l.id}>
                        <th scope="row">{l.name}</th>
                        <td className="num">{l.perWeek.reduce((a, b) => a + b, 0)}</td>
                        <td className="num">{l.perWeek[l.perWeek.length - 1] ?? 0}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </QueryView>
  );
}
