import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../../lib/api';
import type { MySchool } from '../../lib/session';
import { plural } from '../../lib/ui';
import { staffQuery } from '../people/api';
import { lookForsQuery } from '../visits/api';
import { evidenceVisitsQuery, type DecisionVisit } from './api';

/** The most visits a decision cites (the API's limit). */
export const MAX_EVIDENCE_VISITS = 50;

/** The first non-empty line of a visit's evidence, as the decision shows it. */
export function firstLine(evidence: string): string {
  const line = evidence.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/** "Nov 10, 2026" for a visit's start, in the school's time zone. */
export function visitDay(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleDateString('en-US', { timeZone, month: 'short', day: 'numeric', year: 'numeric' });
}

/** One cited visit: who was visited, when, the first line of what was seen, and a link to the visit. */
export function CitedVisitLine({ visit, school, leader }: { visit: DecisionVisit; school: MySchool; leader: boolean }) {
  const day = visitDay(visit.startedAt, school.timezone);
  const label = `${visit.teacher.name}, ${day}`;
  return (
    <>
      {leader ? (
        <Link to="/visits/$visitId" params={{ visitId: visit.id }}>
          {label}
        </Link>
      ) : (
        <Link to="/my-classroom/visits/$visitId" params={{ visitId: visit.id }}>
          {label}
        </Link>
      )}
      {visit.firstLine ? <span className="cited-line">{visit.firstLine}</span> : <span className="cited-line meta">No evidence written</span>}
    </>
  );
}

interface Props {
  school: MySchool;
  chosen: DecisionVisit[];
  onChange: (visits: DecisionVisit[]) => void;
  /** The API's message for the chosen visit at this position, if it refused it. */
  errorAt?: (index: number) => string | undefined;
}

/**
 * Finds the school's visits the caller may open (by words of the evidence or the teacher's name, teacher, look-for
 * and dates; 10 at a time with "Show more") and chooses them as evidence. Only the first line of the evidence shows:
 * never a private note. The chosen visits are listed with a button to remove each; their count is announced.
 */
export function VisitEvidencePicker({ school, chosen, onChange, errorAt }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [teacherId, setTeacherId] = useState('');
  const [lookForId, setLookForId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Search once typing pauses, not at every key.
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text]);
  const teachers = useQuery(staffQuery(school.id, { role: 'teacher' }));
  const lookFors = useQuery(lookForsQuery(school.id));
  const found = useInfiniteQuery(evidenceVisitsQuery(school.id, { q, teacherId, lookForId, from, to }));
  const visits = found.data?.pages.flatMap((p) => p.items) ?? [];
  const chosenIds = new Set(chosen.map((v) => v.id));
  const full = chosen.length >= MAX_EVIDENCE_VISITS;

  // After "Show more", focus moves to the first visit that arrived, so keyboard users read on from there.
  const list = useRef<HTMLUListElement>(null);
  const [focusAt, setFocusAt] = useState<number>();
  useEffect(() => {
    if (focusAt === undefined || visits.length <= focusAt) return;
    list.current?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[focusAt]?.focus();
    setFocusAt(undefined);
  }, [focusAt, visits.length]);

  const count = useRef<HTMLParagraphElement>(null);
  const remove = (visitId: string) => {
    onChange(chosen.filter((c) => c.id !== visitId));
    // The button goes away with its visit: keep focus in the picker, on the count that announces the change.
    count.current?.focus();
  };
  const toggle = (visit: (typeof visits)[number], on: boolean) => {
    if (on) onChange([...chosen, { id: visit.id, teacher: visit.teacher, startedAt: visit.startedAt, firstLine: firstLine(visit.evidence) }]);
    else onChange(chosen.filter((v) => v.id !== visit.id));
  };
  const filtered = Boolean(q || teacherId || lookForId || from || to);

  return (
    <fieldset className="visit-picker">
      <legend>Visits it rests on</legend>
      <p className="hint" id={`${id}-hint`}>
        Find visits of the school you can open and tick the ones the decision rests on. Only the first line of the evidence shows here; private notes never do.
      </p>
      <div className="filters visit-picker-filters">
        <div className="field filter-grow">
          <label htmlFor={`${id}-q`}>Search the evidence or a teacher’s name</label>
          <input id={`${id}-q`} type="search" value={text} maxLength={100} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-teacher`}>Teacher</label>
          <select id={`${id}-teacher`} value={teacherId} onChange={(e) => setTeacherId(e.target.value)}>
            <option value="">Every teacher</option>
            {(teachers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-look-for`}>Look-for</label>
          <select id={`${id}-look-for`} value={lookForId} onChange={(e) => setLookForId(e.target.value)}>
            <option value="">Any look-for</option>
            {(lookFors.data ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      {found.isPending ? (
        <p className="meta" role="status">
          Loading visits…
        </p>
      ) : found.isError ? (
        <p className="notice notice-error" role="alert">
          Visits could not be loaded ({errorMessage(found.error)}).{' '}
          <button type="button" className="button button-small button-secondary" onClick={() => void found.refetch()}>
            Try again
          </button>
        </p>
      ) : visits.length === 0 ? (
        <p className="meta">{filtered ? 'No visits match these filters.' : 'No visits recorded at this school yet.'}</p>
      ) : (
        <>
          <ul ref={list} className={`visit-choices${found.isPlaceholderData ? ' is-updating' : ''}`} aria-label="Visits found" aria-busy={found.isFetching ? true : undefined}>
            {visits.map((v) => {
              const on = chosenIds.has(v.id);
              return (
                <li key={v.id}>
                  <label className="check">
                    <input type="checkbox" checked={on} disabled={!on && full} onChange={(e) => toggle(v, e.target.checked)} />
                    <span>
                      <strong>{v.teacher.name}</strong>, {visitDay(v.startedAt, school.timezone)}
                      {v.tags.length ? <span className="meta"> · {v.tags.map((t) => t.name).join(', ')}</span> : null}
                      <span className="cited-line">{firstLine(v.evidence) || 'No evidence written'}</span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          {found.hasNextPage ? (
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={found.isFetchingNextPage}
              onClick={() => {
                const next = visits.length;
                void found.fetchNextPage().then(() => setFocusAt(next));
              }}
            >
              {found.isFetchingNextPage ? 'Loading…' : 'Show more visits'}
            </button>
          ) : null}
        </>
      )}
      <p ref={count} className="chosen-count" aria-live="polite" aria-atomic="true" tabIndex={-1}>
        {chosen.length === 0 ? 'No visits chosen.' : `${plural(chosen.length, 'visit')} chosen.`}
        {full ? ` That is the most a decision cites.` : ''}
      </p>
      {chosen.length > 0 ? (
        <ul className="chosen-visits" aria-label="Chosen visits">
          {chosen.map((v, i) => {
            const error = errorAt?.(i);
            const day = visitDay(v.startedAt, school.timezone);
            return (
              <li key={v.id} className={error ? 'field-invalid' : undefined}>
                <span>
                  <strong>{v.teacher.name}</strong>, {day}
                  <span className="cited-line">{v.firstLine || 'No evidence written'}</span>
                  {error ? (
                    <span className="field-error">
                      <span aria-hidden="true">⚠ </span>
                      {error}
                    </span>
                  ) : null}
                </span>
                <button type="button" className="button button-small button-secondary" aria-label={`Remove the visit to ${v.teacher.name} on ${day}`} onClick={() => remove(v.id)}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </fieldset>
  );
}
