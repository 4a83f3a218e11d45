import { useId, useMemo, useState, type Ref } from 'react';
import type { LookFor } from '../../schemas/visits';
import { findEvaluative } from './evaluative';

interface FieldError {
  error?: string;
}

/** Evidence with the low-inference helper: evaluative words are pointed out, gently, as the leader types. */
export function EvidenceField({
  value,
  onChange,
  words,
  error,
  inputRef,
}: FieldError & { value: string; onChange: (v: string) => void; words: readonly string[]; inputRef?: Ref<HTMLTextAreaElement> }) {
  const id = useId();
  const flags = useMemo(() => findEvaluative(value, words), [value, words]);
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Evidence</label>
      <p id={`${id}-hint`} className="hint">
        What you saw and heard: actions, quotes, counts.
      </p>
      <textarea
        ref={inputRef}
        id={id}
        rows={5}
        maxLength={20000}
        aria-describedby={`${id}-hint ${id}-helper${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <div id={`${id}-helper`} className="helper" aria-live="polite">
        {flags.length ? (
          <ul className="helper-list">
            {flags.map((f) => (
              <li key={f.word}>
                <mark className="helper-word">{f.word}</mark>
                <span className="visually-hidden">: </span> {f.message.replace(`‘${f.word}’ `, '')}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

/** The school's look-fors as toggle buttons. */
export function LookForChips({ lookFors, value, onToggle }: { lookFors: readonly LookFor[]; value: readonly string[]; onToggle: (id: string) => void }) {
  const id = useId();
  const shown = lookFors.filter((l) => l.active || value.includes(l.id)).sort((a, b) => a.position - b.position);
  return (
    <div className="field" role="group" aria-labelledby={id}>
      <p id={id} className="field-label">
        Look-fors
      </p>
      {shown.length === 0 ? <p className="hint">Your school has no look-fors yet.</p> : null}
      <div className="chips">
        {shown.map((l) => (
          <button
            key={l.id}
            type="button"
            className="chip"
            aria-pressed={value.includes(l.id)}
            title={l.description ?? undefined}
            onClick={() => onToggle(l.id)}
          >
            {l.name}
          </button>
        ))}
      </div>
    </div>
  );
}

/** The private note, behind a disclosure, labelled as private wherever it shows. */
export function PrivateNote({ value, onChange, error }: FieldError & { value: string; onChange: (v: string) => void }) {
  const id = useId();
  const [open, setOpen] = useState(value !== '');
  return (
    <div className={`field private${error ? ' field-invalid' : ''}`}>
      <button type="button" className="disclosure" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Private note{value && !open ? ' (written)' : ''}
      </button>
      <div id={`${id}-panel`} hidden={!open}>
        <label htmlFor={id}>Private note</label>
        <p id={`${id}-hint`} className="private-badge">
          Private — only you will ever see this
        </p>
        <textarea
          id={id}
          rows={3}
          maxLength={10000}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
