/**
 * The outbox: every visit is written to IndexedDB on the device first, then sent. Nothing is ever dropped:
 * a refusal is kept (with the server's message) until the user fixes, retries or discards it; a network or server
 * error is retried with backoff, when the browser comes back online and when a page loads.
 * Dependency-light on purpose (idb only): the capture page and the single-page app both use it.
 */
import type { PeerVisitCreate } from '../../schemas/expertise';
import type { VisitCreate, VisitUpdate } from '../../schemas/visits';
import { offlineDb, type OutboxEntry, type PhotoEntry } from './offline-db';
import { sendPhoto, sendVisit, whoAmI, type FetchLike, type Outcome } from './outbox-send';
import { afterSend, rebase, type OutboxContents } from './outbox-state';

export type { OutboxEntry, PeerEntry, PhotoEntry } from './offline-db';
export { summarize, type OutboxContents, type OutboxSummary } from './outbox-state';

const CHANGE = 'change';
const events = new EventTarget();
let channel: BroadcastChannel | undefined;
let fetchImpl: FetchLike = (input, init) => fetch(input, init);

/** Replaces `fetch` (unit tests). */
export function setOutboxFetch(impl: FetchLike): void {
  fetchImpl = impl;
}

function otherTabs(): BroadcastChannel | undefined {
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel('rounds-outbox');
    (channel as { unref?: () => void }).unref?.();
    channel.onmessage = () => events.dispatchEvent(new Event(CHANGE));
  }
  return channel;
}

function announce(): void {
  events.dispatchEvent(new Event(CHANGE));
  otherTabs()?.postMessage(CHANGE);
}

/**
 * Tells listeners (the sync status, other tabs) that the outbox changed. A flush sends many visits in a row and each
 * listener reads the whole outbox again, so changes are announced at once, then at most every 200 ms while they keep
 * coming, with a last announcement after the final one.
 */
let quietUntil = 0;
let trailing: ReturnType<typeof setTimeout> | undefined;
function changed(): void {
  const now = Date.now();
  if (now >= quietUntil && !trailing) {
    quietUntil = now + CHANGE_INTERVAL_MS;
    announce();
    return;
  }
  trailing ??= setTimeout(() => {
    trailing = undefined;
    quietUntil = Date.now() + CHANGE_INTERVAL_MS;
    announce();
  }, Math.max(0, quietUntil - now));
}
const CHANGE_INTERVAL_MS = 200;

/** Calls `listener` whenever the outbox changes (in this tab or another). Returns the unsubscribe function. */
export function subscribe(listener: () => void): () => void {
  otherTabs();
  events.addEventListener(CHANGE, listener);
  return () => events.removeEventListener(CHANGE, listener);
}

export type QueueInput =
  | { kind: 'create'; userId: string; body: VisitCreate; teacherName: string }
  | { kind: 'update'; visitId: string; userId: string; schoolId: string; body: VisitUpdate; teacherName: string }
  /** A peer visit: `teacherName` is the visited colleague's. */
  | { kind: 'peer'; userId: string; schoolId: string; body: PeerVisitCreate; teacherName: string };

/** Saves a visit (new or edited) on the device, ready to send. Saving the same id again replaces what waits. */
export async function queueVisit(input: QueueInput): Promise<OutboxEntry> {
  const now = Date.now();
  const tx = (await offlineDb()).transaction('outbox', 'readwrite');
  const before = await tx.store.get(idOf(input));
  const base = {
    id: idOf(input),
    userId: input.userId,
    label: { teacherName: input.teacherName, startedAt: input.body.startedAt },
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: 0,
    createdAt: before?.createdAt ?? now,
    updatedAt: touched(before),
  };
  const entry: OutboxEntry =
    input.kind === 'create'
      ? { ...base, kind: 'create', schoolId: input.body.schoolId, body: input.body }
      : input.kind === 'peer'
        ? { ...base, kind: 'peer', schoolId: input.schoolId, body: input.body }
        : { ...base, kind: 'update', schoolId: input.schoolId, body: input.body };
  await tx.store.put(entry);
  await tx.done;
  changed();
  void askToPersist();
  return entry;
}

/**
 * A user change's stamp: strictly after the one before, even within the same millisecond, so a send that
 * started from an older version never marks a newer one as sent.
 */
const touched = (before?: { updatedAt: number }) => Math.max(Date.now(), (before?.updatedAt ?? 0) + 1);

function idOf(input: QueueInput): string {
  return input.kind === 'update' ? input.visitId : input.body.id;
}

/** Keeps photos of a visit on the device; each is uploaded after its visit reaches the server. */
export async function queuePhotos(visitId: string, userId: string, photos: { id: string; blob: Blob }[]): Promise<void> {
  if (photos.length === 0) return;
  const db = await offlineDb();
  const tx = db.transaction('photos', 'readwrite');
  for (const p of photos) {
    await tx.store.put({ id: p.id, visitId, userId, type: p.blob.type, blob: p.blob, status: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: Date.now() });
  }
  await tx.done;
  changed();
}

