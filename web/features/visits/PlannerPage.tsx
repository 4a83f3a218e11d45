import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { EmptyState, Field, PageTitle, QueryView } from '../../lib/ui';
import { formatTime } from '../people/schedule';
import { planQuery, type Plan } from './api';
import { formatDay, nextSchoolDay, splitIso, todayIn, zonedIso } from './format';
import { GoalProgress } from './GoalProgress';
import { visitsAt } from './roles';
import { SchoolGate } from './RoleGate';
import { SuggestionList } from './SuggestionList';

const route = getRouteApi('/_app/schools/$schoolId/planner');
const TITLE = 'Who should I visit next?';

/** `/schools/{id}/planner`: the teachers to visit now and later today, ranked for fairness, each with why. */
export function PlannerPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate
      schoolId={schoolId}
      title={TITLE}
      allow={visitsAt}
      who="The planner is for principals, assistant principals and instructional coaches, who visit classrooms."
    >
      {(school) => <Planner schoolId={school.id} schoolName={school.name} timeZone={school.timezone} />}
    </SchoolGate>
  );
}

function Planner({ schoolId, schoolName, timeZone }: { schoolId: string; schoolName: string; timeZone: string }) {
  const { at } = route.useSearch();
  const query = useQuery(planQuery(schoolId, at));
  return (
    <>
      <PageTitle title="Planner" lead={schoolName}>
        {TITLE}
      </PageTitle>
      <QueryView query={query} what="suggestions">
        {(plan) => <PlanView plan={plan} schoolId={schoolId} timeZone={timeZone} lookingAhead={Boolean(at)} />}
      </QueryView>
      <PlanAnotherTime schoolId={schoolId} timeZone={timeZone} at={at} />
    </>
  );
}

function PlanView({ plan, schoolId, timeZone, lookingAhead }: { plan: Plan; schoolId: string; timeZone: string; lookingAhead: boolean }) {
  const when = `${formatDay(plan.date, { weekday: 'long', month: 'long', day: 'numeric' })}, ${formatTime(plan.time)}`;
  const nextStart = plan.later.map((s) => s.start).sort()[0];
  const tomorrow = zonedIso(nextSchoolDay(plan.date), '09:00', timeZone);
  return (
    <>
      {lookingAhead ? (
        <p className="callout">
          Planning for <strong>{when}</strong>.{' '}
          <Link to="/schools/$schoolId/planner" params={{ schoolId }} search={{}}>
            Back to now
          </Link>
        </p>
      ) : (
        <p className="meta">As of {when}</p>
      )}
      <GoalProgress done={plan.goal.doneToday} goal={plan.goal.daily} label={lookingAhead ? 'that day so far' : 'today'} />

      <section aria-labelledby="now-heading" className="section">
        <h2 id="now-heading">Teaching now</h2>
        {plan.now.length ? (
          <SuggestionList items={plan.now} timeZone={timeZone} label="Teaching now" initial={5} />
        ) : nextStart ? (
          <EmptyState title="Nobody is teaching right now">
            <p>
              Lunch or planning time{plan.goal.doneToday > 0 ? ', or everyone teaching has been visited today' : ''}. Next classes
              start at {formatTime(nextStart)}.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No more classes today">
            <p>
              The teaching day is over.{' '}
              <Link to="/schools/$schoolId/planner" params={{ schoolId }} search={{ at: tomorrow }}>
                Plan the next school day
              </Link>
              .
            </p>
          </EmptyState>
        )}
      </section>

      <section aria-labelledby="later-heading" className="section">
        <h2 id="later-heading">Later today</h2>
        {plan.later.length ? (
          <SuggestionList items={plan.later} timeZone={timeZone} label="Later today" initial={5} />
        ) : (
          <EmptyState title="Nothing later today">
            <p>{plan.now.length ? 'These are the last classes of the day.' : 'No classes meet for the rest of the day.'}</p>
          </EmptyState>
        )}
      </section>
    </>
  );
}

/** Look ahead: the suggestions for another date and time. */
function PlanAnotherTime({ schoolId, timeZone, at }: { schoolId: string; timeZone: string; at?: string }) {
  const navigate = route.useNavigate();
  const initial = at ? splitIso(at) : { date: todayIn(timeZone), time: '09:00' };
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [error, setError] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) {
      setError('Choose a date and a time');
      return;
    }
    setError(undefined);
    void navigate({ to: '/schools/$schoolId/planner', params: { schoolId }, search: { at: zonedIso(date, time, timeZone) } });
  };
  return (
    <details className="card section look-ahead" open={Boolean(at)}>
      <summary>Plan for another time</summary>
      <form onSubmit={onSubmit} className="filters" noValidate>
        <Field label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={error} />
        <Field label="Time" hint={`School time (${timeZone.replace(/_/g, ' ')})`} type="time" value={time} onChange={(e) => setTime(e.target.value)} />
        <div className="field">
          <button type="submit" className="button button-secondary">
            Show suggestions
          </button>
        </div>
      </form>
    </details>
  );
}
