import { useEffect, useRef, useState } from 'react';
import { discard, keepMine } from '../lib/outbox';
import { useOnline, useOutbox } from '../lib/OutboxStatus';
import { ConflictView } from './ConflictView';
import type { Kit } from './kit';

interface Props {
  kit: Kit;
  entryId: string;
  teacherName: string;
  edited: boolean;
  onAnother: () => void;
}

/** After Save: where the visit is (on the device, sent, refused, in conflict) and what to do next. */
export function SavedPanel({ kit, entryId, teacherName, edited, onAnother }: Props) {
  const contents = useOutbox();
  const online = useOnline();
  const heading = useRef<HTMLHeadingElement>(null);
  const [tookServer, setTookServer] = useState(false);
  const entry = contents?.visits.find((v) => v.id === entryId);
  const conflict = entry?.kind === 'update' && entry.status === 'conflict' && entry.current ? entry : undefined;

  useEffect(() => {
    heading.current?.focus();
  }, [Boolean(conflict), tookServer]);

  if (conflict && !tookServer) {
    return (
      <ConflictView
        entry={conflict}
        kit={kit}
        onKeepMine={() => void keepMine(conflict.id)}
        onTakeServer={() => void discard(conflict.id).then(() => setTookServer(true))}
      />
    );
  }
  const editHref = `/visits/new?edit=${encodeURIComponent(entryId)}`;
  let title = edited ? 'Changes saved' : 'Visit saved';
  let detail: string;
  if (tookServer) {
    title = 'Saved version kept';
    detail = 'Your changes were discarded; the version saved on the server stays as it is.';
  } else if (!entry || entry.status === 'pending') {
    detail = online
      ? 'Kept on this phone and being sent to Rounds…'
      : 'Kept on this phone. It will be sent to Rounds when you are back online — nothing is lost if you close the app.';
  } else if (entry.status === 'sent') {
    detail = `Sent to Rounds: ${edited ? 'your changes are' : 'the visit is'} saved.`;
  } else {
    title = 'Not accepted';
    detail = `Kept on this phone, but Rounds did not accept it: ${entry.problem?.message ?? 'unknown problem'}`;
  }

  return (
    <section className="saved" aria-labelledby="saved-title">
      <h2 id="saved-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p className="saved-who">
        Visit to <strong>{teacherName}</strong>
      </p>
      <p role="status" aria-live="polite" className={`saved-status saved-${tookServer ? 'sent' : (entry?.status ?? 'pending')}`}>
        {detail}
      </p>
      {entry?.problem?.fields?.length ? (
        <ul>
          {entry.problem.fields.map((f) => (
            <li key={f.path + f.message}>{f.message}</li>
          ))}
        </ul>
      ) : null}
      <div className="saved-buttons">
        <button type="button" className="button button-primary" onClick={onAnother}>
          Start another visit
        </button>
        {entry?.status === 'failed' ? (
          <a className="button button-secondary" href={`/visits/new?fix=${encodeURIComponent(entryId)}`}>
            Fix it
          </a>
        ) : entry?.status === 'sent' || tookServer ? (
          <a className="button button-secondary" href={editHref}>
            Edit this visit
          </a>
        ) : null}
        <a className="button button-secondary" href="/">
          Back to Rounds
        </a>
      </div>
    </section>
  );
}
