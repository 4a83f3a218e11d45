import type { Page } from 'playwright-core';

/** Follows a link of the main navigation, opening the "More" menu first when the link sits behind it (phones). */
export async function clickNav(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const link = nav.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) {
    // Behind a menu: "More" on a phone, its group ("Learning", "District"...) on a wide screen.
    const menu = nav.locator('.more').filter({ has: page.locator('a').getByText(name, { exact: true }) });
    await menu.locator(':scope > button').filter({ visible: true }).first().click();
  }
  await link.click();
}

/** The ISO date-time of 9:40 in the morning of the latest school day (today if a weekday), in the school's time zone. */
export function schoolDayMorning(timeZone: string, now = new Date()): string {
  const dateIn = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const day = new Date(now);
  for (let i = 0; i < 7; i++) {
    const weekday = new Date(`${dateIn(day)}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) break;
    day.setUTCDate(day.getUTCDate() - 1);
  }
  const date = dateIn(day);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T15:40:00Z`))
    .find((p) => p.type === 'timeZoneName')!
    .value.replace('GMT', '');
  return `${date}T09:40:00${offset || '+00:00'}`;
}
