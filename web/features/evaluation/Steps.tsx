import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { formatDate, STEP_LABEL, useAddObservation, useUpdateStep, type Cycle, type Step } from './api';

/** The status of a step in words: done, overdue or due. */
function StepStatus({ step }: { step: Step }) {
  if (step.done) return <span className="status status-ok">{step.completedOn ? `Done ${formatDate(step.completedOn)}` : 'Done'}</span>;
  if (step.overdue) return <span className="status status-error">Overdue: was due {formatDate(step.dueOn)}</span>;
  return <span className="status status-due">Due {formatDate(step.dueOn)}</span>;
}

/** The evaluator records when a conference was held or an observation made, with its notes. */
function StepForm({ schoolId, cycleId, step, today, onDone }: { schoolId: string; cycleId: string; step: Step; today: string; onDone: () => void }) {
  const update = useUpdateStep(schoolId, cycleId);
  const [completedOn, setCompletedOn] = useState(step.completedOn ?? today);
  const [dueOn, setDueOn] = useState(step.dueOn);
  const [notes, setNotes] = useState(step.notes);
  const failure = update.error instanceof ApiError ? update.error : undefined;
  const label = STEP_LABEL[step.kind].toLowerCase();
  const recordable = step.kind !== 'ratings' && step.kind !== 'sign_off';
  return (
    <form
      className="step-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ stepId: step.id, dueOn, ...(recordable ? { completedOn: completedOn || null, notes } : {}) }, { onSuccess: onDone });
      }}
    >
      <Field label={`Due date of the ${label}`} type="date" autoFocus value={dueOn} onChange={(e) => setDueOn(e.target.value)} error={failure?.fieldMessage('dueOn')} />
      {recordable ? (
        <>
          <Field label={step.kind === 'observation' ? 'Observed on' : 'Held on'} hint="Leave empty while it has not happened." type="date" value={completedOn} onChange={(e) => setCompletedOn(e.target.value)} error={failure?.fieldMessage('completedOn')} />
          <TextArea label={step.kind === 'observation' ? 'Evidence notes' : 'Conference notes'} value={notes} onChange={(e) => setNotes(e.target.value)} error={failure?.fieldMessage('notes')} rows={4} />
        </>
      ) : null}
      <FormMessage error={update.isError && !failure?.fields.length ? errorMessage(update.error) : undefined} />
      <div className="inline-links">
        <button type="submit" className="button button-small" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : `Save ${label}`}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The cycle's steps in order, with overdue ones flagged; the evaluator records each one. */
export function Steps({ schoolId, cycle, today }: { schoolId: string; cycle: Cycle; today: string }) {
  const [editing, setEditing] = useState<string | null>(null);
  const add = useAddObservation(schoolId, cycle.id);
  const [dueOn, setDueOn] = useState('');
  const id = useId();
  const failure = add.error instanceof ApiError ? add.error : undefined;
  return (
    <section className="card section" aria-labelledby={`${id}-steps`}>
      <h2 id={`${id}-steps`}>Steps and conferences</h2>
      {cycle.overdueSteps > 0 ? (
        <p className="notice notice-error">
          {cycle.overdueSteps === 1 ? 'One step is' : `${cycle.overdueSteps} steps are`} past due. Fair evaluation is timely evaluation.
        </p>
      ) : null}
      <ol className="step-list">
        {cycle.steps.map((step) => (
          <li key={step.id} className={`step${step.overdue ? ' step-overdue' : ''}`}>
            <div className="step-head">
              <h3>{STEP_LABEL[step.kind]}</h3>
              <StepStatus step={step} />
            </div>
            {step.notes ? <p className="step-notes">{step.notes}</p> : null}
            {cycle.can.edit && editing !== step.id ? (
              <button type="button" className="button button-secondary" onClick={() => setEditing(step.id)}>
                {step.kind === 'ratings' || step.kind === 'sign_off' ? 'Reschedule' : step.completedOn || step.notes ? 'Edit' : 'Record'}
                <span className="visually-hidden">
                  {' '}
                  {STEP_LABEL[step.kind].toLowerCase()} due {formatDate(step.dueOn)}
                </span>
              </button>
            ) : null}
            {cycle.can.edit && editing === step.id ? <StepForm schoolId={schoolId} cycleId={cycle.id} step={step} today={today} onDone={() => setEditing(null)} /> : null}
          </li>
        ))}
      </ol>
      {cycle.can.edit ? (
        <form
          className="inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(dueOn, { onSuccess: () => setDueOn('') });
          }}
        >
          <Field label="Schedule another formal observation on" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} error={failure?.fieldMessage('dueOn')} />
          <button type="submit" className="button button-secondary" disabled={add.isPending || !dueOn}>
            Add observation
          </button>
        </form>
      ) : null}
    </section>
  );
}
