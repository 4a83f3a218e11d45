import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage, plural } from '../../lib/ui';
import { formatDay, weekdayOf } from '../visits/format';
import { GoalProgress } from '../visits/GoalProgress';
import type { Habit } from './api';

/** The streak, today against the goal, the last two weeks of school days, and the goal itself. */
export function StreakCard({ habit }: { habit: Habit }) {
  return (
    <section aria-labelledby="streak-heading" className="card section" id="streak">
      <h2 id="streak-heading">Your streak</h2>
      <div className="streak">
        <p className="streak-current">
          <span className="stat-number">{habit.streak.current}</span>
          <span className="stat-label">{habit.streak.current === 1 ? 'school day' : 'school days'} in a row with the goal met</span>
        </p>
        <p className="meta">Best: {plural(habit.streak.best, 'school day')}</p>
      </div>
      <GoalProgress done={habit.today.visits} goal={habit.goal} />
      <h3 id="strip-heading">Last two weeks</h3>
      <ol className="day-strip" aria-labelledby="strip-heading">
        {habit.recent.map((d, i) => {
          const isToday = d.date === habit.today.date;
          // The strip is a Monday-to-Friday calendar: the first day sits under its own weekday.
          const column = i === 0 && weekdayOf(d.date) <= 5 ? { gridColumnStart: weekdayOf(d.date) } : undefined;
          return (
            <li key={d.date} className={`day-cell${d.met ? ' day-met' : ''}${isToday ? ' day-is-today' : ''}`} style={column}>
              <span className="day-name" aria-hidden="true">
                {formatDay(d.date, { weekday: 'narrow' })}
              </span>
              <span className="day-date" aria-hidden="true">
                {formatDay(d.date, { day: 'numeric' })}
              </span>
              <span className="day-count" aria-hidden="true">
                {d.met ? `✓${d.visits}` : d.visits}
              </span>
              <span className="visually-hidden">
                {isToday ? 'Today, ' : ''}
                {formatDay(d.date, { weekday: 'long', month: 'long', day: 'numeric' })}: {plural(d.visits, 'visit')}
                {d.met ? ', goal met' : ''}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="hint">Each day shows its visits; a tick marks a day the goal was met. Weekends do not break a streak.</p>
      <GoalForm goal={habit.goal} />
    </section>
  );
}

/** The daily visit goal, 1 to 20. */
function GoalForm({ goal }: { goal: number }) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(goal));
  const [error, setError] = useState<string>();
  useEffect(() => setValue(String(goal)), [goal]);
  const save = useMutation({
    mutationFn: (daily: number) => api<{ daily: number }>('/api/me/visit-goal', { method: 'PUT', json: { daily } }),
    onSuccess: async () => {
      await Promise.all(['habit', 'planner', 'visit-goal'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 20) {
      setError('Use a whole number from 1 to 20');
      return;
    }
    setError(undefined);
    save.mutate(n);
  };
  const serverError = save.error instanceof ApiError ? save.error.fieldMessage('daily') : undefined;
  return (
    <form onSubmit={onSubmit} className="inline-form" noValidate>
      <Field
        label="Daily goal (visits a day)"
        type="number"
        inputMode="numeric"
        min={1}
        max={20}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          save.reset();
        }}
        error={error ?? serverError}
      />
      <button type="submit" className="button button-secondary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save goal'}
      </button>
      <FormMessage
        error={save.isError && !serverError ? errorMessage(save.error) : undefined}
        success={save.isSuccess ? `Your goal is now ${plural(save.variables, 'visit')} a day.` : undefined}
      />
    </form>
  );
}
