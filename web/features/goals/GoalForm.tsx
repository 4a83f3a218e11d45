import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { lookForsQuery } from '../visits/api';
import type { GoalDetail, GoalInput } from './api';
import './goals.css';

const GRADES: [string, string][] = [['KG', 'Kindergarten'], ...Array.from({ length: 12 }, (_, i): [string, string] => [String(i + 1).padStart(2, '0'), `Grade ${i + 1}`])];
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

interface GoalFormProps {
  schoolId: string;
  /** The goal being changed; absent for a new goal. */
  goal?: GoalDetail;
  title: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: GoalInput) => void;
  onCancel: () => void;
}

/**
 * A goal's fields: title, description, the measure (assessments tagged with a standard, students of a grade, at or
 * above each assessment's cut or a percent of the maximum), baseline, target, date and linked look-fors.
 * Field messages come from the API's 400 answer, next to each field.
 */
export function GoalForm({ schoolId, goal, title: heading, submitLabel, pending, error, onSubmit, onCancel }: GoalFormProps) {
  const id = useId();
  const lookFors = useQuery(lookForsQuery(schoolId));
  const [title, setTitle] = useState(goal?.title ?? '');
  const [description, setDescription] = useState(goal?.description ?? '');
  const [standard, setStandard] = useState(goal?.measure.standard ?? '');
  const [grade, setGrade] = useState(goal?.measure.grade ?? '');
  const [byCut, setByCut] = useState(goal ? goal.measure.thresholdPercent === null : true);
  const [threshold, setThreshold] = useState(goal?.measure.thresholdPercent?.toString() ?? '80');
  const [baseline, setBaseline] = useState(goal?.baselinePercent?.toString() ?? '');
  const [target, setTarget] = useState(goal?.targetPercent.toString() ?? '');
  const [targetDate, setTargetDate] = useState(goal?.targetDate ?? '');
  const [linked, setLinked] = useState<string[]>(goal?.lookFors.map((l) => l.id) ?? []);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const failure = error instanceof ApiError ? error : undefined;
  const fieldError = (path: string) =>
    missing[path] ?? (failure?.fields.filter((f) => f.path === `body.${path}` || f.path.startsWith(`body.${path}.`)).map((f) => f.message).join('. ') || undefined);
  const grades = grade && !GRADES.some(([g]) => g === grade) ? [...GRADES, [grade, grade] as [string, string]] : GRADES;
  const choices = (lookFors.data ?? []).filter((l) => l.active || linked.includes(l.id));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty: Record<string, string> = {};
    if (target.trim() === '') empty.targetPercent = 'Give the target percent, from 0 to 100';
    if (targetDate === '') empty.targetDate = 'Give the date the target should be reached';
    if (!byCut && threshold.trim() === '') empty['measure.thresholdPercent'] = 'Give the percent of the maximum score that counts';
    setMissing(empty);
    if (Object.keys(empty).length > 0) return;
    onSubmit({
      title,
      description,
      measure: { standard, grade: grade || null, thresholdPercent: byCut ? null : Number(threshold) },
      baselinePercent: numberOrNull(baseline),
      targetPercent: Number(target),
      targetDate,
      lookForIds: linked,
    });
  };
  const problems = Object.keys(missing).length > 0 || (failure?.fields.length ?? 0) > 0;

  return (
    <form noValidate aria-labelledby={`${id}-title`} onSubmit={submit} className="goal-form">
      <h3 id={`${id}-title`}>{heading}</h3>
      <Field label="Goal" hint="A high expectation, e.g. “Every grade 3 student reads at grade level”." value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} error={fieldError('title')} required />
      <TextArea label="Description" hint="Optional: why this goal, and what it asks of us." rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} error={fieldError('description')} />
      <fieldset className="goal-fieldset">
        <legend>How progress is measured</legend>
        <Field
          label="Standard or assessment series"
          hint="Assessments tagged with this (e.g. Reading) count, whatever the case."
          value={standard}
          onChange={(e) => setStandard(e.target.value)}
          maxLength={100}
          error={fieldError('measure.standard')}
          required
        />
        <div className="field">
          <label htmlFor={`${id}-grade`}>Students counted</label>
          <select id={`${id}-grade`} value={grade} onChange={(e) => setGrade(e.target.value)}>
            <option value="">Every grade</option>
            {grades.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="goal-fieldset goal-threshold">
          <legend>A student counts when their score is at or above</legend>
          <label className="goal-choice">
            <input type="radio" name={`${id}-threshold`} checked={byCut} onChange={() => setByCut(true)} /> each assessment’s own proficiency cut
          </label>
          <label className="goal-choice">
            <input type="radio" name={`${id}-threshold`} checked={!byCut} onChange={() => setByCut(false)} /> a percent of the maximum score
          </label>
          {!byCut ? (
            <Field
              label="Threshold (% of the maximum score)"
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
              error={fieldError('measure.thresholdPercent')}
              id={`${id}-threshold-input`}
            />
          ) : null}
        </fieldset>
      </fieldset>
      <div className="goal-numbers">
        <Field label="Baseline (%)" hint="Where students were when the goal was set (optional)." type="number" inputMode="decimal" min={0} max={100} value={baseline} onChange={(e) => setBaseline(e.target.value)} error={fieldError('baselinePercent')} />
        <Field label="Target (%)" hint="The share of students aimed for." type="number" inputMode="decimal" min={0} max={100} value={target} onChange={(e) => setTarget(e.target.value)} error={fieldError('targetPercent')} required />
        <Field label="Target date" type="date" value={targetDate} onChange={(e) => setTargetDate(e.target.value)} error={fieldError('targetDate')} required />
      </div>
      <fieldset className="goal-fieldset" aria-describedby={fieldError('lookForIds') ? `${id}-lookfors-error` : undefined}>
        <legend>Linked look-fors</legend>
        <p className="hint">Visits tagged with these show next to the goal’s progress.</p>
        {lookFors.isPending ? <p className="meta">Loading look-fors…</p> : null}
        {lookFors.isError ? <p className="field-error">{errorMessage(lookFors.error)}</p> : null}
        {lookFors.isSuccess && choices.length === 0 ? <p className="meta">The school has no look-fors yet.</p> : null}
        {choices.map((l) => (
          <label key={l.id} className="goal-choice">
            <input type="checkbox" checked={linked.includes(l.id)} onChange={(e) => setLinked(e.target.checked ? [...linked, l.id] : linked.filter((x) => x !== l.id))} />
            {l.name}
          </label>
        ))}
        {fieldError('lookForIds') ? (
          <p className="field-error" id={`${id}-lookfors-error`}>
            {fieldError('lookForIds')}
          </p>
        ) : null}
      </fieldset>
      <FormMessage error={problems ? 'Check the fields marked above. Nothing was saved.' : error ? errorMessage(error) : undefined} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
