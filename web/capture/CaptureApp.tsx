import { useCallback, useEffect, useState } from 'react';
import type { CreateEntry, UpdateEntry } from '../lib/offline-db';
import { newId } from '../lib/ids';
import { discard, flush, queuePhotos, queueVisit, readEntry } from '../lib/outbox';
import { OutboxStatus } from '../lib/OutboxStatus';
import { CaptureForm, type FormValues, type ReadyVisit } from './CaptureForm';
import { HttpError, loadKit, loadVisit, type Kit } from './kit';
import { SavedPanel } from './SavedPanel';
import type { LocalTime } from './schedule';
import { formFromEntry, formFromVisit, momentOf, newVisitForm, readParams, visitedToday, type Params } from './start';

/** What Save writes: a new visit, an edit of one on the server, or a visit still waiting on this device. */
type Target =
  | { kind: 'new'; id: string }
  | { kind: 'server'; id: string; version: number; photos: number }
  | { kind: 'device'; entry: CreateEntry | UpdateEntry; newIdOnSave: boolean };

type Screen =
  | { kind: 'loading' }
  | { kind: 'problem'; title: string; message: string; signIn?: boolean }
  | { kind: 'form'; key: number; kit: Kit; target: Target; initial: FormValues; at: LocalTime; why?: string }
  | { kind: 'saved'; kit: Kit; entryId: string; teacherName: string; edited: boolean };

const SIGN_IN = `/sign-in?redirect=${encodeURIComponent('/visits/new')}`;

async function openTarget(params: Params): Promise<Screen> {
  let result = await loadKit({ schoolId: params.school, at: params.at });
  if (result.kind === 'signin') return { kind: 'problem', title: 'Sign in to record visits', message: 'Your session has ended.', signIn: true };
  if (result.kind === 'not-a-leader') return { kind: 'problem', title: 'Visits are recorded by school leaders', message: 'Only principals, assistant principals and coaches record visits.' };
  if (result.kind === 'offline-empty') {
    return { kind: 'problem', title: 'Not ready for offline use yet', message: 'Open this page once while connected: it then keeps what it needs on this device.' };
  }
  if (result.kind === 'error') return { kind: 'problem', title: 'This could not be loaded', message: result.message };
  let kit = result.kit;
  const key = Date.now();
  const editId = params.edit ?? params.fix;
  if (!editId && params.teacher && !params.school && !kit.data.teachers.some((t) => t.id === params.teacher)) {
    // A link to a teacher of another of the user's schools (a coach works in several): open that school.
    for (const other of kit.schools.filter((s) => s.id !== kit.school.id)) {
      const there = await loadKit({ schoolId: other.id, at: params.at });
      if (there.kind === 'ok' && there.kit.data.teachers.some((t) => t.id === params.teacher)) {
        kit = there.kit;
        break;
      }
    }
  }
  const at = momentOf(kit, params);
  if (!editId) {
    const { initial, why } = newVisitForm(kit, params, await visitedToday(kit));
    return { kind: 'form', key, kit, target: { kind: 'new', id: newId() }, initial, at, why };
  }
  const waiting = await readEntry(editId);
  if (waiting?.kind === 'peer') {
    return { kind: 'problem', title: 'This is a peer visit', message: 'Open it from your peer-visit requests to fix it: it waits on this device until then.' };
  }
  if (waiting?.status === 'conflict') return { kind: 'saved', kit, entryId: waiting.id, teacherName: waiting.label.teacherName, edited: true };
  if (waiting && waiting.status !== 'sent') {
    const newIdOnSave = waiting.kind === 'create' && waiting.status === 'failed' && waiting.problem?.code === 'conflict';
    return { kind: 'form', key, kit, target: { kind: 'device', entry: waiting, newIdOnSave }, initial: formFromEntry(waiting), at };
  }
  if (params.fix) return { kind: 'problem', title: 'Nothing to fix', message: 'This visit is no longer waiting on this device: it was sent or discarded.' };
  try {
    const visit = await loadVisit(editId);
    if (visit.observer.id !== kit.me.user.id) {
      return { kind: 'problem', title: 'Only its author edits a visit', message: `This visit was recorded by ${visit.observer.name}.` };
    }
    if (visit.schoolId !== kit.school.id) {
      result = await loadKit({ schoolId: visit.schoolId, at: null });
      if (result.kind !== 'ok') return { kind: 'problem', title: 'This could not be loaded', message: 'The visit’s school could not be loaded.' };
    }
    const target: Target = { kind: 'server', id: visit.id, version: visit.version, photos: visit.photos.length };
    return { kind: 'form', key, kit: result.kit, target, initial: formFromVisit(visit), at };
  } catch (error) {
    if (error instanceof HttpError) return { kind: 'problem', title: 'Visit not available', message: error.message };
    return { kind: 'problem', title: 'Editing needs a connection', message: 'This visit is not on this device: connect to edit it.' };
  }
}