/** Everything on the device, oldest first. */
export async function readOutbox(): Promise<OutboxContents> {
  const db = await offlineDb();
  const [visits, photos] = await Promise.all([db.getAll('outbox'), db.getAll('photos')]);
  return { visits: visits.sort((a, b) => a.createdAt - b.createdAt), photos: photos.sort((a, b) => a.createdAt - b.createdAt) };
}

/** One queued visit, if it is on the device. */
export async function readEntry(id: string): Promise<OutboxEntry | undefined> {
  return (await offlineDb()).get('outbox', id);
}

type Patch<T> = (value: T) => T | undefined;

async function patchEntry(id: string, patch: Patch<OutboxEntry>, expectUpdatedAt?: number): Promise<boolean> {
  const tx = (await offlineDb()).transaction('outbox', 'readwrite');
  const entry = await tx.store.get(id);
  // Changed meanwhile (the user fixed it while it was on its way): leave it for the next round.
  const next = entry && (expectUpdatedAt === undefined || entry.updatedAt === expectUpdatedAt) ? patch(entry) : undefined;
  if (next) await tx.store.put(next);
  await tx.done;
  return Boolean(next);
}

async function patchPhoto(id: string, patch: Patch<PhotoEntry>): Promise<void> {
  const tx = (await offlineDb()).transaction('photos', 'readwrite');
  const photo = await tx.store.get(id);
  const next = photo ? patch(photo) : undefined;
  if (next) await tx.store.put(next);
  await tx.done;
}

/** Network failures in a row after which a round of sending stops (the device is taken to be offline). */
const OFFLINE_AFTER_FAILURES = 3;
/** Visits sent at the same time by one device. */
const SENDS_AT_ONCE = 4;
let running: Promise<void> | undefined;
let again = false;
let forceAgain = false;

/**
 * Sends what is due (everything pending when `force`). One flush at a time in a tab, and one across tabs where the
 * browser has Web Locks, so an edit is never sent twice at once.
 */
export function flush(options: { force?: boolean } = {}): Promise<void> {
  if (running) {
    again = true;
    forceAgain ||= Boolean(options.force);
    return running;
  }
  running = (async () => {
    let force = Boolean(options.force);
    do {
      again = false;
      await withLock(() => flushOnce(force));
      force = forceAgain;
      forceAgain = false;
    } while (again);
  })().finally(() => {
    running = undefined;
    schedule();
  });
  return running;
}

function withLock(task: () => Promise<void>): Promise<void> {
  const locks = typeof navigator !== 'undefined' ? (navigator as { locks?: LockManager }).locks : undefined;
  return locks ? locks.request('rounds-outbox', task) : task();
}

async function flushOnce(force: boolean): Promise<void> {
  const now = Date.now();
  const { visits, photos } = await readOutbox();
  const due = <T extends { status: string; nextAttemptAt: number }>(x: T) => x.status === 'pending' && (force || x.nextAttemptAt <= now);
  const visitReady = (visitId: string) => {
    const entry = visits.find((v) => v.id === visitId);
    return !entry || entry.status === 'sent';
  };
  const dueVisits = visits.filter(due);
  const duePhotos = photos.filter((p) => due(p) && visitReady(p.visitId));
  if (dueVisits.length === 0 && duePhotos.length === 0) return;

  const who = await whoAmI(fetchImpl);
  if (who.kind !== 'user') {
    for (const v of dueVisits) await patchEntry(v.id, (e) => afterSend(e, who, now));
    changed();
    return;
  }
  // A dropped request on flaky school Wi-Fi is not "offline": only a few network failures in a row end the round.
  let networkFailures = 0;
  const offline = () => networkFailures >= OFFLINE_AFTER_FAILURES;
  const count = (outcome: Outcome) => {
    networkFailures = outcome.kind === 'retry' && outcome.network ? networkFailures + 1 : 0;
  };
  // A few visits at a time: each is its own idempotent request, and a queue of 20 drains in a fraction of the
  // time on a slow connection. Someone else's visits wait for them to sign in on this device.
  const queue = dueVisits.filter((entry) => entry.userId === who.id);
  const sender = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const outcome: Outcome = offline() ? { kind: 'retry', problem: { code: 'network', message: 'Not sent yet: no connection.' }, network: true } : await sendVisit(fetchImpl, entry);
      if (!offline()) count(outcome);
      const applied = await patchEntry(entry.id, (e) => afterSend(e, outcome, Date.now()), entry.updatedAt);
      if (!applied) {
        again = true; // changed meanwhile: send the newer version next round
        const server = outcome.kind === 'sent' ? outcome.visit : undefined;
        if (server) await patchEntry(entry.id, (e) => rebase(e, server));
      }
      if (outcome.kind === 'sent') visits.splice(visits.indexOf(entry), 1, { ...entry, status: 'sent' });
      changed();
    }
  };
  await Promise.all(Array.from({ length: Math.min(SENDS_AT_ONCE, queue.length) }, sender));
  for (const photo of photos.filter((p) => due(p) && visitReady(p.visitId) && p.userId === who.id)) {
    if (offline()) break;
    const outcome = await sendPhoto(fetchImpl, photo);
    count(outcome);
    await patchPhoto(photo.id, (p) => afterSend(p, outcome, Date.now()));
    changed();
  }
}

