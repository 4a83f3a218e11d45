import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { VisitCreate } from '../../schemas/visits';
import { closeOfflineDb } from './offline-db';
import { discard, flush, keepMine, queuePhotos, queueVisit, readEntry, readOutbox, retry, setOutboxFetch, summarize } from './outbox';
import { backoffMs } from './outbox-send';

const USER = '11111111-1111-4111-8111-111111111111';
const SCHOOL = '22222222-2222-4222-8222-222222222222';
const TEACHER = '33333333-3333-4333-8333-333333333333';

interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** A fake server: answers each request with the next scripted reply for its route (or the route's default). */
function fakeServer(replies: Record<string, (Response | 'network')[]>, defaults: Record<string, () => Response | 'network'> = {}) {
  const calls: Call[] = [];
  setOutboxFetch(async (url, init) => {
    const method = init?.method ?? 'GET';
    const key = `${method} ${url.replace(/[0-9a-f-]{36}/g, ':id')}`;
    calls.push({ method, url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body });
    const next = replies[key]?.shift() ?? defaults[key]?.() ?? (key === 'GET /api/me' ? json(200, { user: { id: USER } }) : undefined);
    if (!next) throw new Error(`unexpected ${key}`);
    if (next === 'network') throw new TypeError('Failed to fetch');
    return next;
  });
  return calls;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const visitBody = (id: string, evidence = 'Students read aloud in pairs.'): VisitCreate => ({
  id,
  schoolId: SCHOOL,
  teacherId: TEACHER,
  classId: null,
  startedAt: '2026-11-24T15:40:00.000Z',
  durationMinutes: 8,
  evidence,
  tags: [],
  privateNote: null,
});
const newId = () => crypto.randomUUID();
const queue = (id = newId(), evidence?: string) => queueVisit({ kind: 'create', userId: USER, body: visitBody(id, evidence), teacherName: 'Grace Nakamura' });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  await closeOfflineDb();
});

