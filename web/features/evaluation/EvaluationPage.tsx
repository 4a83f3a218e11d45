import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useCurrentSchool } from '../../lib/school';
import { PageTitle, QueryView } from '../../lib/ui';
import { cyclesQuery } from './api';
import { CycleList } from './CycleList';
import { todayIn } from './CycleView';
import { EvaluationNotice } from './EvaluationNotice';
import { NewCycleForm } from './NewCycleForm';
import { RubricUpload } from './RubricUpload';

const route = getRouteApi('/_app/schools/$schoolId/evaluation');

/** The evaluator's page: their cycles with overdue steps flagged, a new cycle, and the rubrics. */
export function EvaluationPage() {
  const { schoolId } = route.useParams();
  const school = useCurrentSchool();
  const cycles = useQuery(cyclesQuery(schoolId));
  const isPrincipal = Boolean(school?.roles.includes('principal'));
  return (
    <>
      <PageTitle title="Formal evaluation" lead={isPrincipal ? 'Every evaluation cycle of the school.' : 'The evaluation cycles you lead.'}>
        Formal evaluation
      </PageTitle>
      <EvaluationNotice />
      <section className="section" aria-label="Evaluation cycles">
        <QueryView query={cycles} what="evaluation cycles">
          {(list) => <CycleList schoolId={schoolId} cycles={list} />}
        </QueryView>
      </section>
      <NewCycleForm schoolId={schoolId} today={todayIn(school?.timezone)} isPrincipal={isPrincipal} />
      <RubricUpload schoolId={schoolId} canUpload={isPrincipal} />
    </>
  );
}
