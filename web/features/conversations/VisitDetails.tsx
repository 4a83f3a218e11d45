import type { ReactNode } from 'react';
import { formatMoment, STATUS_LABEL, type Visit, type VisitStatus } from './api';
import './conversations.css';
import { VisitPhotos } from '../visits/VisitPhotos';

/** Where the visit is in the loop, as a small label. */
export function StatusBadge({ status }: { status: VisitStatus }) {
  return <span className={`loop-status loop-status-${status}`}>{STATUS_LABEL[status]}</span>;
}

/** "Tue, Nov 24, 9:40 AM · 10 min · Grade 3 Math" (the heading above it names who visited). */
export function VisitMeta({ visit, timeZone }: { visit: Visit; timeZone: string }) {
  return (
    <p className="meta">
      <time dateTime={visit.startedAt}>{formatMoment(visit.startedAt, timeZone)}</time> · {visit.durationMinutes} min
      {visit.class ? <> · {visit.class.title}</> : null}
    </p>
  );
}

/** A small padlock drawn inline (emoji fonts are not everywhere). */
function Lock() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="14" height="14" className="loop-lock">
      <path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
    </svg>
  );
}

/** The guiding question sent with the evidence, set apart so it reads as an invitation. */
export function GuidingQuestionBox({ question, children }: { question: string; children?: ReactNode }) {
  return (
    <div className="loop-question">
      <p className="loop-question-label">Question to think about</p>
      <p className="loop-question-text">{question}</p>
      {children}
    </div>
  );
}

/** What was seen and heard: the evidence, its look-fors and photos. Never the private note (see PrivateNote). */
export function EvidenceBlock({ visit, timeZone, headingLevel = 3 }: { visit: Visit; timeZone: string; headingLevel?: 2 | 3 | 4 }) {
  const H = `h${headingLevel}` as const;
  const when = formatMoment(visit.startedAt, timeZone);
  return (
    <div className="loop-evidence">
      <H className="loop-subheading">Evidence</H>
      {visit.evidence.trim() ? <p className="loop-evidence-text">{visit.evidence}</p> : <p className="meta">No evidence was written.</p>}
      {visit.tags.length ? (
        <ul className="loop-tags" aria-label="Look-fors">
          {visit.tags.map((t) => (
            <li key={t.id} className="loop-tag">
              {t.name}
            </li>
          ))}
        </ul>
      ) : null}
      <VisitPhotos visit={visit} about={`from the visit on ${when}`} className="loop-photos" />
    </div>
  );
}

/** The author's private note, clearly labelled; the API only ever returns it to its author. */
export function PrivateNote({ note }: { note: string | null | undefined }) {
  const text = note?.trim();
  if (!text) return null;
  return (
    <div className="loop-private">
      <p className="loop-private-label">
        <Lock /> Private — only you see this
      </p>
      <p>{text}</p>
    </div>
  );
}
