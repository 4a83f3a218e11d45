import type { Visit } from '../../schemas/visits';
import type { OutboxEntry, PhotoEntry, SyncProblem } from './offline-db';

/** What one attempt to send a queued write came to. */
export type Outcome =
  /** The server has it; for a visit, as the server now holds it (its new version). */
  | { kind: 'sent'; visit?: Visit }
  /** The server refused it (bad input, not allowed, a different visit under the id, an edit from an old version). */
  | { kind: 'refused'; problem: SyncProblem; current?: Visit }
  /** Not sent now (no network, the server is down or busy): try again later. */
  | { kind: 'retry'; problem: SyncProblem; network: boolean }
  /** The session ended: the user has to sign in again before anything is sent. */
  | { kind: 'signin'; problem: SyncProblem };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const NO_NETWORK: SyncProblem = { code: 'network', message: 'Not sent yet: no connection to Rounds. It will be sent when the connection is back.' };
const SIGN_IN: SyncProblem = { code: 'unauthenticated', message: 'Sign in again to send this.' };

interface ParsedError {
  problem: SyncProblem;
  current?: Visit;
}

async function parseError(response: Response): Promise<ParsedError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === 'string' ? error.message : `The server answered ${response.status}. Try again in a moment.`;
  const fields = Array.isArray(error?.fields) ? (error.fields as SyncProblem['fields']) : undefined;
  const current = error?.current && typeof error.current === 'object' ? (error.current as Visit) : undefined;
  return { problem: { code, message, ...(fields?.length ? { fields } : {}) }, current };
}

/** Sorts a response into an outcome: success, refusal (kept for the user), retry later, or sign in. */
async function classify(response: Response, readVisit = false): Promise<Outcome> {
  if (response.ok) {
    const visit = readVisit ? ((await response.json().catch(() => undefined)) as Visit | undefined) : undefined;
    return visit && typeof visit.version === 'number' ? { kind: 'sent', visit } : { kind: 'sent' };
  }
  if (response.status === 401) return { kind: 'signin', problem: SIGN_IN };
  const { problem, current } = await parseError(response);
  if (response.status === 408 || response.status === 425 || response.status === 429 || response.status >= 500) {
    return { kind: 'retry', problem: { ...problem, message: `Not sent yet: ${problem.message}` }, network: false };
  }
  return { kind: 'refused', problem, ...(current ? { current } : {}) };
}

async function attempt(fetchImpl: FetchLike, url: string, init: RequestInit, readVisit = false): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetchImpl(url, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    return { kind: 'retry', problem: NO_NETWORK, network: true };
  }
  return classify(response, readVisit);
}

/** Where a queued visit is sent: each kind of visit has its endpoint, all idempotent by the visit's device-made id. */
const CREATE_URL = { create: '/api/visits', peer: '/api/peer-visits' } as const;

/**
 * Sends one queued visit: a create (POST, idempotent by its id; a peer visit to its own endpoint) or an edit (PUT
 * with the version it started from).
 */
export function sendVisit(fetchImpl: FetchLike, entry: OutboxEntry): Promise<Outcome> {
  const json = { 'content-type': 'application/json' };
  if (entry.kind === 'create' || entry.kind === 'peer') {
    return attempt(fetchImpl, CREATE_URL[entry.kind], { method: 'POST', headers: json, body: JSON.stringify(entry.body) }, true);
  }
  return attempt(fetchImpl, `/api/visits/${encodeURIComponent(entry.id)}`, { method: 'PUT', headers: json, body: JSON.stringify(entry.body) }, true);
}

/** Uploads one photo of a visit the server already has (PUT with a device-made id: sending it twice is harmless). */
export function sendPhoto(fetchImpl: FetchLike, photo: PhotoEntry): Promise<Outcome> {
  if (!photo.blob) return Promise.resolve({ kind: 'sent' });
  const url = `/api/visits/${encodeURIComponent(photo.visitId)}/photos/${encodeURIComponent(photo.id)}`;
  return attempt(fetchImpl, url, { method: 'PUT', headers: { 'content-type': photo.type }, body: photo.blob });
}

/** Who the browser's session belongs to, so a visit is only ever sent by the person who captured it. */
export async function whoAmI(fetchImpl: FetchLike): Promise<{ kind: 'user'; id: string } | Exclude<Outcome, { kind: 'sent' }>> {
  let response: Response;
  try {
    response = await fetchImpl('/api/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    return { kind: 'retry', problem: NO_NETWORK, network: true };
  }
  if (response.ok) {
    const me = (await response.json()) as { user?: { id?: unknown } };
    if (typeof me.user?.id === 'string') return { kind: 'user', id: me.user.id };
    return { kind: 'retry', problem: { code: 'bad_response', message: 'Not sent yet: Rounds answered oddly. Trying again soon.' }, network: false };
  }
  const outcome = await classify(response);
  return outcome.kind === 'sent' ? { kind: 'retry', problem: NO_NETWORK, network: true } : outcome;
}

/** Wait before the n-th automatic retry (n >= 1): 2 s, 4 s, 8 s ... at most 5 minutes, with ±20 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
