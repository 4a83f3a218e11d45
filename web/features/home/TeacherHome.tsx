import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMe, type MySchool } from '../../lib/session';
import { EmptyState, PageTitle, plural, QueryView } from '../../lib/ui';
import { MyClassroomCard } from '../classroom/MyClassroomCard';
import { scheduleQuery } from '../people/api';
import { ClassCards } from '../people/ClassCards';
import { isoWeekday, slotsByDay, WEEKDAY_NAMES } from '../people/schedule';
import { DayList } from '../people/WeekSchedule';

/** A teacher's home: today's classes in order, then all their classes. */
export function TeacherHome({ school }: { school: MySchool }) {
  const me = useMe();
  const query = useQuery(scheduleQuery(school.id, me.user.id));
  const firstName = me.user.name.split(' ')[0] ?? me.user.name;
  const todayLabel = new Date().toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
  return (
    <>
      <PageTitle title="Today" lead={`${todayLabel} · ${school.name}`}>
        Hello, {firstName}
      </PageTitle>
      <MyClassroomCard />
      <QueryView query={query} what="your schedule">
        {(schedule) => {
          if (schedule.classes.length === 0) {
            return (
              <EmptyState title="No classes are assigned to you yet">
                <p>
                  Your classes come from the school roster. If you teach here and see nothing, tell your principal or district
                  administrator so they can check the roster import.
                </p>
              </EmptyState>
            );
          }
          const days = slotsByDay(schedule.classes);
          const today = isoWeekday();
          const todays = days.get(today) ?? [];
          const next = [1, 2, 3, 4, 5, 6, 7].map((i) => ((today - 1 + i) % 7) + 1).find((d) => (days.get(d)?.length ?? 0) > 0);
          return (
            <>
              <section aria-labelledby="today-heading" className="section">
                <h2 id="today-heading">Today’s schedule</h2>
                {todays.length ? (
                  <DayList schoolId={school.id} slots={todays} headingId="today-heading" />
                ) : (
                  <EmptyState title="No classes today">
                    <p>
                      {next ? `Your next classes are on ${WEEKDAY_NAMES[next]}. ` : ''}
                      <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId: school.id, teacherId: me.user.id }}>
                        See your whole week
                      </Link>
                      .
                    </p>
                  </EmptyState>
                )}
                <p>
                  <Link to="/schools/$schoolId/teachers/$teacherId" params={{ schoolId: school.id, teacherId: me.user.id }}>
                    My weekly schedule
                  </Link>
                </p>
              </section>
              <section aria-labelledby="classes-heading" className="section">
                <h2 id="classes-heading">My classes</h2>
                <p className="meta">{plural(schedule.classes.length, 'class', 'classes')}</p>
                <ClassCards schoolId={school.id} classes={schedule.classes} showTeachers={false} />
              </section>
            </>
          );
        }}
      </QueryView>
      <p className="section">
        <Link to="/schools/$schoolId/decisions" params={{ schoolId: school.id }}>
          School decisions
        </Link>
        : what the school decided from the patterns in its visits, and why.
      </p>
    </>
  );
}
