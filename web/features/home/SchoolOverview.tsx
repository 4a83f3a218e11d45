import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { roleList, teachesAt, useMe, type MySchool } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { NewVisitLink } from '../../capture/NewVisitLink';
import { schoolQuery } from '../people/api';
import { visitsAt } from '../visits/roles';
import { TodayCard } from '../visits/TodayCard';
import { FollowUpCard } from '../conversations/FollowUpCard';

/** A school leader's home: the school's counts and where to go next. */
export function SchoolOverview({ school }: { school: MySchool }) {
  const me = useMe();
  const query = useQuery(schoolQuery(school.id));
  const params = { schoolId: school.id };
  return (
    <>
      <PageTitle title={school.name} lead={`${roleList(school.roles)} · ${me.district.name}`}>
        {school.name}
      </PageTitle>
      <NewVisitLink school={school} />
      {visitsAt(school) ? <TodayCard school={school} /> : null}
      {visitsAt(school) ? <FollowUpCard school={school} /> : null}
      <QueryView query={query} what="school overview">
        {(summary) => (
          <>
            <section aria-labelledby="counts-heading">
              <h2 id="counts-heading" className="visually-hidden">
                At a glance
              </h2>
              <ul className="stat-grid">
                <li className="stat">
                  <Link to="/schools/$schoolId/staff" params={params} search={{ role: 'teacher' }}>
                    <span className="stat-number">{summary.counts.teachers.toLocaleString()}</span>
                    <span className="stat-label">{summary.counts.teachers === 1 ? 'Teacher' : 'Teachers'}</span>
                  </Link>
                </li>
                <li className="stat">
                  <Link to="/schools/$schoolId/classes" params={params}>
                    <span className="stat-number">{summary.counts.classes.toLocaleString()}</span>
                    <span className="stat-label">{summary.counts.classes === 1 ? 'Class' : 'Classes'}</span>
                  </Link>
                </li>
                <li className="stat">
                  <Link to="/schools/$schoolId/staff" params={params}>
                    <span className="stat-number">{summary.counts.staff.toLocaleString()}</span>
                    <span className="stat-label">Staff</span>
                  </Link>
                </li>
                <li className="stat">
                  <div>
                    <span className="stat-number">{summary.counts.students.toLocaleString()}</span>
                    <span className="stat-label">{summary.counts.students === 1 ? 'Student' : 'Students'}</span>
                  </div>
                </li>
              </ul>
              <p className="meta">
                {summary.gradeBand ? `Grades ${summary.gradeBand} · ` : ''}
                Time zone {summary.timezone.replace(/_/g, ' ')}
              </p>
            </section>
            {summary.counts.classes === 0 && summary.counts.teachers === 0 ? (
              <EmptyState title="No teachers or classes yet">
                <p>
                  Teachers, classes and students arrive with your district’s OneRoster import. Ask your district administrator to
                  import this school’s roster; then you can find every teacher’s schedule here.
                </p>
              </EmptyState>
            ) : (
              <section aria-labelledby="next-heading" className="section">
                <h2 id="next-heading">Where to next</h2>
                <ul className="link-list">
                  <li>
                    <Link to="/schools/$schoolId/staff" params={params} search={{ role: 'teacher' }}>
                      Teachers and their weekly schedules
                    </Link>
                    <span className="meta"> · {plural(summary.counts.teachers, 'teacher')}</span>
                  </li>
                  <li>
                    <Link to="/schools/$schoolId/classes" params={params}>
                      Classes and their rosters
                    </Link>
                    <span className="meta"> · {plural(summary.counts.classes, 'class', 'classes')}</span>
                  </li>
                  <li>
                    <Link to="/schools/$schoolId/staff" params={params}>
                      Everyone on staff
                    </Link>
                    <span className="meta"> · {plural(summary.counts.staff, 'person', 'people')}</span>
                  </li>
                  {teachesAt(school) ? (
                    <li>
                      <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId: school.id, teacherId: me.user.id }}>
                        My own teaching schedule
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </section>
            )}
          </>
        )}
      </QueryView>
    </>
  );
}
