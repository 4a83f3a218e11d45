import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ErrorBody } from '../../schemas/common';
import type { PeerVisitCreate } from '../../schemas/expertise';
import type { Visit, VisitCreate, VisitUpdate } from '../../schemas/visits';

/** A problem the server reported for a queued write (or the network, for one still waiting). */
export interface SyncProblem {
  code: string;
  message: string;
  fields?: NonNullable<ErrorBody['error']['fields']>;
}

/**
 * - `pending`: waiting to be sent (offline, server error, or not sent yet);
 * - `failed`: the server refused it (400, 403, 404, 409 on create): kept until the user fixes, retries or discards it;
 * - `conflict`: an edit made from an older version (409): the server's version is kept beside it;
 * - `sent`: the server has it (kept a little while, so the screen can say so).
 */
export type OutboxStatus = 'pending' | 'failed' | 'conflict' | 'sent';

interface EntryBase {
  /** The visit's id (made on the device for a new visit): also the idempotency key of its create. */
  id: string;
  /** The person who captured it: only their session sends it. */
  userId: string;
  schoolId: string;
  /** What the status list shows: whom the visit was of, and when. */
  label: { teacherName: string; startedAt: string };
  status: OutboxStatus;
  attempts: number;
  /** Epoch ms before which an automatic retry waits (backoff). */
  nextAttemptAt: number;
  problem?: SyncProblem;
  createdAt: number;
  updatedAt: number;
  sentAt?: number;
}

export interface CreateEntry extends EntryBase {
  kind: 'create';
  body: VisitCreate;
}

export interface UpdateEntry extends EntryBase {
  kind: 'update';
  body: VisitUpdate;
  /** On a version conflict: the visit as the server has it now. */
  current?: Visit;
}

/**
 * A peer visit (a teacher visiting a colleague who accepted their request). It is sent to its own endpoint,
 * `POST /api/peer-visits` (the school and the visited teacher come from the request), idempotent by its id too.
 */
export interface PeerEntry extends EntryBase {
  kind: 'peer';
  body: PeerVisitCreate;
}

export type OutboxEntry = CreateEntry | UpdateEntry | PeerEntry;

/** A photo waiting to be uploaded after its visit. */
export interface PhotoEntry {
  id: string;
  visitId: string;
  userId: string;
  type: string;
  /** Dropped once uploaded. */
  blob: Blob | null;
  status: 'pending' | 'failed' | 'sent';
  attempts: number;
  nextAttemptAt: number;
  problem?: SyncProblem;
  createdAt: number;
}

interface RoundsOfflineDb extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { status: OutboxStatus } };
  photos: { key: string; value: PhotoEntry; indexes: { visitId: string } };
  /** The capture kit (the user, their schools' look-fors, staff, classes, plan), under keys like `me`, `school:{id}`. */
  kit: { key: string; value: unknown };
}

export const OFFLINE_DB_NAME = 'rounds-offline';
let opening: Promise<IDBPDatabase<RoundsOfflineDb>> | undefined;

/** The device's offline store (one IndexedDB database), opened once per page. */
export function offlineDb(): Promise<IDBPDatabase<RoundsOfflineDb>> {
  opening ??= openDB<RoundsOfflineDb>(OFFLINE_DB_NAME, 1, {
    upgrade(db) {
      const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
      outbox.createIndex('status', 'status');
      const photos = db.createObjectStore('photos', { keyPath: 'id' });
      photos.createIndex('visitId', 'visitId');
      db.createObjectStore('kit');
    },
    blocking() {
      // A newer version of the app wants to upgrade the store: let it.
      void opening?.then((db) => db.close());
      opening = undefined;
    },
  });
  return opening;
}

/** Closes the store (tests open a fresh one between cases). */
export async function closeOfflineDb(): Promise<void> {
  const db = await opening;
  db?.close();
  opening = undefined;
}

/** Reads one kit item saved for offline use. */
export async function readKit<T>(key: string): Promise<T | undefined> {
  return (await (await offlineDb()).get('kit', key)) as T | undefined;
}

/** Saves one kit item for offline use. */
export async function writeKit(key: string, value: unknown): Promise<void> {
  await (await offlineDb()).put('kit', value, key);
}
