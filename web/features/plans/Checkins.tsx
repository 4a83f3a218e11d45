import { useState, type FormEvent } from 'react';
import type { MySchool } from '../../lib/session';
import { EmptyState, Field } from '../../lib/ui';
import { todayIn } from '../visits/format';
import { RATING_LABEL, useAddCheckin, type CheckinRating, type PlanDetail } from './api';
import { fieldError, MutationMessage, SelectField, TextArea } from './forms';
import { editsPlan } from './PlanPage';

/** Progress-monitoring check-ins, newest first, and (for leaders) the form to record one. */
export function Checkins({ school, plan }: { school: MySchool; plan: PlanDetail }) {
  const goalTitle = (id: string | null) => (id ? (plan.goals.find((g) => g.id === id)?.title ?? 'a removed goal') : 'The whole plan');
  return (
    <section aria-labelledby="checkins-heading" className="section plan-checkins">
      <h2 id="checkins-heading">Progress monitoring</h2>
      {plan.checkins.length === 0 ? (
        <EmptyState title="No check-ins yet">
          <p>The first check-in is due by {plan.nextCheckinOn}.</p>
        </EmptyState>
      ) : (
        <ul className="checkin-list" aria-label="Check-ins, newest first">
          {plan.checkins.map((c) => (
            <li key={c.id} className="checkin">
              <span className={`status-pill rating-${c.rating}`}>{RATING_LABEL[c.rating]}</span>
              <div>
                <p className="checkin-head">
                  <strong>{c.heldOn}</strong> · {goalTitle(c.goalId)}
                </p>
                {c.note ? <p className="prewrap">{c.note}</p> : null}
                <p className="meta">Recorded by {c.recordedBy.name}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editsPlan(school) ? <CheckinForm school={school} plan={plan} /> : null}
    </section>
  );
}

function CheckinForm({ school, plan }: { school: MySchool; plan: PlanDetail }) {
  const add = useAddCheckin(school.id, plan.id);
  const [heldOn, setHeldOn] = useState(() => todayIn(school.timezone));
  const [rating, setRating] = useState<CheckinRating>('on_track');
  const [goalId, setGoalId] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string>();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    add.mutate(
      { heldOn, rating, note, goalId: goalId || null },
      {
        onSuccess: () => {
          setDone('Check-in recorded.');
          setNote('');
        },
      },
    );
  };
  return (
    <details className="plan-add no-print">
      <summary>Record a check-in</summary>
      <form onSubmit={onSubmit} noValidate aria-label="Record a check-in">
        <div className="filters">
          <Field label="Check-in date" type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} error={fieldError(add.error, 'heldOn')} />
          <SelectField label="Rating" value={rating} onChange={(e) => setRating(e.target.value as CheckinRating)} error={fieldError(add.error, 'rating')}>
            {(Object.keys(RATING_LABEL) as CheckinRating[]).map((r) => (
              <option key={r} value={r}>
                {RATING_LABEL[r]}
              </option>
            ))}
          </SelectField>
          <SelectField label="Goal checked" value={goalId} onChange={(e) => setGoalId(e.target.value)} error={fieldError(add.error, 'goalId')}>
            <option value="">The whole plan</option>
            {plan.goals.map((g) => (
              <option key={g.id} value={g.id}>
                {g.title}
              </option>
            ))}
          </SelectField>
        </div>
        <TextArea label="What the evidence shows, and what changes" value={note} maxLength={5000} onChange={(e) => setNote(e.target.value)} error={fieldError(add.error, 'note')} />
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Recording…' : 'Record the check-in'}
        </button>
        <MutationMessage error={add.error} success={done} />
      </form>
    </details>
  );
}
