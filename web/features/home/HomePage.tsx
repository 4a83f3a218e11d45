import { getRouteApi } from '@tanstack/react-router';
import { useCurrentSchool } from '../../lib/school';
import { isDistrictAdmin, isDistrictUser, leadsSchool, useMe, type MySchool } from '../../lib/session';
import { EmptyState, ErrorBox, PageTitle } from '../../lib/ui';
import { DistrictHome } from './DistrictHome';
import { SchoolOverview } from './SchoolOverview';
import { TeacherHome } from './TeacherHome';

/** `/`: the district's schools for district roles, otherwise the home of the current school. */
export function HomePage() {
  const me = useMe();
  const school = useCurrentSchool();
  if (isDistrictUser(me)) return <DistrictHome />;
  if (!school) return <NoSchool admin={isDistrictAdmin(me)} />;
  return <SchoolHome school={school} />;
}

const schoolRoute = getRouteApi('/_app/schools/$schoolId');

/** `/schools/{id}`: the home of one school. */
export function SchoolHomePage() {
  const { schoolId } = schoolRoute.useParams();
  const me = useMe();
  const school = me.schools.find((s) => s.id === schoolId);
  if (!school) {
    return (
      <>
        <PageTitle title="School not found">School not found</PageTitle>
        <ErrorBox error={new Error('You do not work in this school, or it does not exist. Pick one of your schools above.')} title="Not available" />
      </>
    );
  }
  return <SchoolHome school={school} />;
}

/** Leaders (and district roles) see the school overview; a teacher sees their own day. */
function SchoolHome({ school }: { school: MySchool }) {
  return leadsSchool(school) ? <SchoolOverview school={school} /> : <TeacherHome school={school} />;
}

function NoSchool({ admin }: { admin: boolean }) {
  const me = useMe();
  return (
    <>
      <PageTitle title="Welcome">Welcome, {me.user.name}</PageTitle>
      <EmptyState title="You are not part of a school yet">
        <p>
          {admin
            ? 'Import your OneRoster files to add schools, staff and classes.'
            : 'Schools and roles come from your district’s roster. Ask your district administrator to add you to your school; it will appear here the next time you sign in.'}
        </p>
      </EmptyState>
    </>
  );
}
