import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import { TextArea } from '../conversations/TextArea';
import { componentName, eligibleVisitsQuery, formatInstant, useCite, useRemoveCitation, type Cycle, type EligibleVisit } from './api';

const excerpt = (text: string, n = 90) => (text.length > n ? `${text.slice(0, n).trimEnd()}…` : text);
const visitLabel = (v: EligibleVisit) => `${formatInstant(v.startedAt)} · ${v.observer.name} · ${excerpt(v.evidence.replace(/\s+/g, ' '), 60)}`;

/** The evaluator cites a visit: the picker lists only visits shared with the teacher, to their classroom, in this school. */
function CiteForm({ schoolId, cycle }: { schoolId: string; cycle: Cycle }) {
  const eligible = useQuery(eligibleVisitsQuery(schoolId, cycle.id));
  const cite = useCite(schoolId, cycle.id);
  const id = useId();
  const [visitId, setVisitId] = useState('');
  const [componentKey, setComponentKey] = useState('');
  const [note, setNote] = useState('');
  const failure = cite.error instanceof ApiError ? cite.error : undefined;
  const visitError = failure?.fieldMessage('visitId');
  return (
    <form
      className="cite-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        cite.mutate({ visitId, componentKey: componentKey || null, note }, { onSuccess: () => (setVisitId(''), setNote(''), setComponentKey('')) });
      }}
    >
      <h3>Cite a shared visit</h3>
      <p className="meta">
        Only visits whose evidence was shared with {cycle.teacher.name} are listed (never peer visits or coaching observations). The teacher sees every citation.
      </p>
      <div className={`field${visitError ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-visit`}>Shared visit</label>
        <select id={`${id}-visit`} autoFocus value={visitId} onChange={(e) => setVisitId(e.target.value)} aria-invalid={visitError ? true : undefined} aria-describedby={visitError ? `${id}-visit-error` : undefined}>
          <option value="">{eligible.isPending ? 'Loading visits…' : eligible.data?.length ? 'Choose a visit' : 'No shared visits to cite'}</option>
          {eligible.data?.map((v) => (
            <option key={v.id} value={v.id}>
              {visitLabel(v)}
            </option>
          ))}
        </select>
        {eligible.isError ? <p className="field-error">{errorMessage(eligible.error)}</p> : null}
        {visitError ? (
          <p className="field-error" id={`${id}-visit-error`}>
            {visitError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-component`}>Component it speaks to</label>
        <select id={`${id}-component`} value={componentKey} onChange={(e) => setComponentKey(e.target.value)}>
          <option value="">General (no one component)</option>
          {cycle.rubric.domains.map((d) => (
            <optgroup key={d.key} label={d.name}>
              {d.components.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <TextArea label="Why this evidence matters" rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={failure?.fieldMessage('note')} />
      <FormMessage error={cite.isError && !visitError ? errorMessage(cite.error) : undefined} />
      <button type="submit" className="button button-small" disabled={cite.isPending || !visitId}>
        {cite.isPending ? 'Citing…' : 'Cite visit'}
      </button>
    </form>
  );
}

/** Visit evidence cited in the cycle, visible to the teacher; the evaluator adds and removes citations. */
export function Citations({ schoolId, cycle }: { schoolId: string; cycle: Cycle }) {
  const id = useId();
  const remove = useRemoveCitation(schoolId, cycle.id);
  const [showPicker, setShowPicker] = useState(false);
  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Cited visit evidence</h2>
      {cycle.citations.length === 0 ? <p className="meta">No visit evidence is cited in this evaluation.</p> : null}
      <ul className="citation-list">
        {cycle.citations.map((c) => (
          <li key={c.id} className="citation">
            <p className="citation-head">
              Visit on {formatInstant(c.visitStartedAt)} by {c.observer.name} · <strong>{componentName(cycle.rubric, c.componentKey)}</strong>
            </p>
            <blockquote className="citation-evidence">{c.evidence}</blockquote>
            {c.note ? <p className="pre-wrap">{c.note}</p> : null}
            {cycle.can.edit ? (
              <button type="button" className="button button-secondary" disabled={remove.isPending} onClick={() => remove.mutate(c.id)}>
                Remove citation<span className="visually-hidden"> of the visit on {formatInstant(c.visitStartedAt)}</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {remove.isError ? <p className="notice notice-error">{errorMessage(remove.error)}</p> : null}
      {cycle.can.edit ? (
        showPicker ? (
          <CiteForm schoolId={schoolId} cycle={cycle} />
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setShowPicker(true)}>
            Cite a shared visit…
          </button>
        )
      ) : null}
    </section>
  );
}
