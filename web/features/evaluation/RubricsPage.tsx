import { getRouteApi } from '@tanstack/react-router';
import { useCurrentSchool } from '../../lib/school';
import { PageTitle } from '../../lib/ui';
import { EvaluationNotice } from './EvaluationNotice';
import { RubricUpload } from './RubricUpload';

const route = getRouteApi('/_app/schools/$schoolId/evaluation/rubrics');

/** The district's evaluation rubrics, for district administrators (who never see evaluation cycles themselves). */
export function RubricsPage() {
  const { schoolId } = route.useParams();
  const school = useCurrentSchool();
  const canUpload = Boolean(school?.roles.some((r) => r === 'principal' || r === 'district_admin'));
  return (
    <>
      <PageTitle title="Evaluation rubrics" lead="The rubrics your district's evaluators can choose for formal evaluation cycles.">
        Evaluation rubrics
      </PageTitle>
      <EvaluationNotice />
      <RubricUpload schoolId={schoolId} canUpload={canUpload} />
    </>
  );
}
