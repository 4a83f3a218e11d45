import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMe } from '../../lib/session';
import { EmptyState, PageTitle, QueryView } from '../../lib/ui';
import { cycleQuery, myEvaluationsQuery, type CycleSummary } from './api';
import { CycleView } from './CycleView';
import { EvaluationNotice } from './EvaluationNotice';

function CurrentCycle({ summary }: { summary: CycleSummary }) {
  const cycle = useQuery(cycleQuery(summary.schoolId, summary.id));
  const me = useMe();
  const timeZone = me.schools.find((s) => s.id === summary.schoolId)?.timezone;
  return <QueryView query={cycle} what="your evaluation">{(c) => <CycleView schoolId={summary.schoolId} cycle={c} timeZone={timeZone} />}</QueryView>;
}

/** The teacher's own formal evaluation: everything in it, their response and their signature. */
export function MyEvaluationPage() {
  const mine = useQuery(myEvaluationsQuery);
  return (
    <>
      <PageTitle title="My evaluation" lead="Your formal evaluation: its steps, ratings, the visit evidence cited in it, and sign-off.">
        My evaluation
      </PageTitle>
      <QueryView query={mine} what="your evaluation cycles">
        {(list) =>
          list.length === 0 ? (
            <>
              <EvaluationNotice />
              <EmptyState title="No formal evaluation">You have no evaluation cycle. Classroom visits are not evaluations.</EmptyState>
            </>
          ) : (
            <>
              <CurrentCycle summary={list[0]!} />
              {list.length > 1 ? (
                <section className="section" aria-labelledby="earlier-cycles">
                  <h2 id="earlier-cycles">Earlier cycles</h2>
                  <ul className="plain-list">
                    {list.slice(1).map((c) => (
                      <li key={c.id}>
                        <Link to="/schools/$schoolId/evaluation/$cycleId" params={{ schoolId: c.schoolId, cycleId: c.id }}>
                          {c.schoolYear}, evaluated by {c.evaluator.name}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
            </>
          )
        }
      </QueryView>
    </>
  );
}