describe('outbox', () => {
  test('a visit is stored first, then sent once; the same body goes out on every attempt', async () => {
    const calls = fakeServer({ 'POST /api/visits': ['network', json(500, { error: { code: 'internal', message: 'Oops.' } }), json(201, {})] });
    const entry = await queue();
    expect(summarize(await readOutbox())).toMatchObject({ waiting: 1, failed: 0 });

    await flush();
    let stored = await readEntry(entry.id);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, problem: { code: 'network' } });
    expect(stored!.nextAttemptAt).toBeGreaterThan(Date.now());

    await flush(); // not due yet: nothing is sent
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);

    await flush({ force: true }); // e.g. the browser came back online
    stored = await readEntry(entry.id);
    expect(stored).toMatchObject({ status: 'pending', attempts: 2, problem: { code: 'internal' } });

    await flush({ force: true });
    expect(await readEntry(entry.id)).toMatchObject({ status: 'sent' });
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(3);
    expect(posts.every((c) => JSON.stringify(c.body) === JSON.stringify(entry.body))).toBe(true);
    expect(summarize(await readOutbox())).toMatchObject({ waiting: 0, failed: 0, sentRecently: 1 });
  });

  test('a refusal is kept with the server message until the user retries or discards it', async () => {
    const refusal = { error: { code: 'validation_failed', message: 'Some fields need attention.', fields: [{ path: 'body.teacherId', message: 'Choose a teacher of this school' }] } };
    fakeServer({ 'POST /api/visits': [json(400, refusal), json(201, {})] });
    const entry = await queue();
    await flush();
    expect(await readEntry(entry.id)).toMatchObject({ status: 'failed', problem: { code: 'validation_failed', fields: refusal.error.fields } });
    await flush({ force: true }); // failed entries are not retried on their own
    expect(await readEntry(entry.id)).toMatchObject({ status: 'failed' });
    expect(summarize(await readOutbox())).toMatchObject({ waiting: 0, failed: 1 });

    await retry(entry.id);
    expect(await readEntry(entry.id)).toMatchObject({ status: 'sent' });

    const other = await queue();
    fakeServer({ 'POST /api/visits': [json(409, { error: { code: 'conflict', message: 'A different visit was already saved under this id.' } })] });
    await flush();
    expect(await readEntry(other.id)).toMatchObject({ status: 'failed', problem: { code: 'conflict' } });
    await discard(other.id);
    expect(await readEntry(other.id)).toBeUndefined();
  });

  test('a signed-out session or another account on the device never sends the visit', async () => {
    const calls = fakeServer({ 'GET /api/me': [json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }), json(200, { user: { id: 'someone-else' } })] });
    const entry = await queue();
    await flush();
    expect(await readEntry(entry.id)).toMatchObject({ status: 'pending', problem: { code: 'unauthenticated' } });
    expect(summarize(await readOutbox()).needsSignIn).toBe(true);
    await flush({ force: true });
    expect(await readEntry(entry.id)).toMatchObject({ status: 'pending' });
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  test('an edit from an old version keeps both versions; keeping mine resends over the new version', async () => {
    const id = newId();
    const current = { id, version: 3, evidence: 'Edited on the laptop.' };
    const calls = fakeServer({ [`PUT /api/visits/:id`]: [json(409, { error: { code: 'conflict', message: 'This visit was changed on another device.', current } }), json(200, {})] });
    const { id: _id, schoolId: _s, ...rest } = visitBody(id, 'Edited on the phone.');
    await queueVisit({ kind: 'update', visitId: id, userId: USER, schoolId: SCHOOL, body: { ...rest, tags: [], version: 2 }, teacherName: 'Grace Nakamura' });
    await flush();
    const conflicted = await readEntry(id);
    expect(conflicted).toMatchObject({ status: 'conflict', current: { version: 3 } });
    expect(summarize(await readOutbox())).toMatchObject({ failed: 0, conflicts: 1 });

    await keepMine(id);
    expect(await readEntry(id)).toMatchObject({ status: 'sent' });
    const puts = calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => (c.body as { version: number }).version)).toEqual([2, 3]);
    expect((puts[1]!.body as { evidence: string }).evidence).toBe('Edited on the phone.');
  });

  test('a peer visit waits in the same outbox and goes to its own endpoint, with the same id on every attempt', async () => {
    const REQUEST = '44444444-4444-4444-8444-444444444444';
    const calls = fakeServer({ 'POST /api/peer-visits': ['network', json(201, { id: 'x', version: 1 })] });
    const id = newId();
    const body = { id, requestId: REQUEST, classId: null, startedAt: '2026-11-24T15:40:00.000Z', durationMinutes: 20, evidence: 'Dot cards, 3 seconds each.', tags: [], privateNote: null };
    await queueVisit({ kind: 'peer', userId: USER, schoolId: SCHOOL, body, teacherName: 'Ana Teacher' });
    expect(await readEntry(id)).toMatchObject({ kind: 'peer', status: 'pending', schoolId: SCHOOL, label: { teacherName: 'Ana Teacher' } });
    await flush();
    expect(await readEntry(id)).toMatchObject({ status: 'pending', problem: { code: 'network' } });
    expect(summarize(await readOutbox())).toMatchObject({ waiting: 1 });
    await flush({ force: true });
    expect(await readEntry(id)).toMatchObject({ status: 'sent' });
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.url)).toEqual(['/api/peer-visits', '/api/peer-visits']);
    expect(posts.every((c) => JSON.stringify(c.body) === JSON.stringify(body))).toBe(true);
    expect(calls.some((c) => c.url === '/api/visits')).toBe(false);
  });

  test('one dropped request does not stop a round; three in a row do (the device is offline)', async () => {
    const calls = fakeServer({ 'POST /api/visits': ['network', json(201, {}), 'network', json(201, {}), json(201, {}), 'network', 'network', 'network', json(201, {})] });
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await queue()).id);
    await flush();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(8); // the ninth waits: three failures in a row
    const statuses = await Promise.all(ids.map(async (id) => (await readEntry(id))!.status));
    expect(statuses.filter((x) => x === 'sent')).toHaveLength(3);
    expect(statuses.filter((x) => x === 'pending')).toHaveLength(6);
  });

  test('photos wait for their visit, then upload; a refused photo is kept', async () => {
    const calls = fakeServer({
      'POST /api/visits': ['network', json(201, {})],
      'PUT /api/visits/:id/photos/:id': [json(201, {}), json(415, { error: { code: 'unsupported_media_type', message: 'Not an image.' } })],
    });
    const entry = await queue();
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' });
    await queuePhotos(entry.id, USER, [{ id: newId(), blob }, { id: newId(), blob }]);
    await flush();
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0); // the visit is not on the server yet
    expect(summarize(await readOutbox()).photosWaiting).toBe(2);

    await flush({ force: true });
    const { photos } = await readOutbox();
    expect(photos.map((p) => p.status).sort()).toEqual(['failed', 'sent']);
    expect(photos.find((p) => p.status === 'sent')!.blob).toBeNull();
    expect(calls.filter((c) => c.method === 'PUT').every((c) => c.url.startsWith(`/api/visits/${entry.id}/photos/`))).toBe(true);
    expect(summarize(await readOutbox())).toMatchObject({ photosWaiting: 0, photosFailed: 1 });
  });

  test('one flush at a time: a visit is not sent twice when flushes overlap', async () => {
    const calls = fakeServer({}, { 'POST /api/visits': () => json(201, {}) });
    await Promise.all([queue(), queue(), queue()]);
    await Promise.all([flush(), flush(), flush({ force: true })]);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(3);
    expect(summarize(await readOutbox())).toMatchObject({ waiting: 0, sentRecently: 3 });
  });

  test('a visit changed while its first save was on the way is sent as an edit of what the server got', async () => {
    const id = newId();
    let edited = false;
    const calls: Call[] = [];
    setOutboxFetch(async (url, init) => {
      calls.push({ method: init?.method ?? 'GET', url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
      if (url === '/api/me') return json(200, { user: { id: USER } });
      if (init?.method === 'POST' && !edited) {
        edited = true; // the user corrects the visit while its first save is on the way
        await queue(id, 'Corrected: 19 of 24 students wrote a claim.');
      }
      return init?.method === 'POST' ? json(201, { id, version: 1 }) : json(200, { id, version: 2 });
    });
    await queue(id, 'First draft.');
    await flush();
    expect(await readEntry(id)).toMatchObject({ status: 'sent', kind: 'update' });
    const writes = calls.filter((c) => c.method !== 'GET');
    expect(writes.map((c) => c.method)).toEqual(['POST', 'PUT']);
    expect(writes[1]!.body).toMatchObject({ version: 1, evidence: 'Corrected: 19 of 24 students wrote a claim.' });
  });

  test('backoff grows from 2 s to at most 5 minutes', () => {
    expect(backoffMs(1, () => 0.5)).toBe(2000);
    expect(backoffMs(3, () => 0.5)).toBe(8000);
    expect(backoffMs(30, () => 0.5)).toBe(300_000);
    expect(backoffMs(30, () => 1)).toBe(360_000);
  });
});
