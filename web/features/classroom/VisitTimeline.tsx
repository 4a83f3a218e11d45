import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { plural } from '../../lib/ui';
import { formatMoment, localZone, type Visit } from '../conversations/api';
import { EvidenceBlock, GuidingQuestionBox, StatusBadge } from '../conversations/VisitDetails';
import './classroom.css';

const PAGE = 10;

/** Every visit shared with the teacher, newest first: who, when, the class, the evidence and the question, then where it stands. */
export function VisitTimeline({ visits, zoneOf }: { visits: Visit[]; zoneOf: (schoolId: string) => string | undefined }) {
  const [shown, setShown] = useState(PAGE);
  const list = useRef<HTMLOListElement>(null);
  const [focusAt, setFocusAt] = useState<number>();
  useEffect(() => {
    if (focusAt === undefined) return;
    list.current?.querySelectorAll<HTMLElement>('.timeline-visit')[focusAt]?.focus();
    setFocusAt(undefined);
  }, [focusAt, shown]);
  return (
    <>
      <ol className="timeline" ref={list}>
        {visits.slice(0, shown).map((visit) => (
          <TimelineVisit key={visit.id} visit={visit} timeZone={zoneOf(visit.schoolId) ?? localZone()} />
        ))}
      </ol>
      {visits.length > shown ? (
        <p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setFocusAt(shown);
              setShown((n) => n + PAGE);
            }}
          >
            Show {Math.min(PAGE, visits.length - shown)} more<span className="visually-hidden"> visits</span>
          </button>{' '}
          <span className="meta">{plural(visits.length - shown, 'older visit')}</span>
        </p>
      ) : null}
    </>
  );
}

function TimelineVisit({ visit, timeZone }: { visit: Visit; timeZone: string }) {
  const when = formatMoment(visit.startedAt, timeZone);
  const headingId = `visit-${visit.id}`;
  return (
    <li className="timeline-visit card" tabIndex={-1} aria-labelledby={headingId}>
      <h3 id={headingId} className="timeline-title">
        <Link to="/my-classroom/visits/$visitId" params={{ visitId: visit.id }}>
          <time dateTime={visit.startedAt}>{when}</time>
        </Link>
      </h3>
      <p className="meta">
        Visited by {visit.observer.name} · {visit.durationMinutes} min{visit.class ? ` · ${visit.class.title}` : ''}
      </p>
      <p>
        <StatusBadge status={visit.status} />
      </p>
      <EvidenceBlock visit={visit} timeZone={timeZone} headingLevel={4} />
      {visit.guidingQuestion ? <GuidingQuestionBox question={visit.guidingQuestion} /> : null}
      <p className="timeline-next">
        {visit.reflection ? (
          <>
            You reflected{visit.reflection.nextStep ? ` and chose a next step` : ''}
            {visit.conversations.length ? ` · ${plural(visit.conversations.length, 'conversation')}` : ''}.{' '}
            <Link to="/my-classroom/visits/$visitId" params={{ visitId: visit.id }}>
              Open the visit<span className="visually-hidden"> of {when}</span>
            </Link>
          </>
        ) : (
          <Link to="/my-classroom/visits/$visitId" params={{ visitId: visit.id }} className="button button-primary">
            Reflect on this visit<span className="visually-hidden"> of {when}</span>
          </Link>
        )}
      </p>
    </li>
  );
}
