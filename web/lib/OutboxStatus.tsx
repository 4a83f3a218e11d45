import { useEffect, useState } from 'react';
import './outbox-status.css';
import { discard, discardPhoto, flush, readOutbox, retry, subscribe, summarize, type OutboxContents, type OutboxEntry } from './outbox';

/** The outbox as it is now, kept up to date (this tab and others). */
export function useOutbox(): OutboxContents | undefined {
  const [contents, setContents] = useState<OutboxContents>();
  useEffect(() => {
    let live = true;
    const load = () => void readOutbox().then((c) => live && setContents(c), () => undefined);
    load();
    const unsubscribe = subscribe(load);
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return contents;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' });

/**
 * "2 visits waiting to sync", "1 failed — review": what this device still has to send, in a polite live region,
 * with the failed ones listed on request (retry, fix or discard — nothing is ever dropped silently).
 */
export function OutboxStatus({ quietWhenEmpty = false, userId }: { quietWhenEmpty?: boolean; userId?: string }) {
  const all = useOutbox();
  // On a shared device, what another account left waits for them: it is not this user's to review.
  const contents = all && userId ? { visits: all.visits.filter((v) => v.userId === userId), photos: all.photos.filter((p) => p.userId === userId) } : all;
  const online = useOnline();
  const [open, setOpen] = useState(false);
  if (!contents) return quietWhenEmpty ? null : <p className="outbox-line" role="status" aria-live="polite" />;
  const s = summarize(contents);
  const problems = contents.visits.filter((v) => v.status === 'failed' || v.status === 'conflict');
  const badPhotos = contents.photos.filter((p) => p.status === 'failed');
  const busy = s.waiting + s.failed + s.conflicts + s.photosWaiting + s.photosFailed > 0;
  if (!busy && quietWhenEmpty) return null;

  const parts: string[] = [];
  if (s.waiting) parts.push(`${plural(s.waiting, 'visit')} waiting to sync`);
  if (s.photosWaiting) parts.push(`${plural(s.photosWaiting, 'photo')} waiting`);
  if (s.failed) parts.push(`${s.failed} failed — review`);
  if (s.conflicts) parts.push(`${plural(s.conflicts, 'edit conflict')} — review`);
  if (s.photosFailed) parts.push(`${plural(s.photosFailed, 'photo')} refused — review`);
  const line = parts.length ? parts.join(' · ') : s.sentRecently ? 'All visits sent' : 'Nothing waiting to sync';
  const note = s.waiting || s.photosWaiting ? (!online ? 'Offline: kept on this device and sent when the connection is back.' : s.needsSignIn ? 'Sign in again to send.' : '') : '';

  return (
    <section className={`outbox${s.failed || s.conflicts || s.photosFailed ? ' outbox-problem' : busy ? ' outbox-waiting' : ''}`} aria-label="Sync status">
      <div className="outbox-bar">
        <p className="outbox-line" role="status" aria-live="polite">
          {line}
          {note ? <span className="outbox-note"> {note}</span> : null}
        </p>
        {s.needsSignIn && online ? (
          <a className="outbox-action" href={`/sign-in?redirect=${encodeURIComponent(location.pathname + location.search)}`}>
            Sign in
          </a>
        ) : null}
        {s.waiting && online && !s.needsSignIn ? (
          <button type="button" className="outbox-action" onClick={() => void flush({ force: true })}>
            Send now
          </button>
        ) : null}
        {problems.length || badPhotos.length ? (
          <button type="button" className="outbox-action" aria-expanded={open} aria-controls="outbox-problems" onClick={() => setOpen(!open)}>
            {open ? 'Hide' : 'Review'}
          </button>
        ) : null}
      </div>
      {open && (problems.length || badPhotos.length) ? (
        <ul id="outbox-problems" className="outbox-list">
          {problems.map((entry) => (
            <Problem key={entry.id} entry={entry} />
          ))}
          {badPhotos.map((photo) => (
            <li key={photo.id} className="outbox-item">
              <p>
                <strong>A photo was not accepted.</strong> {photo.problem?.message}
              </p>
              <button type="button" className="button button-secondary" onClick={() => void discardPhoto(photo.id)}>
                Discard this photo
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Problem({ entry }: { entry: OutboxEntry }) {
  const [confirming, setConfirming] = useState(false);
  const conflict = entry.status === 'conflict';
  // A peer visit is fixed on its own page (a teacher has no visit capture page).
  const fixHref =
    entry.kind === 'peer'
      ? `/schools/${encodeURIComponent(entry.schoolId)}/learn/requests/${encodeURIComponent(entry.body.requestId)}/visit`
      : `/visits/new?${conflict ? 'edit' : 'fix'}=${encodeURIComponent(entry.id)}`;
  return (
    <li className="outbox-item">
      <p>
        <strong>
          {entry.kind === 'update' ? 'Edit of the visit' : entry.kind === 'peer' ? 'Peer visit' : 'Visit'} to {entry.label.teacherName}, {when(entry.label.startedAt)}
        </strong>
        <br />
        {conflict ? 'Changed on another device since you opened it: compare the two versions.' : entry.problem?.message}
      </p>
      {entry.problem?.fields?.length ? (
        <ul className="outbox-fields">
          {entry.problem.fields.map((f) => (
            <li key={f.path + f.message}>{f.message}</li>
          ))}
        </ul>
      ) : null}
      <div className="outbox-buttons">
        <a className="button button-primary" href={fixHref}>
          {conflict ? 'Compare' : 'Fix'}
        </a>
        {conflict ? null : (
          <button type="button" className="button button-secondary" onClick={() => void retry(entry.id)}>
            Retry
          </button>
        )}
        {confirming ? (
          <>
            <button type="button" className="button button-danger" onClick={() => void discard(entry.id)}>
              Yes, discard it
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
            Discard…
          </button>
        )}
      </div>
    </li>
  );
}
