import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClass, createSchool, createStaff } from '../../../db/seed/builders';
import { makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let cookie: string;
let cls: { id: string };

beforeAll(async () => {
  t = await testApp();
  fx = await makeDistrict(t.db);
  cookie = await sessionCookie(t.db, fx.users.assistant_principal.id);
  cls = await createClass(t.db, { districtId: fx.district.id, schoolId: fx.school.id, title: 'Art', teacherIds: [fx.users.teacher.id] });
});
afterAll(() => t.close());

const visitOn = (startedAt: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/visits',
    headers: { cookie },
    payload: { id: randomUUID(), schoolId: fx.school.id, teacherId: fx.users.teacher.id, classId: cls.id, startedAt, durationMinutes: 6, evidence: 'x', tags: [] },
  });
const habit = async (at: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/habit?schoolId=${fx.school.id}&at=${encodeURIComponent(at)}`, headers: { cookie } })).json();

describe('streaks', () => {
  it('counts school days in a row with the goal met; weekends do not break it; today counts once met', async () => {
    // Goal 2. Met Thu 19, Fri 20 and Mon 23 November; Wed 18 only one visit.
    await t.app.inject({ method: 'PUT', url: '/api/me/visit-goal', headers: { cookie }, payload: { daily: 2 } });
    for (const day of ['18', '19', '19', '20', '20', '23', '23']) {
      expect((await visitOn(`2026-11-${day}T10:00:00-06:00`)).statusCode).toBe(201);
    }
    const tuesdayMorning = await habit('2026-11-24T08:00:00-06:00');
    expect(tuesdayMorning.goal).toBe(2);
    expect(tuesdayMorning.today).toEqual({ date: '2026-11-24', visits: 0, met: false });
    expect(tuesdayMorning.streak.current).toBe(3);
    await visitOn('2026-11-24T09:00:00-06:00');
    await visitOn('2026-11-24T09:30:00-06:00');
    const tuesdayNoon = await habit('2026-11-24T12:00:00-06:00');
    expect(tuesdayNoon.streak).toEqual({ current: 4, best: 4 });
    expect(tuesdayNoon.recent.at(-1)).toEqual({ date: '2026-11-24', visits: 2, met: true });
    const nextWednesday = await habit('2026-11-26T12:00:00-06:00');
    expect(nextWednesday.streak).toEqual({ current: 0, best: 4 });
  });
});

describe('the 21-day challenge', () => {
  it('starts once, marks days, and completes when all 21 are done', async () => {
    const start = await t.app.inject({ method: 'POST', url: '/api/habit/challenge', headers: { cookie }, payload: { schoolId: fx.school.id } });
    expect(start.statusCode).toBe(201);
    expect(start.json().challenge).toMatchObject({ status: 'active', day: 1, doneDays: [] });
    expect(start.json().challenge.steps).toHaveLength(21);
    const again = await t.app.inject({ method: 'POST', url: '/api/habit/challenge', headers: { cookie }, payload: { schoolId: fx.school.id } });
    expect(again.statusCode).toBe(409);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/habit/challenge/steps/22', headers: { cookie }, payload: { done: true } });
    expect(bad.statusCode).toBe(400);
    for (let day = 1; day <= 21; day++) {
      expect((await t.app.inject({ method: 'PUT', url: `/api/habit/challenge/steps/${day}`, headers: { cookie }, payload: { done: true } })).statusCode).toBe(204);
    }
    const done = await habit(new Date().toISOString());
    expect(done.challenge.status).toBe('completed');
    expect(done.challenge.doneDays).toHaveLength(21);
    // Completed: a new one can start, and stopping it keeps nothing active.
    expect((await t.app.inject({ method: 'POST', url: '/api/habit/challenge', headers: { cookie }, payload: { schoolId: fx.school.id } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/habit/challenge', headers: { cookie } })).statusCode).toBe(204);
    expect((await habit(new Date().toISOString())).challenge).toBeNull();
  });

  it('starts and stops any number of times (the statement keeps working once its prepared plan is generic)', async () => {
    // PostgreSQL switches a prepared statement to a generic plan after five runs on a connection.
    for (let round = 0; round < 8; round++) {
      const start = await t.app.inject({ method: 'POST', url: '/api/habit/challenge', headers: { cookie }, payload: { schoolId: fx.school.id } });
      expect(start.statusCode, `round ${round}: ${start.body}`).toBe(201);
      const again = await t.app.inject({ method: 'POST', url: '/api/habit/challenge', headers: { cookie }, payload: { schoolId: fx.school.id } });
      expect(again.statusCode, `round ${round}: ${again.body}`).toBe(409);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/habit/challenge', headers: { cookie } })).statusCode).toBe(204);
    }
  });
});

describe('calendar blocks and the private iCalendar feed', () => {
  it("before any block is saved, shows times in the leader's school's time zone", async () => {
    const west = await createSchool(t.db, { districtId: fx.district.id, name: 'Pacific School', timezone: 'America/Los_Angeles' });
    const leader = await createStaff(t.db, { districtId: fx.district.id, roles: [{ role: 'principal', schoolId: west.id }] });
    const res = await t.app.inject({ method: 'GET', url: '/api/calendar/blocks', headers: { cookie: await sessionCookie(t.db, leader.id) } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ timezone: 'America/Los_Angeles', blocks: [] });
  });

  it('refuses overlapping blocks, then serves a feed a real iCalendar parser reads as weekly events', async () => {
    const overlap = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/blocks',
      headers: { cookie },
      payload: { schoolId: fx.school.id, blocks: [{ weekday: 1, start: '09:00', end: '10:00' }, { weekday: 1, start: '09:30', end: '10:30' }] },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.fields).toEqual([{ path: 'body.blocks.1', message: 'Overlaps block 1' }]);
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/blocks',
      headers: { cookie },
      payload: { schoolId: fx.school.id, blocks: [{ weekday: 2, start: '09:00', end: '10:00' }, { weekday: 4, start: '13:15', end: '14:00' }] },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ timezone: 'America/Chicago', blocks: [{ weekday: 2, start: '09:00', end: '10:00' }, { weekday: 4, start: '13:15', end: '14:00' }] });

    const feed = await t.app.inject({ method: 'POST', url: '/api/calendar/feed', headers: { cookie, host: 'rounds.school.test' } });
    expect(feed.statusCode).toBe(201);
    const url = new URL(feed.json().url);
    expect(url.host).toBe('rounds.school.test');
    const ics = await t.app.inject({ method: 'GET', url: url.pathname });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(ics.body) as unknown[]);
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary)).toEqual(['Classroom visits', 'Classroom visits']);
    const tuesday = events.find((e) => e.startDate.dayOfWeek() === ICAL.Time.TUESDAY)!;
    expect(tuesday.isRecurring()).toBe(true);
    expect(tuesday.startDate.hour).toBe(9);
    expect(tuesday.endDate.hour).toBe(10);
    expect(String(tuesday.component.getFirstPropertyValue('rrule'))).toContain('FREQ=WEEKLY');

    // A new link retires the old one.
    await t.app.inject({ method: 'POST', url: '/api/calendar/feed', headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(404);
  });
});

describe('tasks', () => {
  it('adds, ticks off and deletes; someone else\'s task is not found', async () => {
    const add = await t.app.inject({ method: 'POST', url: '/api/tasks', headers: { cookie }, payload: { title: 'Order bus for field trip', dueOn: '2026-12-01' } });
    expect(add.statusCode).toBe(201);
    const id = add.json().id;
    const blank = await t.app.inject({ method: 'POST', url: '/api/tasks', headers: { cookie }, payload: { title: '  ' } });
    expect(blank.json().error.fields).toEqual([{ path: 'body.title', message: 'Write what needs doing' }]);
    const tick = await t.app.inject({ method: 'PATCH', url: `/api/tasks/${id}`, headers: { cookie }, payload: { done: true } });
    expect(tick.json()).toMatchObject({ id, done: true, dueOn: '2026-12-01' });
    const other = await sessionCookie(t.db, fx.users.principal.id);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/tasks/${id}`, headers: { cookie: other }, payload: { done: false } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie: other } })).json()).toEqual([]);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tasks/${id}`, headers: { cookie } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie } })).json()).toEqual([]);
  });
});
