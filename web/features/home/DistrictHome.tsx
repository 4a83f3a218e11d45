import { useQueries } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { isDistrictAdmin, roleList, useMe } from '../../lib/session';
import { EmptyState, ErrorBox, Loading, PageTitle, plural } from '../../lib/ui';
import { schoolQuery } from '../people/api';

/** District leaders and administrators: every school of the district with its counts. */
export function DistrictHome() {
  const me = useMe();
  const admin = isDistrictAdmin(me);
  const summaries = useQueries({ queries: me.schools.map((s) => schoolQuery(s.id)) });
  return (
    <>
      <PageTitle title={me.district.name} lead={roleList(me.district.roles)}>
        {me.district.name}
      </PageTitle>
      {admin ? (
        <section aria-labelledby="admin-heading" className="callout">
          <h2 id="admin-heading">Rosters</h2>
          <p>Bring schools, staff, classes and students in from your student information system’s OneRoster export.</p>
          <p>
            <Link to="/rosters" className="button button-secondary">
              Import rosters
            </Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="schools-heading" className="section">
        <h2 id="schools-heading">Schools</h2>
        {me.schools.length === 0 ? (
          <EmptyState title="No schools yet">
            <p>
              {admin ? (
                <>
                  Schools are created by the roster import. <Link to="/rosters">Import your OneRoster files</Link> to add them.
                </>
              ) : (
                'Schools appear once your district administrator imports the district’s roster.'
              )}
            </p>
          </EmptyState>
        ) : (
          <ul className="card-list">
            {me.schools.map((school, i) => {
              const query = summaries[i]!;
              const params = { schoolId: school.id };
              return (
                <li key={school.id} className="card">
                  <h3 className="card-title">
                    <Link to="/schools/$schoolId" params={params}>
                      {school.name}
                    </Link>
                  </h3>
                  {query.isPending ? (
                    <Loading what="counts" />
                  ) : query.isError ? (
                    <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
                  ) : (
                    <>
                      <p className="meta">
                        {[query.data.gradeBand ? `Grades ${query.data.gradeBand}` : null, plural(query.data.counts.students, 'student')]
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                      <p className="inline-links">
                        <Link to="/schools/$schoolId/staff" params={params} search={{ role: 'teacher' }}>
                          {plural(query.data.counts.teachers, 'teacher')}
                        </Link>
                        <Link to="/schools/$schoolId/classes" params={params}>
                          {plural(query.data.counts.classes, 'class', 'classes')}
                        </Link>
                        <Link to="/schools/$schoolId/staff" params={params}>
                          {plural(query.data.counts.staff, 'staff member')}
                        </Link>
                      </p>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
