import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ErrorBox, Loading } from '../../lib/ui';
import { auditPeopleQuery, type AuditPerson } from './api';

/** Search the district's students and staff by name, email or roster id, and choose one. */
export function PersonSearch({ label, hint, onChoose }: { label: string; hint?: string; onChoose: (person: AuditPerson) => void }) {
  const [text, setText] = useState('');
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const hintId = useId();
  const people = useQuery(auditPeopleQuery(typed));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTyped(text.trim());
  };
  return (
    <form className="audit-search" role="search" onSubmit={submit}>
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        {hint ? (
          <p className="hint" id={hintId}>
            {hint}
          </p>
        ) : null}
        <div className="audit-search-row">
          <input id={inputId} aria-describedby={hint ? hintId : undefined} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
          <button type="submit" className="button">
            Find
          </button>
        </div>
      </div>
      {typed.length === 1 ? <p className="field-error">Type at least 2 letters.</p> : null}
      {people.isFetching ? <Loading what="people" /> : null}
      {people.isError ? <ErrorBox error={people.error} /> : null}
      {people.data && !people.isFetching ? (
        people.data.length === 0 ? (
          <p role="status">Nobody in the district matches “{typed}”.</p>
        ) : (
          <ul className="audit-people" aria-label="Matching people">
            {people.data.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setText('');
                    setTyped('');
                    onChoose(p);
                  }}
                >
                  {p.name}
                  <span className="meta"> · {p.kind === 'student' ? 'student' : 'staff'} · {p.email ?? p.sourcedId}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </form>
  );
}
