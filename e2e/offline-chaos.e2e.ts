import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MeResponse } from '../schemas/auth';
import { apiGet, launchBrowser, openPage, PHONE, signIn } from './support/browser';

/**
 * Offline chaos: three phones queue 1,000 visits in the real outbox (IndexedDB) while 30% of the visit requests are
 * lost — half before the server sees them, half after it has committed (the phone never hears back) — and tabs are
 * closed mid-sync and reopened. When the dust settles the server has every visit exactly once and every phone's
 * outbox says sent.
 */
const TOTAL = 1_000;
const LEADERS = ['principal@demo.test', 'ap@demo.test', 'coach@demo.test'];

interface Phone {
  context: BrowserContext;
  page: Page;
  problems: string[];
  ids: string[];
  dropped: { before: number; after: number; passed: number };
}

/** Drops 15% of visit sends before they reach the server and 15% after the server answered. */
async function chaos(phone: Phone, seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  await phone.context.route('**/api/visits', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const r = random();
    if (r < 0.15) {
      phone.dropped.before += 1;
      return route.abort('connectionreset');
    }
    if (r < 0.3) {
      phone.dropped.after += 1;
      await route.fetch().catch(() => undefined); // the server commits; the phone never hears back
      return route.abort('connectionreset');
    }
    phone.dropped.passed += 1;
    return route.continue();
  });
}

/** Puts visits straight into the app's outbox store, exactly as the capture screen queues them. */
async function queue(page: Page, entries: object[]) {
  await page.evaluate(async (items) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('rounds-offline', 1);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('outbox', 'readwrite');
      for (const item of items) tx.objectStore('outbox').put(item);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, entries);
}

/** The outbox's statuses on a phone. */
function statuses(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('rounds-offline', 1);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = await new Promise<{ status: string }[]>((resolve, reject) => {
      const req = db.transaction('outbox').objectStore('outbox').getAll();
      req.onsuccess = () => resolve(req.result as { status: string }[]);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return all.reduce<Record<string, number>>((n, e) => ({ ...n, [e.status]: (n[e.status] ?? 0) + 1 }), {});
  });
}

describe('offline chaos', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  test(`${TOTAL} visits from 3 phones through dropped requests and killed tabs: none lost, none doubled`, async () => {
    const phones: Phone[] = [];
    for (const [i, email] of LEADERS.entries()) {
      const { context, page, problems } = await openPage(browser, PHONE);
      await signIn(page, email);
      const phone: Phone = { context, page, problems, ids: [], dropped: { before: 0, after: 0, passed: 0 } };
      const me = await apiGet<MeResponse>(page, '/api/me');
      const school = me.schools.find((s) => s.name.startsWith('Maple')) ?? me.schools[0]!;
      const staff = await apiGet<{ id: string; roles: string[]; name?: string }[]>(page, `/api/schools/${school.id}/staff?role=teacher`);
      const count = i === 0 ? TOTAL - 2 * Math.floor(TOTAL / 3) : Math.floor(TOTAL / 3);
      const now = Date.now();
      const entries = Array.from({ length: count }, (_, k) => {
        const id = randomUUID();
        phone.ids.push(id);
        const startedAt = new Date(now - (k + 1) * 90_000).toISOString();
        return {
          id,
          userId: me.user.id,
          schoolId: school.id,
          label: { teacherName: 'Chaos test', startedAt },
          status: 'pending',
          attempts: 0,
          nextAttemptAt: 0,
          createdAt: now,
          updatedAt: now,
          kind: 'create',
          body: { id, schoolId: school.id, teacherId: staff[k % staff.length]!.id, startedAt, durationMinutes: 5, evidence: `Chaos visit ${k} from ${email}.`, tags: [] },
        };
      });
      await chaos(phone, 17 + i);
      await queue(page, entries);
      phones.push(phone);
    }

    // Keep the phones syncing (as coming back online does), killing a tab now and then and opening the app again.
    const deadline = Date.now() + 8 * 60_000;
    let kills = 0;
    let round = 0;
    for (;;) {
      round += 1;
      const left = await Promise.all(phones.map(async (p) => (await statuses(p.page)).pending ?? 0));
      if (left.every((n) => n === 0) || Date.now() > deadline) break;
      for (const p of phones) await p.page.evaluate(() => window.dispatchEvent(new Event('online')));
      await phones[0]!.page.waitForTimeout(400);
      if (round % 4 === 0) {
        const victim = phones[round % phones.length]!;
        await victim.page.close({ runBeforeUnload: false });
        kills += 1;
        victim.page = await victim.context.newPage();
        // The app starts its outbox as soon as it loads.
        await victim.page.goto('/', { waitUntil: 'domcontentloaded' });
        await victim.page.waitForFunction(() => document.querySelector('main, [role="main"]') !== null, undefined, { timeout: 60_000 }).catch(async (error: unknown) => {
          await victim.page.screenshot({ path: '/tmp/chaos-reopen.png' });
          throw error;
        });
      }
    }

    for (const p of phones) {
      expect(await statuses(p.page)).toEqual({ sent: p.ids.length });
    }
    // The server has each visit once: no visit lost, none created twice (each phone's own visits, by id and by count).
    for (const p of phones) {
      const found = await p.page.evaluate(async (ids) => {
        let ok = 0;
        for (const id of ids) if ((await fetch(`/api/visits/${id}`)).status === 200) ok += 1;
        return ok;
      }, p.ids);
      expect(found).toBe(p.ids.length);
    }
    const dropped = phones.reduce((n, p) => ({ before: n.before + p.dropped.before, after: n.after + p.dropped.after, passed: n.passed + p.dropped.passed }), { before: 0, after: 0, passed: 0 });
    expect(dropped.before).toBeGreaterThan(0);
    expect(dropped.after).toBeGreaterThan(0);
    expect(kills).toBeGreaterThan(0);
    console.info(`offline chaos: ${TOTAL} visits, requests passed ${dropped.passed}, dropped before the server ${dropped.before}, after it ${dropped.after}; ${kills} tabs killed`);
    for (const p of phones) await p.context.close();
  }, 900_000);
});
