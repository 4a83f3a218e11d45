import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMe } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { districtCoverageQuery } from './api';
import { seesDistrictCoverage } from './roles';
import { NotForRole } from './RoleGate';

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`);

/** `/district/coverage`: visit counts per school for district leaders; numbers only, never notes or names. */
export function DistrictCoveragePage() {
  const me = useMe();
  if (!seesDistrictCoverage(me)) {
    return (
      <NotForRole
        title="District coverage"
        who="District coverage is for district leaders and administrators. School leaders see their own school’s coverage."
      />
    );
  }
  return <DistrictCoverageView />;
}

function DistrictCoverageView() {
  const me = useMe();
  const query = useQuery(districtCoverageQuery);
  return (
    <>
      <PageTitle title="District coverage" lead={me.district.name}>
        District coverage
      </PageTitle>
      <p className="hint">Counts only: what a visit recorded stays with the school and the teacher.</p>
      <QueryView query={query} what="district coverage">
        {(data) =>
          data.schools.length === 0 ? (
            <EmptyState title="No schools yet">
              <p>Schools appear once the district’s roster has been imported.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Classroom visits per school</caption>
                <thead>
                  <tr>
                    <th scope="col">School</th>
                    <th scope="col" className="num">Teachers</th>
                    <th scope="col" className="num">
                      Visited in {plural(data.unvisitedDays, 'day')}
                    </th>
                    <th scope="col" className="num">Visits this term</th>
                    <th scope="col" className="num">Visits, last 7 days</th>
                  </tr>
                </thead>
                <tbody>
                  {data.schools.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to="/schools/$schoolId" params={{ schoolId: s.id }}>
                          {s.name}
                        </Link>
                      </th>
                      <td className="num">{s.teachers}</td>
                      <td className="num">
                        {s.teachersVisitedRecently} ({percent(s.teachersVisitedRecently, s.teachers)})
                      </td>
                      <td className="num">{s.visitsThisTerm.toLocaleString()}</td>
                      <td className="num">{s.visitsLast7Days.toLocaleString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </>
  );
}
