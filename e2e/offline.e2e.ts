import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_PHOTO_SIDE } from '../schemas/visits';
import { apiGet, checkNoHorizontalScroll, launchBrowser, signIn, waitForTitle } from './support/browser';
import { captureSetup, myVisits, openPhone, syncStatus } from './support/capture';
import { screenshotPath } from './support/screenshots';

/** Chooses a teacher with the search-as-you-type picker: type part of the name, arrow to it, Enter. */
async function pickTeacher(page: Page, name: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Teacher' });
  await picker.tap();
  await picker.fill(name.split(' ')[0]!);
  const options = await page.getByRole('listbox', { name: 'Teachers' }).getByRole('option').allTextContents();
  const index = options.findIndex((t) => t.startsWith(name));
  expect(index, `${name} is offered`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  expect(await picker.inputValue()).toBe(name);
}

describe('offline capture', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('offline after one visit online: the page reloads, 3 visits wait on the device, exactly 3 reach the server', async () => {
    const { page, problems, context } = await openPhone(browser);
    await signIn(page, 'principal@demo.test');
    const setup = await captureSetup(page);
    const teachers = await apiGet<{ id: string; name: string }[]>(page, `/api/schools/${setup.school.id}/staff?role=teacher`);
    const before = new Set((await myVisits(page, setup)).map((v) => v.id));
    // What reaches the server for each photo (the server resizes again, so its answer would not show it).
    const uploads = new Map<string, Buffer>();
    await page.route('**/api/visits/*/photos/*', async (route) => {
      const body = route.request().postDataBuffer();
      if (route.request().method() === 'PUT' && body) uploads.set(new URL(route.request().url()).pathname, body);
      await route.fallback();
    });

    // Installable: a manifest with icons, and a service worker that keeps the shell.
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await apiGet<{ name: string; start_url: string; display: string; icons: { sizes: string }[] }>(page, manifestHref!);
    expect(manifest).toMatchObject({ name: 'Rounds', start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

    // Online once: the capture page saves its kit on the device and the service worker installs.
    await page.goto('/visits/new');
    await waitForTitle(page, 'New visit');
    await page.getByRole('button', { name: 'Save visit' }).waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    await context.setOffline(true);
    const offlinePage = await page.reload();
    expect(offlinePage?.fromServiceWorker(), 'the page comes from the service worker').toBe(true);
    await waitForTitle(page, 'New visit');
    await page.getByText('Offline.').waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the service worker').toBe(true);

    const chosen = [teachers[0]!, teachers[1]!, teachers[2]!];
    for (const [i, teacher] of chosen.entries()) {
      await pickTeacher(page, teacher.name);
      await page.getByLabel('Evidence').tap();
      await page.keyboard.type(`Offline visit ${i + 1}: 4 students read their exit tickets aloud.`);
      await page.getByRole('button', { name: setup.lookFors[i]!.name }).tap();
      if (i === 0) {
        // A photo of the board: kept on the device as a Blob, uploaded after its visit.
        const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2f6f5e' } }).png().toBuffer();
        await page.getByLabel('Photo of student work or the board (optional)').setInputFiles({ name: 'board.png', mimeType: 'image/png', buffer: png });
        await page.getByText('Photo 1', { exact: true }).waitFor();
        // A phone camera's photo: 4000 x 3000, taken with the phone turned (EXIF orientation 6: upright it is 3000 x 4000).
        const camera = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#d8c9a3' } })
          .jpeg({ quality: 95 })
          .withMetadata({ orientation: 6 })
          .toBuffer();
        await page.getByLabel('Photo of student work or the board (optional)').setInputFiles({ name: 'worksheet.jpg', mimeType: 'image/jpeg', buffer: camera });
        await page.getByText('Photo 2', { exact: true }).waitFor();
        // The preview is the photo as it will be kept and sent: upright, its long side at the server's limit.
        const thumb = page.locator('img.photo-thumb').nth(1);
        await thumb.waitFor();
        const shown = await thumb.evaluate(async (img: HTMLImageElement) => {
          await img.decode();
          return [img.naturalWidth, img.naturalHeight];
        });
        expect(shown).toEqual([1200, MAX_PHOTO_SIDE]);
      }
      await page.getByRole('button', { name: 'Save visit' }).tap();
      await page.getByRole('main').getByRole('status').filter({ hasText: 'Kept on this phone' }).waitFor();
      await syncStatus(page).filter({ hasText: `${i + 1} ${i === 0 ? 'visit' : 'visits'} waiting to sync` }).waitFor();
      if (i < 2) {
        await page.getByRole('button', { name: 'Start another visit' }).tap();
        await page.getByRole('button', { name: 'Save visit' }).waitFor();
      }
    }
    await syncStatus(page).filter({ hasText: '3 visits waiting to sync · 2 photos waiting' }).waitFor();
    await checkNoHorizontalScroll(page);
    await page.screenshot({ path: screenshotPath('capture-offline-phone.png'), fullPage: false });

    // Kept in IndexedDB, not in memory: still waiting after another offline reload.
    await page.reload();
    await syncStatus(page).filter({ hasText: '3 visits waiting to sync' }).waitFor();
    expect((await myVisits(page, setup)).filter((v) => !before.has(v.id))).toHaveLength(0);

    await context.setOffline(false);
    await syncStatus(page).filter({ hasText: 'All visits sent' }).waitFor({ timeout: 60_000 });
    const added = (await myVisits(page, setup)).filter((v) => !before.has(v.id));
    expect(added).toHaveLength(3);
    expect(added.map((v) => v.teacher.id).sort()).toEqual(chosen.map((t) => t.id).sort());
    expect(added.map((v) => v.evidence).sort()).toEqual([1, 2, 3].map((n) => `Offline visit ${n}: 4 students read their exit tickets aloud.`));
    const photos = added.find((v) => v.evidence.startsWith('Offline visit 1'))!.photos;
    expect(photos.map((p) => [p.width, p.height]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [64, 48],
      [1200, MAX_PHOTO_SIDE],
    ]);
    // Made smaller on the phone before it was queued: the small PNG went as it was, the camera photo as an upright
    // JPEG within the limit, without its EXIF data.
    const sent = await Promise.all([...uploads.values()].map(async (bytes) => ({ bytes: bytes.length, meta: await sharp(bytes).metadata() })));
    expect(sent).toHaveLength(2);
    const png = sent.find((p) => p.meta.format === 'png')!;
    expect([png.meta.width, png.meta.height]).toEqual([64, 48]);
    const jpeg = sent.find((p) => p.meta.format === 'jpeg')!;
    expect([jpeg.meta.width, jpeg.meta.height]).toEqual([1200, MAX_PHOTO_SIDE]);
    expect(jpeg.meta.exif).toBeUndefined();
    expect(jpeg.meta.orientation).toBeUndefined();

    // Sending again (a reload flushes the outbox) creates nothing more; the service worker never kept API answers.
    await page.reload();
    await syncStatus(page).filter({ hasText: 'All visits sent' }).waitFor();
    expect((await myVisits(page, setup)).filter((v) => !before.has(v.id))).toHaveLength(3);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(cached).toEqual(expect.arrayContaining(['/index.html', '/capture.html']));
    expect(cached.filter((u) => u.startsWith('/api/'))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a refused visit is kept with the server’s message until fixed; a server error is retried on its own', async () => {
    const { page, problems, context } = await openPhone(browser);
    await signIn(page, 'principal@demo.test');
    const setup = await captureSetup(page);
    const teachers = await apiGet<{ id: string; name: string }[]>(page, `/api/schools/${setup.school.id}/staff?role=teacher`);
    const before = new Set((await myVisits(page, setup)).map((v) => v.id));
    const answers: { status: number; body: unknown }[] = [
      { status: 400, body: { error: { code: 'validation_failed', message: 'Some fields need attention.', fields: [{ path: 'body.teacherId', message: 'Choose a teacher of this school' }] } } },
    ];
    await page.route('**/api/visits', async (route) => {
      const answer = route.request().method() === 'POST' ? answers.shift() : undefined;
      if (!answer) return route.fallback();
      return route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.body) });
    });

    await page.goto('/visits/new');
    await waitForTitle(page, 'New visit');
    await pickTeacher(page, teachers[3]!.name);
    await page.getByLabel('Evidence').fill('Refused once: the class counted to 100 by tens.');
    await page.getByRole('button', { name: 'Save visit' }).tap();
    await page.getByRole('heading', { name: 'Not accepted' }).waitFor();
    await syncStatus(page).filter({ hasText: '1 failed — review' }).waitFor();
    await page.getByRole('button', { name: 'Review' }).tap();
    await page.getByRole('region', { name: 'Sync status' }).getByText('Choose a teacher of this school').waitFor();
    await page.reload(); // kept on the device, not in memory
    await syncStatus(page).filter({ hasText: '1 failed — review' }).waitFor();
    await page.getByRole('button', { name: 'Review' }).tap();
    await page.getByRole('link', { name: 'Fix' }).tap();
    await waitForTitle(page, 'Fix visit');
    expect(await page.getByLabel('Evidence').inputValue()).toBe('Refused once: the class counted to 100 by tens.');
    await page.getByRole('button', { name: 'Save changes' }).tap();
    await page.getByRole('main').getByRole('status').filter({ hasText: /^Sent to Rounds/ }).waitFor();

    // The server is down for a moment: the visit waits, then goes by itself (backoff), once.
    answers.push({ status: 503, body: { error: { code: 'unavailable', message: 'Down for maintenance.' } } });
    await page.getByRole('button', { name: 'Start another visit' }).tap();
    await pickTeacher(page, teachers[4]!.name);
    await page.getByLabel('Evidence').fill('Retried: partners took turns reading one page each.');
    await page.getByRole('button', { name: 'Save visit' }).tap();
    await syncStatus(page).filter({ hasText: '1 visit waiting to sync' }).waitFor();
    await syncStatus(page).filter({ hasText: 'All visits sent' }).waitFor({ timeout: 30_000 });

    const added = (await myVisits(page, setup)).filter((v) => !before.has(v.id));
    expect(added.map((v) => v.evidence).sort()).toEqual([
      'Refused once: the class counted to 100 by tens.',
      'Retried: partners took turns reading one page each.',
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('signing out with a visit not yet sent asks first; signing out leaves nothing of the user on a shared phone', async () => {
    const { page, context } = await openPhone(browser);
    await signIn(page, 'principal@demo.test');
    const setup = await captureSetup(page);
    const teachers = await apiGet<{ id: string; name: string }[]>(page, `/api/schools/${setup.school.id}/staff?role=teacher`);
    // The school's Wi-Fi lets nothing through to Rounds' visit API: the visit stays on the phone.
    await page.route('**/api/visits', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback()));
    await page.goto('/visits/new');
    await waitForTitle(page, 'New visit');
    await pickTeacher(page, teachers[5]!.name);
    await page.getByLabel('Evidence').fill('Unsent: two students explained their strategy at the board.');
    await page.getByRole('button', { name: 'Save visit' }).tap();
    await syncStatus(page).filter({ hasText: '1 visit waiting to sync' }).waitFor();
    const stored = () =>
      page.evaluate(
        () =>
          new Promise<{ outbox: number; kit: number }>((resolve, reject) => {
            const open = indexedDB.open('rounds-offline');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction(['outbox', 'kit']);
              const outbox = tx.objectStore('outbox').count();
              const kit = tx.objectStore('kit').count();
              tx.oncomplete = () => {
                resolve({ outbox: outbox.result, kit: kit.result });
                open.result.close();
              };
            };
          }),
      );
    expect((await stored()).kit).toBeGreaterThan(0);

    await page.goto('/account');
    await waitForTitle(page, 'Account');
    await page.getByRole('button', { name: 'Sign out' }).tap();
    const warning = page.getByRole('group', { name: '1 visit has not reached Rounds yet' });
    await warning.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('1 visit has not reached Rounds yet');
    await warning.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('sign-out-unsent-phone.png'), fullPage: false });
    await warning.getByRole('button', { name: 'Stay signed in' }).tap();
    await warning.waitFor({ state: 'detached' });
    expect((await stored()).outbox).toBe(1);

    await page.getByRole('button', { name: 'Sign out' }).tap();
    await warning.getByRole('button', { name: 'Sign out and delete it' }).tap();
    await waitForTitle(page, 'Sign in');
    expect(await stored()).toEqual({ outbox: 0, kit: 0 });
    await context.close();
  });
});
