import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { leadsSchool, useMe } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { classQuery } from './api';
import { gradeLabel, meetingLines } from './schedule';

const route = getRouteApi('/_app/schools/$schoolId/classes/$classId');

/** One class: who teaches it, when and where it meets, and its student roster. */
export function ClassPage() {
  const { schoolId, classId } = route.useParams();
  const me = useMe();
  const school = me.schools.find((s) => s.id === schoolId);
  const leader = school ? leadsSchool(school) : false;
  const query = useQuery(classQuery(schoolId, classId));

  return (
    <QueryView query={query} what="class" pageTitle="Class">
      {(cls) => (
        <>
          <nav aria-label="Breadcrumb" className="breadcrumb">
            <Link to="/schools/$schoolId/classes" params={{ schoolId }}>
              {leader ? 'Classes' : 'My classes'}
            </Link>
          </nav>
          <PageTitle title={cls.title} lead={[cls.courseTitle, cls.subjects.join(', ')].filter(Boolean).join(' · ')}>
            {cls.title}
          </PageTitle>
          <dl className="facts">
            <div>
              <dt>{cls.teachers.length === 1 ? 'Teacher' : 'Teachers'}</dt>
              <dd>
                {cls.teachers.length === 0
                  ? 'None in the roster'
                  : cls.teachers.map((t, i) => (
                      <span key={t.id}>
                        {i > 0 ? ', ' : ''}
                        {leader || t.id === me.user.id ? (
                          <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId, teacherId: t.id }}>
                            {t.name}
                          </Link>
                        ) : (
                          t.name
                        )}
                      </span>
                    ))}
              </dd>
            </div>
            <div>
              <dt>Grades</dt>
              <dd>{cls.grades.length ? cls.grades.map(gradeLabel).join(', ') : '—'}</dd>
            </div>
            <div>
              <dt>Room</dt>
              <dd>{cls.room ?? '—'}</dd>
            </div>
            <div>
              <dt>Students</dt>
              <dd>{cls.studentCount}</dd>
            </div>
          </dl>
          <section aria-labelledby="meets-heading" className="section">
            <h2 id="meets-heading">When it meets</h2>
            {cls.meetings.length ? (
              <ul className="meeting-lines">
                {meetingLines(cls.meetings).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : (
              <p className="meta">The roster has no meeting times for this class.</p>
            )}
          </section>
          <section aria-labelledby="roster-heading" className="section">
            <h2 id="roster-heading">Roster</h2>
            {cls.studentsHidden ? (
              <EmptyState title="Student names are not shown to district leaders">
                <p>District leaders see counts and patterns; the class roster stays with the school and the district administrator.</p>
              </EmptyState>
            ) : cls.students.length === 0 ? (
              <EmptyState title="No students enrolled">
                <p>Enrollments come from the roster import; they appear here once the class has students.</p>
              </EmptyState>
            ) : (
              <table className="table">
                <caption className="visually-hidden">
                  Students in {cls.title}: {plural(cls.students.length, 'student')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Name</th>
                    <th scope="col">Grade</th>
                  </tr>
                </thead>
                <tbody>
                  {cls.students.map((s, i) => (
                    <tr key={s.id}>
                      <td className="num">{i + 1}</td>
                      <th scope="row">{s.name}</th>
                      <td>{s.grades.map(gradeLabel).join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </QueryView>
  );
}
