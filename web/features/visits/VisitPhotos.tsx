import type { Visit } from './api';

/** A visit's photos as thumbnails that open full size; `about` ends each description, e.g. "from the visit on Monday". */
export function VisitPhotos({ visit, about, className }: { visit: Pick<Visit, 'id' | 'photos'>; about: string; className: string }) {
  if (visit.photos.length === 0) return null;
  return (
    <ul className={className} aria-label="Photos">
      {visit.photos.map((p, i) => {
        const src = `/api/visits/${encodeURIComponent(visit.id)}/photos/${encodeURIComponent(p.id)}`;
        return (
          <li key={p.id}>
            <a href={src} target="_blank" rel="noopener">
              <img src={src} width={p.width} height={p.height} loading="lazy" alt={`Photo ${i + 1} of ${visit.photos.length} ${about} (opens full size)`} />
            </a>
          </li>
        );
      })}
    </ul>
  );
}
