import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Habit } from '../schemas/habit';
import type { MeResponse } from '../schemas/auth';
import { apiGet, checkAccessibleBasics, checkNoHorizontalScroll, launchBrowser, openPage, PHONE, signIn, waitForTitle } from './support/browser';
import { clickNav } from './support/nav';
import { screenshotPath } from './support/screenshots';

interface Task {
  id: string;
  title: string;
  done: boolean;
}

describe('a coach builds the visit habit on a phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('starts the 21-day challenge, ticks day 1, adds a visit block, makes a calendar link and keeps a task list', async () => {
    const { page, problems, context } = await openPage(browser, PHONE);
    await signIn(page, 'coach@demo.test');
    const me = await apiGet<MeResponse>(page, '/api/me');
    const school = me.schools[0]!;
    await waitForTitle(page, school.name);

    await clickNav(page, 'Habit');
    await waitForTitle(page, 'Your visit habit');
    const streak = page.getByRole('region', { name: 'Your streak' });
    await streak.getByText(/in a row with the goal met/).waitFor();
    expect(await streak.getByRole('list', { name: 'Last two weeks' }).getByRole('listitem').count()).toBe(10);

    // The challenge: start it, today's step comes first, tick it off; it stays ticked after a reload.
    const challenge = page.getByRole('region', { name: '21-day challenge' });
    await challenge.getByRole('button', { name: 'Start the 21-day challenge' }).click();
    await challenge.getByText('Day 1 of 21').waitFor();
    await challenge.getByRole('heading', { level: 3, name: 'Three short visits' }).waitFor();
    await challenge.getByRole('checkbox', { name: 'Day 1 done' }).check();
    await expect.poll(async () => (await apiGet<Habit>(page, `/api/habit?schoolId=${school.id}`)).challenge?.doneDays).toEqual([1]);
    await page.reload();
    await waitForTitle(page, 'Your visit habit');
    expect(await page.getByRole('checkbox', { name: 'Day 1 done' }).isChecked()).toBe(true);
    await challenge.getByText('1 of 21 steps done').waitFor();

    // The daily goal.
    await page.getByLabel('Daily goal (visits a day)').fill('4');
    await page.getByRole('button', { name: 'Save goal' }).click();
    await page.getByText('Your goal is now 4 visits a day.').waitFor();
    await streak.getByText(/of 4 visits today/).waitFor();

    // Visit blocks: one on Tuesday; an overlapping second one is refused with the reason on that row.
    const blocks = page.getByRole('region', { name: 'Visit blocks' });
    await blocks.getByRole('button', { name: 'Add a block' }).click();
    await page.getByLabel('Day of block 1').selectOption('2');
    await page.getByLabel('Start of block 1').fill('09:00');
    await page.getByLabel('End of block 1').fill('09:45');
    await blocks.getByRole('button', { name: 'Save visit blocks' }).click();
    await blocks.getByText('Visit blocks saved.').waitFor();
    expect((await apiGet<{ blocks: unknown[] }>(page, '/api/calendar/blocks')).blocks).toEqual([{ weekday: 2, start: '09:00', end: '09:45' }]);

    await blocks.getByRole('button', { name: 'Add a block' }).click();
    await page.getByLabel('Day of block 2').selectOption('2');
    await page.getByLabel('Start of block 2').fill('09:30');
    await page.getByLabel('End of block 2').fill('10:00');
    await blocks.getByRole('button', { name: 'Save visit blocks' }).click();
    await blocks.getByRole('group', { name: 'Block 2' }).getByText('Overlaps block 1').waitFor();
    await blocks.getByRole('alert').filter({ hasText: 'Some blocks need attention' }).waitFor();
    expect(await page.getByLabel('Start of block 2').getAttribute('aria-describedby')).toBeTruthy();
    expect((await apiGet<{ blocks: unknown[] }>(page, '/api/calendar/blocks')).blocks.length).toBe(1);
    await blocks.getByRole('button', { name: 'Remove block 2' }).click();
    expect(await page.getByLabel('Day of block 2').count()).toBe(0);

    // The calendar link: made, shown, and it serves an iCalendar feed with the Tuesday block.
    const calendar = page.getByRole('region', { name: 'Your visit blocks in your calendar' });
    await calendar.getByRole('button', { name: 'Make my calendar link' }).click();
    const url = await page.getByLabel('Your calendar link').inputValue();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\/[\w-]+\.ics$/);
    await calendar.getByText('Subscribe from web').waitFor();
    const feed = await page.request.get(url);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toContain('text/calendar');
    const ics = await feed.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU');

    // Tasks: add two, tick one off, delete the other (undo first, then for real).
    await page.getByLabel('New task').fill('Send the PD survey');
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByRole('checkbox', { name: 'Send the PD survey' }).waitFor();
    await page.getByLabel('New task').fill('Order chart paper');
    await page.getByLabel('Due (optional)').fill('2030-01-15');
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByRole('list', { name: 'Open tasks' }).getByRole('checkbox', { name: /^Order chart paper · due / }).waitFor();

    await page.getByRole('checkbox', { name: 'Send the PD survey' }).check();
    await page.getByRole('list', { name: 'Done tasks' }).getByRole('checkbox', { name: 'Send the PD survey' }).waitFor();
    await expect.poll(async () => (await apiGet<Task[]>(page, '/api/tasks')).find((t) => t.title === 'Send the PD survey')?.done).toBe(true);

    await page.getByRole('button', { name: 'Delete “Order chart paper”' }).click();
    await page.getByText('Deleted “Order chart paper”.').waitFor();
    expect(await page.getByRole('checkbox', { name: /Order chart paper/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('checkbox', { name: /Order chart paper/ }).waitFor();
    expect((await apiGet<Task[]>(page, '/api/tasks')).some((t) => t.title === 'Order chart paper')).toBe(true);
    await page.getByRole('button', { name: 'Delete “Order chart paper”' }).click();
    await expect
      .poll(async () => (await apiGet<Task[]>(page, '/api/tasks')).some((t) => t.title === 'Order chart paper'), { timeout: 15_000, interval: 1000 })
      .toBe(false);
    await checkAccessibleBasics(page);
    await checkNoHorizontalScroll(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('habit-phone.png'), fullPage: true });

    // Stopping the challenge asks first, then offers a new start.
    await challenge.getByRole('button', { name: 'Stop the challenge' }).click();
    await challenge.getByRole('button', { name: 'Yes, stop it' }).click();
    await challenge.getByRole('button', { name: 'Start the 21-day challenge' }).waitFor();
    expect((await apiGet<Habit>(page, `/api/habit?schoolId=${school.id}`)).challenge).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });
});
