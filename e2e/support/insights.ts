import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SchoolInsights } from '../../schemas/insights';

/** One row of the insight table, as numbers: [name, visits, share (0-1), ...visits per group]. */
export type TableRow = [string, ...number[]];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const startsWith = (s: string) => new RegExp(`^${escape(s)}`);

/** Reads the breakdown table on the page: the look-for rows and the "All visits" row (the table the exports hold). */
export async function readInsightTable(page: Page): Promise<{ header: string[]; rows: TableRow[] }> {
  const table = page.locator('#insight-table');
  const header = (await table.locator('thead th').allTextContents()).map((t) => t.trim());
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const name = tr.querySelector('th')?.textContent?.trim() ?? '';
      const cells = [...tr.querySelectorAll('td')].map((td) => (td.querySelector('.count') ?? td).textContent?.trim() ?? '');
      return [name, ...cells];
    }),
  );
  const parsed = rows.map(([name, visits, share, ...groups]) => [name, Number(visits), Math.round(Number(share!.replace('%', '')) * 10) / 1000, ...groups.map(Number)] as TableRow);
  return { header, rows: parsed };
}

/** What the insight table should say for an API answer (one decimal of share, as the page shows it). */
export function expectedTable(insights: SchoolInsights): TableRow[] {
  const groups = insights.breakdown.rows;
  const rows: TableRow[] = insights.tags.map((t) => [t.name, t.visits, Math.round(t.share * 1000) / 1000, ...groups.map((g) => g.tags[t.id] ?? 0)]);
  rows.push(['All visits', insights.totalVisits, 1, ...groups.map((g) => g.visits)]);
  return rows;
}

/** Reads the first sheet of an XLSX file back into rows of values. */
export async function readXlsx(path: string): Promise<{ sheets: string[]; rows: (string | number)[][] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.worksheets[0]!;
  const rows: (string | number)[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1).map((v) => (typeof v === 'number' || typeof v === 'string' ? v : String(v ?? '')));
    rows.push(values);
  });
  return { sheets: book.worksheets.map((w) => w.name), rows };
}

/** Round shares to one decimal of a percent, as the page shows them. */
export const roundShare = (share: number) => Math.round(share * 1000) / 1000;

/** Every line of a visit's evidence that is long enough to be telling is absent from a text. */
export function expectNoEvidence(text: string, evidence: string, where: string): void {
  const lines = evidence
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 12);
  expect(lines.length, 'the sample evidence has lines to look for').toBeGreaterThan(0);
  for (const line of lines) {
    expect(text.includes(line), `${where} contains the evidence line ${JSON.stringify(line)}`).toBe(false);
    // The page escapes quotes in HTML: look for the escaped form too.
    const html = line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(text.includes(html), `${where} contains the escaped evidence line`).toBe(false);
  }
}
