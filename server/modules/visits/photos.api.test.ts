import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let cookie: string;
let visitId: string;

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  cookie = await sessionCookie(t.db, fx.users.coach.id);
  visitId = randomUUID();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/visits',
    headers: { cookie },
    payload: { id: visitId, schoolId: fx.school.id, teacherId: fx.users.teacher.id, startedAt: '2026-11-24T10:00:00Z', durationMinutes: 7, evidence: 'Anchor chart photo.', tags: [] },
  });
  expect(res.statusCode).toBe(201);
});
afterAll(() => t.close());

/** A 3000x2000 JPEG carrying EXIF camera and GPS-like metadata. */
const photoWithExif = () =>
  sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCo', Model: 'Classroom Cam', Copyright: 'Somebody' } })
    .toBuffer();

const put = (photoId: string, body: Buffer, type = 'image/jpeg', who = cookie) =>
  t.app.inject({ method: 'PUT', url: `/api/visits/${visitId}/photos/${photoId}`, headers: { cookie: who, 'content-type': type }, payload: body });

it('stores a photo resized and without EXIF metadata; a retry with the same id stores it once', async () => {
  const original = await photoWithExif();
  expect((await sharp(original).metadata()).exif).toBeDefined();
  const photoId = randomUUID();
  const res = await put(photoId, original);
  expect(res.statusCode).toBe(201);
  expect(res.json()).toEqual({ id: photoId, width: 1600, height: 1067 });
  expect((await put(photoId, original)).statusCode).toBe(200);
  const served = await t.app.inject({ method: 'GET', url: `/api/visits/${visitId}/photos/${photoId}`, headers: { cookie } });
  expect(served.statusCode).toBe(200);
  expect(served.headers['content-type']).toBe('image/jpeg');
  const meta = await sharp(served.rawPayload).metadata();
  expect(meta.exif).toBeUndefined();
  expect(meta.width).toBe(1600);
  const visit = await t.app.inject({ method: 'GET', url: `/api/visits/${visitId}`, headers: { cookie } });
  expect(visit.json().photos).toEqual([{ id: photoId, width: 1600, height: 1067 }]);
});

it('judges the format by content: a text file labelled image/png is refused with 415', async () => {
  const res = await put(randomUUID(), Buffer.from('<svg onload=alert(1)>'), 'image/png');
  expect(res.statusCode).toBe(415);
  expect(res.json().error.message).toMatch(/JPEG, PNG or WebP/);
  const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: 'red' } }).gif().toBuffer();
  expect((await put(randomUUID(), gif, 'image/jpeg')).statusCode).toBe(415);
  expect((await put(randomUUID(), Buffer.from('x'), 'application/pdf')).statusCode).toBe(415);
});

it('refuses a photo over 10 MB with 413, and photos from anyone but the author', async () => {
  expect((await put(randomUUID(), Buffer.alloc(11 * 1024 * 1024, 1))).statusCode).toBe(413);
  const principal = await sessionCookie(t.db, fx.users.principal.id);
  const png = await sharp({ create: { width: 20, height: 20, channels: 4, background: 'blue' } }).png().toBuffer();
  expect((await put(randomUUID(), png, 'image/png', principal)).statusCode).toBe(403);
  // The teacher sees the shared visit (and its photos) but adds nothing to the leader's record.
  const teacher = await sessionCookie(t.db, fx.users.teacher.id);
  expect((await put(randomUUID(), png, 'image/png', teacher)).statusCode).toBe(403);
  const stranger = await sessionCookie(t.db, fx.otherTeacher.id);
  expect((await put(randomUUID(), png, 'image/png', stranger)).statusCode).toBe(404);
  const ok = await put(randomUUID(), png, 'image/png');
  expect(ok.statusCode).toBe(201);
});
