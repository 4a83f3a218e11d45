import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { useMe } from '../../lib/session';
import { FormMessage } from '../../lib/ui';
import { ownVisitsOfTeacherQuery, useLinkObservation, type CycleDetail } from './api';

/** Visits offered at a time, newest first; more on request. */
const PAGE = 8;
const excerpt = (text: string) => (text.length > 90 ? `${text.slice(0, 90).trimEnd()}…` : text || 'No written evidence.');

/**
 * "Add a visit you already made": the coach picks one of their own visits of the cycle's teacher (not a peer visit,
 * not already an observation) and it becomes an observation of the cycle.
 */
export function LinkVisit({ cycle, moment, onLinked }: { cycle: CycleDetail; moment: (iso: string) => string; onLinked: (message: string) => void }) {
  const me = useMe();
  const name = useId();
  const visits = useQuery(ownVisitsOfTeacherQuery(cycle, me.user.id));
  const link = useLinkObservation(cycle.id);
  const [visitId, setVisitId] = useState('');
  const [missing, setMissing] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const candidates = (visits.data?.items ?? []).filter((v) => v.kind === 'leader' && v.coachingCycleId === null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!visitId) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const chosen = candidates.find((v) => v.id === visitId);
    link.mutate(visitId, {
      onSuccess: () => {
        setVisitId('');
        onLinked(`Added your visit of ${chosen ? moment(chosen.startedAt) : 'that day'} as an observation.`);
      },
    });
  };
  const serverError = link.error instanceof ApiError && link.error.fields.length ? link.error.fields[0]!.message : link.error ? errorMessage(link.error) : undefined;
  return (
    <details className="cycle-link-visit">
      <summary>Add a visit you already made</summary>
      {visits.isPending ? (
        <p className="meta">Loading your visits of {cycle.teacher.name}…</p>
      ) : visits.isError ? (
        <FormMessage error={`Your visits did not load: ${errorMessage(visits.error)}`} />
      ) : candidates.length === 0 ? (
        <p className="meta">You have no other visits of {cycle.teacher.name} to add. Record an observation instead.</p>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Add a visit as an observation">
          <fieldset className={`cycle-visit-choices${missing ? ' field-invalid' : ''}`} aria-describedby={missing ? `${name}-error` : undefined}>
            <legend>Your visits of {cycle.teacher.name}</legend>
            {candidates.slice(0, shown).map((v) => (
              <label key={v.id} className="check cycle-visit-choice">
                <input type="radio" name={name} value={v.id} checked={visitId === v.id} onChange={() => setVisitId(v.id)} />{' '}
                <span>
                  <strong>{moment(v.startedAt)}</strong>
                  {v.class ? ` · ${v.class.title}` : ''} — {excerpt(v.evidence)}
                </span>
              </label>
            ))}
            {candidates.length > shown ? (
              <button type="button" className="button button-secondary button-small" onClick={() => setShown((n) => n + PAGE)}>
                Show older visits ({candidates.length - shown} more)
              </button>
            ) : null}
            {missing ? (
              <p className="field-error" id={`${name}-error`}>
                <span aria-hidden="true">⚠ </span>Choose a visit
              </p>
            ) : null}
          </fieldset>
          <button type="submit" className="button button-primary" disabled={link.isPending}>
            {link.isPending ? 'Adding…' : 'Add as an observation'}
          </button>
          <FormMessage error={serverError} />
        </form>
      )}
    </details>
  );
}
