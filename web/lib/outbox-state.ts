/** The outbox's pure rules: what a send outcome does to a queued item, and what the status line counts. */
import type { Visit } from '../../schemas/visits';
import type { OutboxEntry, PhotoEntry } from './offline-db';
import { backoffMs, type Outcome } from './outbox-send';

export interface OutboxContents {
  visits: OutboxEntry[];
  photos: PhotoEntry[];
}

export interface OutboxSummary {
  /** Visits waiting to be sent. */
  waiting: number;
  /** Visits the server refused. */
  failed: number;
  /** Edits that met a newer version from another device: both are kept for the user to compare. */
  conflicts: number;
  photosWaiting: number;
  photosFailed: number;
  /** Visits sent from this device in the last day. */
  sentRecently: number;
  /** Something waits because the session ended. */
  needsSignIn: boolean;
}

export function summarize({ visits, photos }: OutboxContents): OutboxSummary {
  return {
    waiting: visits.filter((v) => v.status === 'pending').length,
    failed: visits.filter((v) => v.status === 'failed').length,
    conflicts: visits.filter((v) => v.status === 'conflict').length,
    photosWaiting: photos.filter((p) => p.status === 'pending').length,
    photosFailed: photos.filter((p) => p.status === 'failed').length,
    sentRecently: visits.filter((v) => v.status === 'sent').length,
    needsSignIn: [...visits, ...photos].some((v) => v.status === 'pending' && v.problem?.code === 'unauthenticated'),
  };
}

/** Applies a send outcome to a queued visit or photo. */
export function afterSend<T extends OutboxEntry | PhotoEntry>(item: T, outcome: Outcome, now: number): T {
  const { problem: _drop, ...rest } = item;
  switch (outcome.kind) {
    case 'sent':
      return 'blob' in rest ? ({ ...rest, status: 'sent', blob: null } as T) : ({ ...rest, status: 'sent', sentAt: now, current: undefined } as T);
    case 'refused': {
      const conflict = 'kind' in item && item.kind === 'update' && outcome.current !== undefined;
      return { ...rest, status: conflict ? 'conflict' : 'failed', problem: outcome.problem, ...(conflict ? { current: outcome.current } : {}) } as T;
    }
    case 'retry':
    case 'signin': {
      const attempts = item.attempts + 1;
      return { ...rest, attempts, nextAttemptAt: now + backoffMs(attempts), problem: outcome.problem } as T;
    }
  }
}


/**
 * The user changed a visit while an earlier save of it was on its way, and that earlier save reached the server.
 * The newer edit is rebased on what the server now holds: it becomes an edit of that version (so it is neither
 * refused as "a different visit under this id" nor shown as a conflict with the user's own earlier save).
 */
export function rebase(entry: OutboxEntry, server: Visit): OutboxEntry | undefined {
  if (entry.status === 'sent' || entry.status === 'conflict') return undefined;
  const { classId, startedAt, durationMinutes, evidence, tags, privateNote } = entry.body;
  // A peer visit names no teacher: it stays with the colleague of its request, as the server holds it.
  const teacherId = entry.kind === 'peer' ? server.teacher.id : entry.body.teacherId;
  const body = { version: server.version, teacherId, classId, startedAt, durationMinutes, evidence, tags, privateNote };
  return { ...entry, kind: 'update', body };
}
