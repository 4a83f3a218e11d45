import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';
import { assessmentsQuery } from '../assessments/api';
import { contentOf, useSaveMap, type MapContent, type MapDetail } from './api';

/** A small form that changes a copy of the map's content and saves the whole map. */
function useEdit(schoolId: string, map: MapDetail) {
  const save = useSaveMap(schoolId, map);
  const submit = (event: FormEvent, change: (c: MapContent) => void, done: () => void) => {
    event.preventDefault();
    const c = contentOf(map);
    change(c);
    save.mutate(c, { onSuccess: done });
  };
  const failure = save.error instanceof ApiError ? save.error : undefined;
  return { save, submit, field: (name: string) => failure?.fieldMessages(name) };
}

function EditorCard({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  const id = useId();
  return (
    <section className={`card editor-card${wide ? ' editor-wide' : ''}`} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** Adds a unit with its dates at the end of the map. */
export function AddUnitForm({ schoolId, map }: { schoolId: string; map: MapDetail }) {
  const { save, submit, field } = useEdit(schoolId, map);
  const [title, setTitle] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  return (
    <EditorCard title="Add a unit">
      <form noValidate onSubmit={(e) => submit(e, (c) => void c.units.push({ title, startsOn, endsOn }), () => (setTitle(''), setStartsOn(''), setEndsOn('')))}>
        <Field label="Unit title" value={title} onChange={(e) => setTitle(e.target.value)} error={field('title')} required />
        <Field label="Starts on" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={field('startsOn')} required />
        <Field label="Ends on" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} error={field('endsOn')} required />
        <FormMessage error={save.isError ? errorMessage(save.error) : undefined} />
        <button type="submit" className="button button-secondary" disabled={save.isPending}>
          Add unit
        </button>
      </form>
    </EditorCard>
  );
}

/** The map's standards (removable when no target uses them) and a form to add one. */
export function AddStandardForm({ schoolId, map }: { schoolId: string; map: MapDetail }) {
  const { save, submit, field } = useEdit(schoolId, map);
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const used = new Set(map.targets.flatMap((t) => t.standardCodes.map((c) => c.toLowerCase())));
  return (
    <EditorCard title="Standards">
      {map.standards.length > 0 ? (
        <ul className="standard-list">
          {map.standards.map((s, i) => (
            <li key={s.id}>
              <span className="code">{s.code}</span>
              {used.has(s.code.toLowerCase()) ? null : (
                <button
                  type="button"
                  className="button button-small button-secondary"
                  aria-label={`Remove standard ${s.code}`}
                  disabled={save.isPending}
                  onClick={() => {
                    const c = contentOf(map);
                    c.standards.splice(i, 1);
                    save.mutate(c);
                  }}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="meta">No standards yet.</p>
      )}
      <form noValidate onSubmit={(e) => submit(e, (c) => void c.standards.push({ code, description }), () => (setCode(''), setDescription('')))}>
        <Field label="Standard code" hint="For example: 3.NF.1" value={code} onChange={(e) => setCode(e.target.value)} error={field('code')} required />
        <Field label="What it asks" value={description} onChange={(e) => setDescription(e.target.value)} error={field('description')} />
        <FormMessage error={save.isError ? errorMessage(save.error) : undefined} />
        <button type="submit" className="button button-secondary" disabled={save.isPending}>
          Add standard
        </button>
      </form>
    </EditorCard>
  );
}

/** Adds a learning target to a unit, aligned to standards of the map, with planned assessments by name. */
export function AddTargetForm({ schoolId, map }: { schoolId: string; map: MapDetail }) {
  const id = useId();
  const { save, submit, field } = useEdit(schoolId, map);
  const [unit, setUnit] = useState(0);
  const [statement, setStatement] = useState('');
  const [codes, setCodes] = useState<string[]>([]);
  const [planned, setPlanned] = useState('');
  if (map.units.length === 0 || map.standards.length === 0) {
    return (
      <EditorCard title="Add a learning target">
        <p className="meta">Add a unit and a standard first: a target belongs to a unit and is aligned to standards.</p>
      </EditorCard>
    );
  }
  const codesError = field('standardCodes');
  return (
    <EditorCard title="Add a learning target" wide>
      <form
        noValidate
        onSubmit={(e) =>
          submit(
            e,
            (c) =>
              void c.targets.push({
                unit,
                statement,
                standardCodes: codes,
                assessments: planned.split(',').map((n) => n.trim()).filter(Boolean).map((name) => ({ name })),
              }),
            () => (setStatement(''), setCodes([]), setPlanned('')),
          )
        }
      >
        <div className="field">
          <label htmlFor={`${id}-unit`}>Unit</label>
          <select id={`${id}-unit`} value={unit} onChange={(e) => setUnit(Number(e.target.value))}>
            {map.units.map((u, i) => (
              <option key={u.id} value={i}>
                {u.title}
              </option>
            ))}
          </select>
        </div>
        <Field label="Target" hint="In students’ words: “I can …”" value={statement} onChange={(e) => setStatement(e.target.value)} error={field('statement')} required />
        <fieldset className="code-choices" aria-describedby={codesError ? `${id}-codes-error` : undefined}>
          <legend>Aligned to</legend>
          {map.standards.map((s) => (
            <label key={s.id}>
              <input type="checkbox" checked={codes.includes(s.code)} onChange={(e) => setCodes(e.target.checked ? [...codes, s.code] : codes.filter((c) => c !== s.code))} />
              <span className="code">{s.code}</span>
            </label>
          ))}
          {codesError ? (
            <p className="field-error" id={`${id}-codes-error`}>
              {codesError}
            </p>
          ) : null}
        </fieldset>
        <Field label="Planned assessments" hint="Optional; separate with commas. Link given assessments to the target once it is saved." value={planned} onChange={(e) => setPlanned(e.target.value)} />
        <FormMessage error={save.isError ? errorMessage(save.error) : undefined} />
        <button type="submit" className="button button-secondary" disabled={save.isPending}>
          Add target
        </button>
      </form>
    </EditorCard>
  );
}

/** Links a formative assessment of the school to a target, or names a planned one. */
export function AddAssessmentForm({ schoolId, map, targetIndex }: { schoolId: string; map: MapDetail; targetIndex: number }) {
  const id = useId();
  const { save, submit } = useEdit(schoolId, map);
  const assessments = useQuery(assessmentsQuery(schoolId));
  const [choice, setChoice] = useState('');
  const [name, setName] = useState('');
  return (
    <form
      className="add-assessment"
      noValidate
      onSubmit={(e) =>
        submit(
          e,
          (c) => void (c.targets[targetIndex]!.assessments ??= []).push(choice ? { assessmentId: choice } : { name }),
          () => (setChoice(''), setName('')),
        )
      }
    >
      <div className="field">
        <label htmlFor={`${id}-given`}>Link an assessment</label>
        <select id={`${id}-given`} value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">A planned one (name it)</option>
          {assessments.data?.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.givenOn})
            </option>
          ))}
        </select>
      </div>
      {choice ? null : <Field label="Planned assessment" value={name} onChange={(e) => setName(e.target.value)} />}
      <FormMessage error={save.isError ? errorMessage(save.error) : undefined} />
      <button type="submit" className="button button-small" disabled={save.isPending || (!choice && name.trim() === '')}>
        Add assessment
      </button>
    </form>
  );
}
