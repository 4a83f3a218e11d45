import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { todayIso, useAddComment, useAddDebrief, useMoveCycle, useUpdateCycle, type CycleDetail } from './api';

const fieldError = (error: unknown, name: string) => (error instanceof ApiError ? error.fieldMessage(name) : undefined);
const formError = (error: unknown, local: boolean) =>
  local || (error instanceof ApiError && error.fields.length) ? 'Check the highlighted fields.' : error ? errorMessage(error) : undefined;

/** The coach changes the goal (while proposed) and the baseline (while the cycle is open). */
export function BaselineForm({ cycle, onDone }: { cycle: CycleDetail; onDone: (message?: string) => void }) {
  const update = useUpdateCycle(cycle.id);
  const [goal, setGoal] = useState(cycle.goal);
  const [baseline, setBaseline] = useState(cycle.baseline ?? '');
  const [baselineOn, setBaselineOn] = useState(cycle.baselineOn ?? '');
  const [problem, setProblem] = useState<string>();
  const goalEditable = cycle.status === 'proposed';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = goalEditable && !goal.trim() ? 'Say what you and the teacher want to work on' : undefined;
    setProblem(missing);
    if (missing) return;
    update.mutate(
      { ...(goalEditable ? { goal } : {}), baseline: baseline.trim() || null, baselineOn: baselineOn || null },
      { onSuccess: () => onDone('Goal and baseline saved.') },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Goal and baseline">
      {goalEditable ? <TextArea label="Goal" value={goal} onChange={(e) => setGoal(e.target.value)} error={problem ?? fieldError(update.error, 'goal')} maxLength={1000} rows={3} /> : null}
      <TextArea label="Baseline" hint="Where things stood at the start: a count, a quote, a result." value={baseline} onChange={(e) => setBaseline(e.target.value)} error={fieldError(update.error, 'baseline')} maxLength={5000} rows={3} />
      <Field label="Baseline date" type="date" value={baselineOn} onChange={(e) => setBaselineOn(e.target.value)} error={fieldError(update.error, 'baselineOn')} />
      <FormMessage error={formError(update.error, Boolean(problem))} />
      <p className="cycle-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={() => onDone()}>
          Cancel
        </button>
      </p>
    </form>
  );
}

/** The coach records a debrief: when, what was said, and the next step the teacher and coach agreed. */
export function DebriefForm({ cycle, onDone }: { cycle: CycleDetail; onDone: (message?: string) => void }) {
  const add = useAddDebrief(cycle.id);
  const [heldOn, setHeldOn] = useState(todayIso());
  const [notes, setNotes] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [problems, setProblems] = useState<{ notes?: string; nextStep?: string; heldOn?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      ...(heldOn ? {} : { heldOn: 'Give the date of the debrief' }),
      ...(notes.trim() ? {} : { notes: 'Write what you talked about' }),
      ...(nextStep.trim() ? {} : { nextStep: 'Write the next step you agreed' }),
    };
    setProblems(found);
    if (Object.keys(found).length) return;
    add.mutate({ heldOn, notes, nextStep }, { onSuccess: () => onDone('Debrief recorded.') });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Record a debrief" className="cycle-subform">
      <Field label="Date" type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} error={problems.heldOn ?? fieldError(add.error, 'heldOn')} />
      <TextArea label="What you talked about" hint="Start from the evidence: what the teacher noticed, what the counts say." value={notes} onChange={(e) => setNotes(e.target.value)} error={problems.notes ?? fieldError(add.error, 'notes')} maxLength={10000} />
      <TextArea label="Next step agreed" value={nextStep} onChange={(e) => setNextStep(e.target.value)} error={problems.nextStep ?? fieldError(add.error, 'nextStep')} maxLength={1000} rows={2} />
      <FormMessage error={formError(add.error, Object.keys(problems).length > 0)} />
      <p className="cycle-actions">
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Saving…' : 'Save debrief'}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={() => onDone()}>
          Cancel
        </button>
      </p>
    </form>
  );
}

