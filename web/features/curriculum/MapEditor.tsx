import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { Field, FormMessage } from '../../lib/ui';
import { assessmentsQuery } from '../assessments/api';
import { contentOf, useRemoveStandard, useSaveMap, useUpdateStandard, type MapContent, type MapDetail } from './api';

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

/** The map's standards, each renamed or removed in place, and a form to add one. */
export function AddStandardForm({ schoolId, map }: { schoolId: string; map: MapDetail }) {
  const { save, submit, field } = useEdit(schoolId, map);
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const [removed, setRemoved] = useState<string>();
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // The removed standard's buttons are gone: focus the message that says so.
    if (removed) status.current?.focus();
  }, [removed]);
  return (
    <EditorCard title="Standards">
      <p ref={status} className="meta standard-status" role="status" tabIndex={-1}>
        {removed ? `Removed ${removed} from the map.` : null}
      </p>
      {map.standards.length > 0 ? (
        <ul className="standard-list" aria-label="Standards of the map">
          {map.standards.map((s) => (
            <StandardItem key={s.id} schoolId={schoolId} map={map} standard={s} onRemoved={() => setRemoved(s.code)} onChange={() => setRemoved(undefined)} />
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

type Standard = MapDetail['standards'][number];

/**
 * One standard: its code and description, "Edit" (in place: the targets aligned to it stay aligned) and "Remove"
 * (after a confirmation naming the targets and assessments that refer to it).
 */
function StandardItem({ schoolId, map, standard, onRemoved, onChange }: { schoolId: string; map: MapDetail; standard: Standard; onRemoved: () => void; onChange: () => void }) {
  const id = useId();
  const update = useUpdateStandard(schoolId, map);
  const remove = useRemoveStandard(schoolId, map);
  const [mode, setMode] = useState<'view' | 'edit' | 'remove'>('view');
  const [code, setCode] = useState(standard.code);
  const [description, setDescription] = useState(standard.description);
  const editButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const confirmText = useRef<HTMLParagraphElement>(null);
  const [returnFocus, setReturnFocus] = useState<'edit' | 'remove'>();
  useEffect(() => {
    if (mode === 'edit') document.getElementById(`${id}-code`)?.focus();
    if (mode === 'remove') confirmText.current?.focus();
    if (mode === 'view' && returnFocus) {
      (returnFocus === 'edit' ? editButton : removeButton).current?.focus();
      setReturnFocus(undefined);
    }
  }, [mode, returnFocus, id]);
  const key = standard.code.toLowerCase();
  const targets = map.targets.filter((t) => t.standardCodes.some((c) => c.toLowerCase() === key));
  const only = targets.filter((t) => t.standardCodes.length === 1);
  const assessments = [...new Set(targets.flatMap((t) => t.assessments.map((a) => a.name)))];
  const failure = update.error instanceof ApiError ? update.error : undefined;
  const close = (focus: 'edit' | 'remove') => {
    update.reset();
    remove.reset();
    setReturnFocus(focus);
    setMode('view');
  };

  if (mode === 'edit') {
    return (
      <li className="standard-item standard-editing">
        <form
          noValidate
          aria-label={`Edit standard ${standard.code}`}
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ standardId: standard.id, code, description }, { onSuccess: () => close('edit') });
          }}
        >
          <Field id={`${id}-code`} label="Standard code" value={code} maxLength={60} onChange={(e) => setCode(e.target.value)} error={failure?.fieldMessage('code')} required />
          <Field label="What it asks" value={description} maxLength={1000} onChange={(e) => setDescription(e.target.value)} error={failure?.fieldMessage('description')} />
          {targets.length ? <p className="hint">Its {targets.length === 1 ? 'target stays' : `${targets.length} targets stay`} aligned to it under the new code.</p> : null}
          <FormMessage error={update.isError && !failure?.fields.length ? errorMessage(update.error) : undefined} />
          <div className="button-row">
            <button type="submit" className="button button-primary button-small" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save standard'}
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => (setCode(standard.code), setDescription(standard.description), close('edit'))}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li className="standard-item">
      <div className="standard-line">
        <span>
          <span className="code">{standard.code}</span>
          {standard.description ? <span className="meta"> {standard.description}</span> : null}
        </span>
        {mode === 'view' ? (
          <span className="standard-actions">
            <button ref={editButton} type="button" className="button button-small button-secondary" aria-label={`Edit standard ${standard.code}`} onClick={() => (onChange(), setCode(standard.code), setDescription(standard.description), setMode('edit'))}>
              Edit
            </button>
            <button ref={removeButton} type="button" className="button button-small button-secondary" aria-label={`Remove standard ${standard.code}`} onClick={() => (onChange(), setMode('remove'))}>
              Remove
            </button>
          </span>
        ) : null}
      </div>
      {mode === 'remove' ? (
        <div className="standard-confirm" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`} ref={confirmText} tabIndex={-1}>
            <strong>Remove {standard.code} from the map?</strong>{' '}
            {targets.length === 0
              ? 'No target is aligned to it.'
              : `${targets.length === 1 ? 'One target is' : `${targets.length} targets are`} aligned to it: ${targets.map((t) => `“${t.statement}”`).join(', ')}.`}
            {assessments.length ? ` Through them it is assessed by ${assessments.join(', ')}.` : ''}
          </p>
          {only.length ? (
            <p className="gap-note">
              It is the only standard of {only.map((t) => `“${t.statement}”`).join(', ')}: align {only.length === 1 ? 'that target' : 'those targets'} to another standard or remove {only.length === 1 ? 'it' : 'them'} first.
            </p>
          ) : targets.length ? (
            <p className="meta">Those targets keep their other standards and their assessments.</p>
          ) : null}
          <FormMessage error={remove.isError ? errorMessage(remove.error) : undefined} />
          <div className="button-row">
            <button type="button" className="button button-danger button-small" disabled={remove.isPending} onClick={() => void remove.mutateAsync(standard.id).then(onRemoved, () => undefined)}>
              {remove.isPending ? 'Removing…' : `Remove ${standard.code}`}
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => close('remove')}>
              Keep it
            </button>
          </div>
        </div>
      ) : null}
    </li>
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