async function save(kit: Kit, target: Target, v: ReadyVisit, cycleId: string | null): Promise<string> {
  const userId = kit.me.user.id;
  // Photos are resized as soon as they are chosen: a Save right after waits for that to finish.
  const photos = await Promise.all(v.photos.map(async (p) => ({ id: p.id, blob: await p.ready })));
  const teacherName = kit.data.teachers.find((t) => t.id === v.teacherId)?.name ?? 'a teacher';
  const fields = {
    teacherId: v.teacherId,
    classId: v.classId,
    startedAt: v.startedAt.toISOString(),
    durationMinutes: v.durationMinutes,
    evidence: v.evidence,
    tags: v.tags,
    privateNote: v.privateNote.trim() ? v.privateNote : null,
  };
  let id: string;
  if (target.kind === 'server') {
    id = target.id;
    await queueVisit({ kind: 'update', visitId: id, userId, schoolId: kit.school.id, body: { ...fields, version: target.version }, teacherName });
  } else if (target.kind === 'device' && target.entry.kind === 'update') {
    id = target.entry.id;
    await queueVisit({ kind: 'update', visitId: id, userId, schoolId: target.entry.schoolId, body: { ...fields, version: target.entry.body.version }, teacherName });
  } else {
    const schoolId = target.kind === 'device' ? target.entry.schoolId : kit.school.id;
    id = target.kind === 'new' ? target.id : target.newIdOnSave ? newId() : target.entry.id;
    // An observation for a coaching cycle keeps its link through edits made while it waits on the device.
    const cycle = target.kind === 'new' ? cycleId : target.entry.kind === 'create' ? (target.entry.body.coachingCycleId ?? null) : null;
    await queueVisit({ kind: 'create', userId, body: { id, schoolId, ...fields, ...(cycle ? { coachingCycleId: cycle } : {}) }, teacherName });
    if (target.kind === 'device' && id !== target.entry.id) await discard(target.entry.id);
  }
  await queuePhotos(id, userId, photos);
  void flush({ force: true });
  return id;
}

/** The capture page: loads the kit, shows the form, and after Save where the visit is. */
export function CaptureApp() {
  const [params, setParams] = useState(readParams);
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const open = useCallback(
    (p: Params) =>
      void openTarget(p).then(setScreen, (error: unknown) =>
        setScreen({ kind: 'problem', title: 'This could not be loaded', message: error instanceof Error ? error.message : String(error) }),
      ),
    [],
  );
  useEffect(() => open(params), [open, params]);

  const editing = Boolean(params.edit ?? params.fix);
  const title = params.fix ? 'Fix visit' : params.edit ? 'Edit visit' : params.cycle ? 'New coaching observation' : 'New visit';
  useEffect(() => {
    document.title = `${title} · Rounds`;
  }, [title]);
  const kit = screen.kind === 'form' || screen.kind === 'saved' ? screen.kit : undefined;

  const another = () => {
    const next = { ...readParams(''), school: kit?.school.id ?? null, at: params.at };
    history.replaceState(null, '', `/visits/new${next.school ? `?school=${encodeURIComponent(next.school)}` : ''}`);
    setScreen({ kind: 'loading' });
    setParams(next);
  };
  const switchSchool = (schoolId: string) => {
    try {
      localStorage.setItem('rounds.school', schoolId);
    } catch {
      // storage unavailable: the URL carries the school
    }
    history.replaceState(null, '', `/visits/new?school=${encodeURIComponent(schoolId)}`);
    setScreen({ kind: 'loading' });
    setParams({ ...readParams(''), school: schoolId, at: params.at });
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="capture-header">
        <a href="/" className="capture-back">
          <span aria-hidden="true">←</span> Rounds
        </a>
        <h1>{title}</h1>
        {kit && kit.schools.length > 1 && screen.kind === 'form' && screen.target.kind === 'new' ? (
          <label className="capture-school">
            <span className="visually-hidden">School</span>
            <select value={kit.school.id} onChange={(e) => switchSchool(e.target.value)}>
              {kit.schools.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ) : kit ? (
          <span className="capture-school">{kit.school.name}</span>
        ) : null}
      </header>
      <OutboxStatus userId={kit?.me.user.id} />
      <main id="main" tabIndex={-1} className="capture-main">
        {kit?.source === 'device' ? (
          <p className="notice notice-offline">
            <strong>Offline.</strong> Using the teachers, schedule and look-fors saved on this device{' '}
            {new Date(kit.data.fetchedAt).toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' })}. Visits are kept here and
            sent when you are back online.
          </p>
        ) : null}
        {screen.kind === 'loading' ? (
          <p role="status" className="loading">
            <span className="spinner" aria-hidden="true" /> Getting ready…
          </p>
        ) : screen.kind === 'problem' ? (
          <div role="alert" className="notice notice-error">
            <p className="notice-title">{screen.title}</p>
            <p>{screen.message}</p>
            <p>{screen.signIn ? <a href={SIGN_IN}>Sign in</a> : <a href="/">Back to Rounds</a>}</p>
          </div>
        ) : screen.kind === 'saved' ? (
          <SavedPanel kit={screen.kit} entryId={screen.entryId} teacherName={screen.teacherName} edited={screen.edited} onAnother={another} />
        ) : (
          <CaptureForm
            key={screen.key}
            kit={screen.kit}
            initial={screen.initial}
            running={screen.target.kind === 'new'}
            at={screen.at}
            prefillWhy={screen.why}
            existingPhotos={screen.target.kind === 'server' ? screen.target.photos : 0}
            saveLabel={editing ? 'Save changes' : 'Save visit'}
            onSave={async (v) => {
              const entryId = await save(screen.kit, screen.target, v, params.cycle);
              const teacherName = screen.kit.data.teachers.find((t) => t.id === v.teacherId)?.name ?? 'a teacher';
              setScreen({ kind: 'saved', kit: screen.kit, entryId, teacherName, edited: editing });
            }}
          />
        )}
      </main>
    </>
  );
}
