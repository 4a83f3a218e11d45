import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { useMe } from '../../lib/session';
import { Field, FormMessage } from '../../lib/ui';
import { staffQuery } from '../people/api';
import { rubricsQuery, useCreateCycle, type CycleCreate } from './api';
import { schoolYearStarting } from '../../../schemas/common';

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const later = (a: string, b: string) => (a > b ? a : b);

/** Sensible due dates for a cycle starting today: conference in two weeks, mid-year late January, sign-off late May. */
export function defaultPlan(today: string) {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = m >= 7 ? y : y - 1;
  const preConference = addDays(today, 14);
  const observation = addDays(today, 30);
  const midYearReview = later(`${first + 1}-01-29`, addDays(observation, 7));
  const ratings = later(`${first + 1}-04-30`, addDays(midYearReview, 14));
  const summativeConference = later(`${first + 1}-05-14`, addDays(ratings, 7));
  const signOff = later(`${first + 1}-05-28`, addDays(summativeConference, 7));
  return { schoolYear: schoolYearStarting(first), dueDates: { preConference, midYearReview, ratings, summativeConference, signOff }, observations: [observation] };
}

const DUE_LABELS: [keyof CycleCreate['dueDates'], string][] = [
  ['preConference', 'Goal-setting conference due'],
  ['midYearReview', 'Mid-year review due'],
  ['ratings', 'Ratings due'],
  ['summativeConference', 'Summative conference due'],
  ['signOff', 'Sign-off due'],
];

/** Starts a cycle: teacher, evaluator, school year, rubric, due dates and the formal observations scheduled. */
export function NewCycleForm({ schoolId, today, isPrincipal }: { schoolId: string; today: string; isPrincipal: boolean }) {
  const id = useId();
  const me = useMe();
  const navigate = useNavigate();
  const teachers = useQuery(staffQuery(schoolId, { role: 'teacher' }));
  const leaders = useQuery({ ...staffQuery(schoolId, {}), enabled: isPrincipal });
  const rubrics = useQuery(rubricsQuery(schoolId));
  const create = useCreateCycle(schoolId);
  const plan = defaultPlan(today);
  const [teacherId, setTeacherId] = useState('');
  const [evaluatorId, setEvaluatorId] = useState(me.user.id);
  const [schoolYear, setSchoolYear] = useState(plan.schoolYear);
  const [rubricKey, setRubricKey] = useState('rounds-generic');
  const [dueDates, setDueDates] = useState(plan.dueDates);
  const [observations, setObservations] = useState(plan.observations);
  const failure = create.error instanceof ApiError ? create.error : undefined;
  const fieldError = (path: string) => failure?.fields.find((f) => f.path === `body.${path}`)?.message;
  const evaluators = (leaders.data ?? []).filter((p) => p.roles.includes('principal') || p.roles.includes('assistant_principal'));
  const select = (key: string, label: string, value: string, onChange: (v: string) => void, options: { value: string; label: string }[], placeholder?: string) => {
    const error = fieldError(key);
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-${key}`}>{label}</label>
        <select id={`${id}-${key}`} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-${key}-error` : undefined}>
          {placeholder ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {error ? (
          <p className="field-error" id={`${id}-${key}-error`}>
            <span aria-hidden="true">⚠ </span>
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Start an evaluation cycle</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { teacherId, evaluatorId, schoolYear, rubricKey, dueDates, observations },
            { onSuccess: (c) => void navigate({ to: '/schools/$schoolId/evaluation/$cycleId', params: { schoolId, cycleId: c.id } }) },
          );
        }}
      >
        {select('teacherId', 'Teacher', teacherId, setTeacherId, (teachers.data ?? []).map((p) => ({ value: p.id, label: p.name })), teachers.isPending ? 'Loading teachers…' : 'Choose a teacher')}
        {isPrincipal
          ? select('evaluatorId', 'Evaluator', evaluatorId, setEvaluatorId, (evaluators.length ? evaluators : [{ id: me.user.id, name: me.user.name }]).map((p) => ({ value: p.id, label: p.id === me.user.id ? `${p.name} (you)` : p.name })))
          : <p className="meta">You are the evaluator.</p>}
        <Field label="School year" hint="For example 2026-27" value={schoolYear} onChange={(e) => setSchoolYear(e.target.value)} error={fieldError('schoolYear')} />
        {select('rubricKey', 'Rubric', rubricKey, setRubricKey, (rubrics.data ?? [{ key: 'rounds-generic', definition: { name: 'Rounds generic teaching rubric' } }]).map((r) => ({ value: r.key, label: r.definition.name })))}
        <fieldset className="due-dates">
          <legend>Due dates</legend>
          {DUE_LABELS.map(([key, label]) => (
            <Field key={key} label={label} type="date" value={dueDates[key]} onChange={(e) => setDueDates({ ...dueDates, [key]: e.target.value })} error={fieldError(`dueDates.${key}`)} />
          ))}
        </fieldset>
        <fieldset className="due-dates">
          <legend>Formal observations scheduled</legend>
          {observations.map((date, i) => (
            <div key={i} className="observation-date">
              <Field label={`Observation ${i + 1} on`} type="date" value={date} onChange={(e) => setObservations(observations.map((d, j) => (j === i ? e.target.value : d)))} error={fieldError(`observations.${i}`)} />
              {observations.length > 1 ? (
                <button type="button" className="button button-secondary" onClick={() => setObservations(observations.filter((_, j) => j !== i))}>
                  Remove<span className="visually-hidden"> observation {i + 1}</span>
                </button>
              ) : null}
            </div>
          ))}
          {fieldError('observations') ? <p className="field-error">{fieldError('observations')}</p> : null}
          {observations.length < 6 ? (
            <button type="button" className="button button-secondary" onClick={() => setObservations([...observations, addDays(observations.at(-1) ?? today, 30)])}>
              Add an observation
            </button>
          ) : null}
        </fieldset>
        <FormMessage error={create.isError ? errorMessage(create.error) : undefined} />
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Starting…' : 'Start the cycle'}
        </button>
      </form>
    </section>
  );
}
