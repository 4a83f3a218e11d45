import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import { api, errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { habitQuery, type Habit } from './api';
import { InstantCheck } from './InstantCheck';

type Challenge = NonNullable<Habit['challenge']>;
type Step = Challenge['steps'][number];

const THEME: Record<Step['theme'], string> = { visits: 'Visits', conversations: 'Conversations', time: 'Time', insights: 'Insights' };

/** The 21-day challenge: start it, see today's step first, tick steps off, or stop. */
export function ChallengeCard({ schoolId, habit }: { schoolId: string; habit: Habit }) {
  const queryClient = useQueryClient();
  const key = habitQuery(schoolId).queryKey;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['habit'] });
  const heading = useRef<HTMLHeadingElement>(null);

  const start = useMutation({
    mutationFn: () => api<Habit>('/api/habit/challenge', { json: { schoolId } }),
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      requestAnimationFrame(() => heading.current?.focus());
    },
    onError: () => void refresh(),
  });
  const stop = useMutation({
    mutationFn: () => api<void>('/api/habit/challenge', { method: 'DELETE' }),
    onSuccess: async () => {
      await refresh();
      requestAnimationFrame(() => heading.current?.focus());
    },
  });
  const mark = useMutation({
    mutationFn: ({ day, done }: { day: number; done: boolean }) => api<void>(`/api/habit/challenge/steps/${day}`, { method: 'PUT', json: { done } }),
    // The box ticks at once; a failure puts it back and says so.
    onMutate: async ({ day, done }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData(key);
      queryClient.setQueryData(key, (h) =>
        h?.challenge ? { ...h, challenge: { ...h.challenge, doneDays: done ? [...h.challenge.doneDays, day] : h.challenge.doneDays.filter((d) => d !== day) } } : h,
      );
      return { before };
    },
    onError: (_e, _v, context) => queryClient.setQueryData(key, context?.before),
    onSettled: () => void refresh(),
  });
  const [confirming, setConfirming] = useState(false);
  const error = [start, stop, mark].find((m) => m.isError)?.error;
  const challenge = habit.challenge?.status === 'active' ? habit.challenge : null;

  return (
    <section aria-labelledby="challenge-heading" className="card section" id="challenge">
      <h2 id="challenge-heading" ref={heading} tabIndex={-1}>
        21-day challenge
      </h2>
      <FormMessage error={error ? errorMessage(error) : undefined} />
      {!challenge ? (
        <>
          {habit.challenge?.status === 'completed' ? (
            <p className="notice notice-success">You completed all 21 steps. Well done — the habit is yours. Start again any time.</p>
          ) : (
            <p>Twenty-one school days, one small action a day: more visits, better conversations, protected time and shared insight.</p>
          )}
          <button type="button" className="button button-primary" onClick={() => start.mutate()} disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start the 21-day challenge'}
          </button>
        </>
      ) : (
        <ChallengeSteps
          challenge={challenge}
          onMark={(day, done) => mark.mutate({ day, done })}
          stopControls={
            confirming ? (
              <div className="confirm" role="group" aria-label="Stop the challenge?">
                <p>Stop the challenge? The steps you ticked stay on record, and you can start a new one later.</p>
                <div className="button-row">
                  <button type="button" className="button button-primary" onClick={() => stop.mutate()} disabled={stop.isPending}>
                    {stop.isPending ? 'Stopping…' : 'Yes, stop it'}
                  </button>
                  <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
                    Keep going
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
                Stop the challenge
              </button>
            )
          }
        />
      )}
    </section>
  );
}

function StepCheck({ step, done, onMark, label }: { step: Step; done: boolean; onMark: (day: number, done: boolean) => void; label: string }) {
  return (
    <InstantCheck checked={done} onChange={(checked) => onMark(step.day, checked)}>
      {label}
    </InstantCheck>
  );
}

function ChallengeSteps({ challenge, onMark, stopControls }: { challenge: Challenge; onMark: (day: number, done: boolean) => void; stopControls: ReactNode }) {
  const today = challenge.steps.find((s) => s.day === challenge.day);
  const done = new Set(challenge.doneDays);
  return (
    <>
      <p>
        <strong>Day {challenge.day} of 21</strong> · {done.size} of 21 steps done
      </p>
      {today ? (
        <div className="today-step">
          <p className="today-step-kicker">
            Today · Day {today.day} · {THEME[today.theme]}
          </p>
          <h3 className="today-step-title">{today.title}</h3>
          <p>{today.action}</p>
          <StepCheck step={today} done={done.has(today.day)} onMark={onMark} label={`Day ${today.day} done`} />
        </div>
      ) : null}
      <details className="all-steps">
        <summary>All 21 steps</summary>
        <ol className="step-list">
          {challenge.steps.map((s) => (
            <li key={s.day} className={s.day === challenge.day ? 'step-today' : s.day > challenge.day ? 'step-later' : undefined}>
              {s.day <= challenge.day ? (
                <StepCheck step={s} done={done.has(s.day)} onMark={onMark} label={`Day ${s.day}: ${s.title}`} />
              ) : (
                <p className="step-upcoming">
                  Day {s.day}: {s.title} <span className="meta">(coming up)</span>
                </p>
              )}
              <p className="meta">{s.action}</p>
            </li>
          ))}
        </ol>
      </details>
      {stopControls}
    </>
  );
}