/** A comment by the teacher or the coach. */
export function CommentForm({ cycle }: { cycle: CycleDetail }) {
  const add = useAddComment(cycle.id);
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = body.trim() ? undefined : 'Write a comment';
    setProblem(missing);
    if (!missing) add.mutate(body, { onSuccess: () => setBody('') });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Add a comment" className="cycle-subform">
      <TextArea label="Your comment" value={body} onChange={(e) => setBody(e.target.value)} error={problem ?? fieldError(add.error, 'body')} maxLength={2000} rows={2} />
      <FormMessage error={formError(add.error, Boolean(problem))} success={add.isSuccess && !body ? 'Comment added.' : undefined} />
      <button type="submit" className="button button-secondary" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add comment'}
      </button>
    </form>
  );
}

/** Closing a cycle: the coach completes it with an outcome, or either of the two cancels it. */
export function CloseForm({ cycle, mode, onDone }: { cycle: CycleDetail; mode: 'completed' | 'cancelled'; onDone: (message?: string) => void }) {
  const id = useId();
  const move = useMoveCycle(cycle.id);
  const [text, setText] = useState('');
  const [goalMet, setGoalMet] = useState<boolean | null>(null);
  const [problems, setProblems] = useState<{ outcome?: string; goalMet?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === 'cancelled') {
      move.mutate({ status: 'cancelled', reason: text.trim() || null }, { onSuccess: () => onDone('Cycle cancelled.') });
      return;
    }
    const found = { ...(text.trim() ? {} : { outcome: 'Describe the outcome of the cycle' }), ...(goalMet === null ? { goalMet: 'Say whether the goal was met' } : {}) };
    setProblems(found);
    if (Object.keys(found).length) return;
    move.mutate({ status: 'completed', outcome: text, goalMet: goalMet! }, { onSuccess: () => onDone('Cycle completed.') });
  };
  const goalMetError = problems.goalMet ?? fieldError(move.error, 'goalMet');
  return (
    <form onSubmit={submit} noValidate aria-label={mode === 'completed' ? 'Complete the cycle' : 'Cancel the cycle'} className="cycle-subform">
      {mode === 'completed' ? (
        <>
          <TextArea label="Outcome" hint="What changed for students, with the evidence (compare with the baseline)." value={text} onChange={(e) => setText(e.target.value)} error={problems.outcome ?? fieldError(move.error, 'outcome')} maxLength={5000} />
          <fieldset className={`field${goalMetError ? ' field-invalid' : ''}`} aria-describedby={goalMetError ? `${id}-met-error` : undefined}>
            <legend>Was the goal met?</legend>
            <label className="cycle-choice">
              <input type="radio" name={`${id}-met`} checked={goalMet === true} onChange={() => setGoalMet(true)} /> Yes
            </label>
            <label className="cycle-choice">
              <input type="radio" name={`${id}-met`} checked={goalMet === false} onChange={() => setGoalMet(false)} /> Not yet
            </label>
            {goalMetError ? (
              <p className="field-error" id={`${id}-met-error`}>
                <span aria-hidden="true">⚠ </span>
                {goalMetError}
              </p>
            ) : null}
          </fieldset>
        </>
      ) : (
        <TextArea label="Why (optional)" value={text} onChange={(e) => setText(e.target.value)} error={fieldError(move.error, 'reason')} maxLength={1000} rows={2} />
      )}
      <FormMessage error={formError(move.error, Object.keys(problems).length > 0)} />
      <p className="cycle-actions">
        <button type="submit" className="button button-primary" disabled={move.isPending}>
          {move.isPending ? 'Saving…' : mode === 'completed' ? 'Complete cycle' : 'Cancel cycle'}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={() => onDone()}>
          Back
        </button>
      </p>
    </form>
  );
}
