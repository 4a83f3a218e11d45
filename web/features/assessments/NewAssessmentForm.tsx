import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { useCurrentSchool } from '../../lib/school';
import { Field, FormMessage } from '../../lib/ui';
import { classesQuery } from '../people/api';
import { useCreateAssessment, type Assessment } from './api';

/** Today in the school's time zone (its "today" decides which assessments count so far). */
const todayIn = (timeZone: string | undefined) => {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }
};
const DEFAULT_CUT: Record<Assessment['scale'], string> = { points: '8', percent: '80', rubric: '3' };

/** A new assessment of classes of the school (a teacher sees their own); opens its results grid once made. */
export function NewAssessmentForm({ schoolId }: { schoolId: string }) {
  const id = useId();
  const classes = useQuery(classesQuery(schoolId));
  const create = useCreateAssessment(schoolId);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const timeZone = useCurrentSchool()?.timezone;
  const [givenOn, setGivenOn] = useState(() => todayIn(timeZone));
  const [classIds, setClassIds] = useState<string[]>([]);
  const [standards, setStandards] = useState('');
  const [scale, setScale] = useState<Assessment['scale']>('rubric');
  const [maxPoints, setMaxPoints] = useState('10');
  const [cut, setCut] = useState(DEFAULT_CUT.rubric);
  const failure = create.error instanceof ApiError ? create.error : undefined;
  const fieldError = (name: string) => failure?.fieldMessages(name);

  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New assessment</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(
            {
              name,
              givenOn,
              classIds,
              standards: standards.split(',').map((s) => s.trim()).filter(Boolean),
              scale,
              ...(scale === 'points' ? { maxPoints: Number(maxPoints) } : {}),
              proficiencyCut: Number(cut),
            },
            { onSuccess: (a) => void navigate({ to: '/schools/$schoolId/assessments/$assessmentId', params: { schoolId, assessmentId: a.id } }) },
          );
        }}
      >
        <Field label="Name" hint="For example: Week 12 exit ticket" value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} required />
        <Field label="Date given" type="date" value={givenOn} onChange={(e) => setGivenOn(e.target.value)} error={fieldError('givenOn')} required />
        <fieldset className="class-choices" aria-describedby={fieldError('classIds') ? `${id}-classes-error` : undefined}>
          <legend>Classes</legend>
          {classes.isPending ? <p className="meta">Loading classes…</p> : null}
          {classes.isError ? <p className="field-error">{errorMessage(classes.error)}</p> : null}
          {classes.data?.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={classIds.includes(c.id)}
                onChange={(e) => setClassIds(e.target.checked ? [...classIds, c.id] : classIds.filter((x) => x !== c.id))}
              />
              {c.title} <span className="meta">({c.studentCount} students)</span>
            </label>
          ))}
          {fieldError('classIds') ? (
            <p className="field-error" id={`${id}-classes-error`}>
              {fieldError('classIds')}
            </p>
          ) : null}
        </fieldset>
        <Field
          label="Standards"
          hint="Separate with commas, e.g. Reading, RL.3.1. Goals count assessments by these tags."
          value={standards}
          onChange={(e) => setStandards(e.target.value)}
          error={fieldError('standards')}
        />
        <div className="field">
          <label htmlFor={`${id}-scale`}>Scale</label>
          <select
            id={`${id}-scale`}
            value={scale}
            onChange={(e) => {
              const next = e.target.value as Assessment['scale'];
              setScale(next);
              setCut(DEFAULT_CUT[next]);
            }}
          >
            <option value="rubric">Rubric (levels 1–4)</option>
            <option value="points">Points</option>
            <option value="percent">Percent</option>
          </select>
        </div>
        {scale === 'points' ? (
          <Field label="Maximum points" type="number" inputMode="decimal" value={maxPoints} onChange={(e) => setMaxPoints(e.target.value)} error={fieldError('maxPoints')} />
        ) : null}
        <Field
          label="Proficiency cut"
          hint="Scores at or above this count as proficient, in the scale's units."
          type="number"
          inputMode="decimal"
          value={cut}
          onChange={(e) => setCut(e.target.value)}
          error={fieldError('proficiencyCut')}
        />
        <FormMessage error={create.isError ? errorMessage(create.error) : undefined} />
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create and enter scores'}
        </button>
      </form>
    </section>
  );
}
