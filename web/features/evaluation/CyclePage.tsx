import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useCurrentSchool } from '../../lib/school';
import { useMe } from '../../lib/session';
import { PageTitle, QueryView } from '../../lib/ui';
import { cycleQuery } from './api';
import { CycleView } from './CycleView';

const route = getRouteApi('/_app/schools/$schoolId/evaluation/$cycleId');

/** One evaluation cycle, for its evaluator, its teacher and the principal. */
export function CyclePage() {
  const { schoolId, cycleId } = route.useParams();
  const cycle = useQuery(cycleQuery(schoolId, cycleId));
  const school = useCurrentSchool();
  const me = useMe();
  return (
    <QueryView query={cycle} what="evaluation cycle" pageTitle="Formal evaluation">
      {(c) => (
        <>
          <p className="breadcrumb">
            {c.teacher.id === me.user.id ? (
              <Link to="/my-evaluation">My evaluation</Link>
            ) : (
              <Link to="/schools/$schoolId/evaluation" params={{ schoolId }}>
                Formal evaluation
              </Link>
            )}
          </p>
          <PageTitle title={`Formal evaluation: ${c.teacher.name}`}>Formal evaluation: {c.teacher.name}, {c.schoolYear}</PageTitle>
          <CycleView schoolId={schoolId} cycle={c} timeZone={school?.timezone} />
        </>
      )}
    </QueryView>
  );
}
