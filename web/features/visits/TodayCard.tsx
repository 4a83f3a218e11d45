import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { MySchool } from '../../lib/session';
import { ErrorBox, Loading, plural } from '../../lib/ui';
import { habitQuery } from '../habit/api';
import { formatTime } from '../people/schedule';
import { coverageQuery, planQuery } from './api';
import { GoalProgress } from './GoalProgress';
import { SuggestionList } from './SuggestionList';
import './visits.css';

/** The leader's day on the home page: the goal, the streak, who to visit now, and who needs a visit. */
export function TodayCard({ school }: { school: MySchool }) {
  const plan = useQuery(planQuery(school.id));
  const habit = useQuery(habitQuery(school.id));
  const coverage = useQuery(coverageQuery(school.id));
  const params = { schoolId: school.id };
  const flagged = coverage.data?.teachers.filter((t) => t.flagged).length;
  const nextStart = plan.data?.later.map((s) => s.start).sort()[0];

  return (
    <section aria-labelledby="today-card-heading" className="card section today-card">
      <h2 id="today-card-heading">Today</h2>
      {plan.isPending ? (
        <Loading what="today’s plan" />
      ) : plan.isError ? (
        <ErrorBox error={plan.error} onRetry={() => void plan.refetch()} />
      ) : (
        <GoalProgress done={plan.data.goal.doneToday} goal={plan.data.goal.daily} />
      )}
      <ul className="today-facts">
        <li>
          {habit.isPending ? (
            'Streak: loading…'
          ) : habit.isError ? (
            'Streak: could not be loaded.'
          ) : (
            <Link to="/habit">
              Streak: {plural(habit.data.streak.current, 'school day')}
              {habit.data.challenge?.status === 'active' ? ` · challenge day ${habit.data.challenge.day} of 21` : ''}
            </Link>
          )}
        </li>
        <li>
          {coverage.isPending ? (
            'Needs a visit: loading…'
          ) : coverage.isError ? (
            'Needs a visit: could not be loaded.'
          ) : (
            <Link to="/schools/$schoolId/coverage" params={params} hash="needs-a-visit">
              {flagged === 0
                ? `Every teacher visited in the last ${plural(coverage.data.unvisitedDays, 'day')}`
                : `${plural(flagged ?? 0, 'teacher')} ${flagged === 1 ? 'needs' : 'need'} a visit (none in ${plural(coverage.data.unvisitedDays, 'day')})`}
            </Link>
          )}
        </li>
      </ul>
      {plan.isSuccess ? (
        <>
          <h3 className="today-sub">Visit now</h3>
          {plan.data.now.length ? (
            <SuggestionList items={plan.data.now.slice(0, 3)} timeZone={school.timezone} label="Suggested visits now" level={4} />
          ) : (
            <p className="empty">
              {nextStart
                ? `Nobody is teaching right now — lunch or planning time. Next classes start at ${formatTime(nextStart)}.`
                : 'No more classes today.'}
            </p>
          )}
          <p>
            <Link to="/schools/$schoolId/planner" params={params}>
              {plan.data.now.length > 3 || plan.data.later.length ? 'See everyone to visit today' : 'Open the planner'}
            </Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
