import { useRef, useState } from 'react';
import { formatRange, gradeLabel } from '../people/schedule';
import type { Suggestion } from './api';
import { formatMoment } from './format';
import { captureHref } from './roles';

const periodLabel = (period: string | null) => (period === null ? null : /^\d+$/.test(period) ? `Period ${period}` : period);

interface Props {
  items: readonly Suggestion[];
  timeZone: string;
  /** Names the list for screen readers ("Teaching now"). */
  label: string;
  level?: 3 | 4;
  /** Show this many first, with a button for the rest. */
  initial?: number;
}

/** Suggested visits as cards: when and where, the class, why this teacher, and a link to start the visit. */
export function SuggestionList({ items, timeZone, label, level = 3, initial = items.length }: Props) {
  const Heading = level === 4 ? 'h4' : 'h3';
  const [all, setAll] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  const shown = all ? items : items.slice(0, initial);
  const showAll = () => {
    setAll(true);
    // The button goes away: focus moves to the first card that appeared.
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-index="${initial}"] .suggestion-teacher`)?.focus());
  };
  return (
    <>
      <ul className="suggestion-list" aria-label={label} ref={list}>
        {shown.map((s, i) => {
          const where = [formatRange(s), periodLabel(s.period), s.room].filter(Boolean).join(' · ');
          const what = [s.class.title, s.class.grades.map(gradeLabel).join(', '), s.class.subjects.join(', ')].filter(Boolean).join(' · ');
          return (
            <li key={`${s.teacher.id}-${s.class.id}-${s.start}`} className="suggestion" data-index={i}>
              <p className="slot-time">{where}</p>
              <Heading className="suggestion-teacher" tabIndex={-1}>
                {s.teacher.name}
              </Heading>
              <p className="suggestion-class">{what}</p>
              {s.reasons.length ? (
                <ul className="reasons" aria-label={`Why ${s.teacher.name}`}>
                  {s.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : null}
              <p className="meta">Last visited: {s.lastVisitAt ? formatMoment(s.lastVisitAt, timeZone) : 'never'}</p>
              <a className="button button-primary suggestion-go" href={captureHref(s.teacher.id, s.class.id)}>
                Start a visit<span className="visually-hidden"> to {s.teacher.name}</span>
              </a>
            </li>
          );
        })}
      </ul>
      {shown.length < items.length ? (
        <p>
          <button type="button" className="button button-secondary button-block" onClick={showAll}>
            Show all {items.length}
            <span className="visually-hidden"> — {label.toLowerCase()}</span>
          </button>
        </p>
      ) : null}
    </>
  );
}
