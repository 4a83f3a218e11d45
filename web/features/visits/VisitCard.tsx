import { Link } from '@tanstack/react-router';
import type { Visit } from './api';
import { VisitPhotos } from './VisitPhotos';
import { formatMoment } from './format';

/** One visit as recorded: who, when, the evidence, look-fors and photos; the author's private note, labelled. */
export function VisitCard({ visit, timeZone, isAuthor }: { visit: Visit; timeZone: string; isAuthor: boolean }) {
  const when = formatMoment(visit.startedAt, timeZone);
  const note = visit.privateNote?.trim();
  return (
    <article className="card visit" aria-labelledby={`visit-${visit.id}`} tabIndex={-1}>
      <h2 id={`visit-${visit.id}`} className="visit-title">
        {visit.teacher.name}
        {visit.class ? <span className="visit-class"> · {visit.class.title}</span> : null}
      </h2>
      <p className="meta">
        <time dateTime={visit.startedAt}>{when}</time> · {visit.durationMinutes} min · by {isAuthor ? 'you' : visit.observer.name}
      </p>
      {visit.evidence.trim() ? (
        <div className="evidence">
          <h3 className="visually-hidden">Evidence</h3>
          <p>{visit.evidence}</p>
        </div>
      ) : (
        <p className="meta">No evidence was written.</p>
      )}
      {visit.tags.length ? (
        <ul className="tags" aria-label="Look-fors">
          {visit.tags.map((t) => (
            <li key={t.id} className="tag">
              {t.name}
            </li>
          ))}
        </ul>
      ) : null}
      <VisitPhotos visit={visit} about={`from the visit to ${visit.teacher.name}, ${when}`} className="photos" />
      {note ? (
        <div className="private-note">
          <p className="private-label">Private — only you see this</p>
          <p>{note}</p>
        </div>
      ) : null}
      <p className="visit-actions">
        <Link to="/visits/$visitId" params={{ visitId: visit.id }} className="button button-secondary">
          Open<span className="visually-hidden"> the visit to {visit.teacher.name}, {when}</span>
        </Link>
        {isAuthor ? (
          <a href={`/visits/new?edit=${encodeURIComponent(visit.id)}`} className="button button-secondary">
            Edit<span className="visually-hidden"> the visit to {visit.teacher.name}, {when}</span>
          </a>
        ) : null}
      </p>
    </article>
  );
}
