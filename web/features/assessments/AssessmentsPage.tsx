import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { EmptyState, PageTitle, QueryView, plural } from '../../lib/ui';
import { assessmentsQuery, SCALE_LABEL } from './api';
import { NewAssessmentForm } from './NewAssessmentForm';
import './assessments.css';

const route = getRouteApi('/_app/schools/$schoolId/assessments');

/** The school's assessments (a teacher: of classes they teach), newest first, and a form for a new one. */
export function AssessmentsPage() {
  const { schoolId } = route.useParams();
  const query = useQuery(assessmentsQuery(schoolId));
  return (
    <>
      <PageTitle title="Assessments" lead="Short formative assessments: enter scores by class and see them in your goals.">
        Assessments
      </PageTitle>
      <p>
        <Link to="/schools/$schoolId/assessments/analysis" params={{ schoolId }}>
          See the analysis across assessments
        </Link>
      </p>
      <NewAssessmentForm schoolId={schoolId} />
      <section className="section" aria-labelledby="assessment-list-title">
        <h2 id="assessment-list-title">Recent assessments</h2>
        <QueryView query={query} what="assessments">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No assessments yet">Create one above to enter scores.</EmptyState>
            ) : (
              <ul className="assessment-list">
                {[...list]
                  .sort((a, b) => b.givenOn.localeCompare(a.givenOn) || a.name.localeCompare(b.name))
                  .slice(0, 100)
                  .map((a) => (
                    <li key={a.id}>
                      <Link to="/schools/$schoolId/assessments/$assessmentId" params={{ schoolId, assessmentId: a.id }}>
                        {a.name}
                      </Link>
                      <p className="meta">
                        {a.givenOn} · {a.classes.map((c) => c.title).join(', ')} · {SCALE_LABEL[a.scale]} · {plural(a.resultCount, 'result')}
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
