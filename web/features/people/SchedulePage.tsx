import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { leadsSchool, useMe } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { scheduleQuery } from './api';
import { ClassCards } from './ClassCards';
import { WeekSchedule } from './WeekSchedule';

const route = getRouteApi('/_app/schools/$schoolId/teachers/$teacherId');

/** A teacher's weekly schedule and their classes. */
export function SchedulePage() {
  const { schoolId, teacherId } = route.useParams();
  const me = useMe();
  const school = me.schools.find((s) => s.id === schoolId);
  const leader = school ? leadsSchool(school) : false;
  const own = teacherId === me.user.id;
  const query = useQuery(scheduleQuery(schoolId, teacherId));

  return (
    <QueryView query={query} what="schedule" pageTitle="Schedule">
      {(schedule) => (
        <>
          {leader ? (
            <nav aria-label="Breadcrumb" className="breadcrumb">
              <Link to="/schools/$schoolId/staff" params={{ schoolId }} search={{ role: 'teacher' }}>
                Staff
              </Link>
            </nav>
          ) : null}
          <PageTitle
            title={own ? 'My week' : `${schedule.teacher.name}’s week`}
            lead={[school?.name, schedule.teacher.email, plural(schedule.classes.length, 'class', 'classes')].filter(Boolean).join(' · ')}
          >
            {own ? 'My week' : schedule.teacher.name}
          </PageTitle>
          {schedule.classes.length === 0 ? (
            <EmptyState title="No classes in the roster">
              <p>
                {own ? 'You have' : `${schedule.teacher.name} has`} no classes in this school’s roster. Classes and meeting times come from the
                district’s OneRoster import.
              </p>
            </EmptyState>
          ) : (
            <>
              <section aria-labelledby="week-heading" className="section">
                <h2 id="week-heading">Weekly schedule</h2>
                <WeekSchedule schoolId={schoolId} classes={schedule.classes} />
              </section>
              <section aria-labelledby="classes-heading" className="section">
                <h2 id="classes-heading">Classes</h2>
                <ClassCards schoolId={schoolId} classes={schedule.classes} showTeachers={false} />
              </section>
            </>
          )}
        </>
      )}
    </QueryView>
  );
}
