import { Link } from '@tanstack/react-router';
import type { ClassSummary } from './api';
import { daysToShow, formatRange, isNow, isoWeekday, periodLabel, slotsByDay, WEEKDAY_NAMES, WEEKDAY_SHORT, type Slot } from './schedule';

/** One day's meetings in time order, each linking to its class. */
export function DayList({ schoolId, slots, headingId }: { schoolId: string; slots: Slot[]; headingId?: string }) {
  return (
    <ol className="day-list" aria-labelledby={headingId}>
      {slots.map(({ meeting, cls }) => {
        const now = isNow(meeting);
        return (
          <li key={`${cls.id}-${meeting.weekday}-${meeting.start}`} className={now ? 'slot slot-now' : 'slot'}>
            <span className="slot-time">
              {formatRange(meeting)}
              {now ? <span className="badge">Now</span> : null}
            </span>
            <Link to="/schools/$schoolId/classes/$classId" params={{ schoolId, classId: cls.id }} className="slot-title">
              {cls.title}
            </Link>
            <span className="slot-meta">
              {[meeting.period ? periodLabel(meeting.period) : null, meeting.room ?? cls.room].filter(Boolean).join(' · ')}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** A teacher's week: one column per day on wide screens, one day after another on a phone. */
export function WeekSchedule({ schoolId, classes }: { schoolId: string; classes: readonly ClassSummary[] }) {
  const days = slotsByDay(classes);
  const today = isoWeekday();
  const shown = daysToShow(days);
  return (
    <>
      <nav aria-label="Jump to a day" className="day-jump">
        <ul>
          {shown.map((day) => (
            <li key={day}>
              <a href={`#day-${day}-section`} data-today={day === today ? '' : undefined} aria-label={WEEKDAY_NAMES[day]}>
                {WEEKDAY_SHORT[day]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="week">
      {shown.map((day) => {
        const slots = days.get(day) ?? [];
        const headingId = `day-${day}`;
        return (
          <section key={day} id={`${headingId}-section`} className={day === today ? 'day day-today' : 'day'} aria-labelledby={headingId}>
            <h3 id={headingId} className="day-heading">
              {WEEKDAY_NAMES[day]}
              {day === today ? <span className="badge">Today</span> : null}
            </h3>
            {slots.length ? <DayList schoolId={schoolId} slots={slots} headingId={headingId} /> : <p className="meta">No classes</p>}
          </section>
        );
      })}
      </div>
    </>
  );
}