/** Sends one failed or waiting visit again now (after the user fixed what was wrong, or just to try). */
export async function retry(id: string): Promise<void> {
  await patchEntry(id, ({ problem: _p, ...e }) => ({ ...e, status: e.status === 'sent' ? 'sent' : 'pending', attempts: 0, nextAttemptAt: 0, updatedAt: touched(e) }));
  const db = await offlineDb();
  for (const photo of await db.getAllFromIndex('photos', 'visitId', id)) {
    if (photo.status === 'failed') await patchPhoto(photo.id, ({ problem: _p, ...p }) => ({ ...p, status: 'pending', attempts: 0, nextAttemptAt: 0 }));
  }
  changed();
  await flush({ force: true });
}

/** Throws away a queued visit and its unsent photos: only ever on the user's explicit request. */
export async function discard(id: string): Promise<void> {
  const db = await offlineDb();
  const tx = db.transaction(['outbox', 'photos'], 'readwrite');
  await tx.objectStore('outbox').delete(id);
  for (const photo of await tx.objectStore('photos').index('visitId').getAll(id)) {
    if (photo.status !== 'sent') await tx.objectStore('photos').delete(photo.id);
  }
  await tx.done;
  changed();
}

/** How many of this user's visits and photos have not reached the server yet. */
export async function unsentFor(userId: string): Promise<{ visits: number; photos: number }> {
  const { visits, photos } = await readOutbox();
  return {
    visits: visits.filter((v) => v.userId === userId && v.status !== 'sent').length,
    photos: photos.filter((p) => p.userId === userId && p.status !== 'sent').length,
  };
}

/**
 * At sign-out: removes everything of this user from the device (their queued visits and photos, sent or not) and the
 * capture kit (names, schedules and look-fors), so the next person on a shared phone finds none of it.
 */
export async function forgetUser(userId: string): Promise<void> {
  const db = await offlineDb();
  const tx = db.transaction(['outbox', 'photos', 'kit'], 'readwrite');
  for (const v of await tx.objectStore('outbox').getAll()) if (v.userId === userId) await tx.objectStore('outbox').delete(v.id);
  for (const p of await tx.objectStore('photos').getAll()) if (p.userId === userId) await tx.objectStore('photos').delete(p.id);
  await tx.objectStore('kit').clear();
  await tx.done;
  changed();
}

/** Throws away one photo that the server refused. */
export async function discardPhoto(id: string): Promise<void> {
  await (await offlineDb()).delete('photos', id);
  changed();
}

/** Resolves an edit conflict by keeping this device's version: it is sent again over the server's newer version. */
export async function keepMine(id: string): Promise<void> {
  await patchEntry(id, (e) => {
    if (e.kind !== 'update' || !e.current) return undefined;
    const { problem: _p, current, ...rest } = e;
    return { ...rest, body: { ...e.body, version: current.version }, status: 'pending', attempts: 0, nextAttemptAt: 0, updatedAt: touched(e) };
  });
  changed();
  await flush({ force: true });
}

/** Forgets sent visits after a day and uploaded photos at once (their content is on the server). */
export async function pruneSent(now = Date.now()): Promise<void> {
  const db = await offlineDb();
  const tx = db.transaction(['outbox', 'photos'], 'readwrite');
  for (const e of await tx.objectStore('outbox').index('status').getAll('sent')) {
    if ((e.sentAt ?? 0) < now - 86_400_000) await tx.objectStore('outbox').delete(e.id);
  }
  for (const p of await tx.objectStore('photos').getAll()) if (p.status === 'sent') await tx.objectStore('photos').delete(p.id);
  await tx.done;
}

let started = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Sends on page load, when the browser comes back online, when the page is shown again, and at each backoff time. */
export function startOutbox(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener('online', () => void flush({ force: true }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void flush();
  });
  void pruneSent().finally(() => flush({ force: true }));
}

function schedule(): void {
  if (!started) return;
  clearTimeout(timer);
  void readOutbox().then(({ visits, photos }) => {
    const next = Math.min(...[...visits, ...photos].filter((x) => x.status === 'pending').map((x) => x.nextAttemptAt));
    if (Number.isFinite(next)) timer = setTimeout(() => void flush(), Math.max(1000, next - Date.now()));
  });
}

/** Asks the browser once to keep this site's storage (Safari otherwise evicts it after 7 days unused). */
async function askToPersist(): Promise<void> {
  try {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage?.persist || localStorage.getItem('rounds.persist-asked')) return;
    localStorage.setItem('rounds.persist-asked', '1');
    if (!(await storage.persisted())) await storage.persist();
  } catch {
    // storage or localStorage unavailable: nothing to ask
  }
}
