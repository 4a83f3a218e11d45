import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { SchoolInsights } from '../../../schemas/insights';
import { runInWorker, taskModule } from '../../workers/run';

/** The table a school insight exports: one row per look-for with its count, share and the breakdown's columns. */
export function insightTable(insights: SchoolInsights): { header: string[]; rows: (string | number)[][] } {
  const groups = insights.breakdown.rows;
  const header = ['Look-for', 'Visits', 'Share of visits', ...groups.map((g) => `${g.label} (visits with it)`)];
  const rows = insights.tags.map((t) => [t.name, t.visits, t.share, ...groups.map((g) => g.tags[t.id] ?? 0)]);
  rows.push(['All visits', insights.totalVisits, 1, ...groups.map((g) => g.visits)]);
  return { header, rows };
}

/** CSV of the insight table. */
export function insightCsv(insights: SchoolInsights): string {
  const { header, rows } = insightTable(insights);
  return stringify([header, ...rows], { bom: true });
}

/** XLSX of the insight table, built in a worker thread (exceljs took the event loop for up to ~85 ms: docs/PERFORMANCE.md). */
export async function renderInsightXlsx(insights: SchoolInsights, schoolName: string): Promise<Buffer> {
  const bytes = await runInWorker<Uint8Array>(taskModule(import.meta.url, './export'), 'insightXlsx', { insights, schoolName }, { timeoutMs: 60_000 });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** XLSX of the insight table, with the range and filters on a second sheet (runs in a worker thread). */
export async function insightXlsx({ insights, schoolName }: { insights: SchoolInsights; schoolName: string }): Promise<Buffer> {
  const { header, rows } = insightTable(insights);
  const book = new ExcelJS.Workbook();
  book.creator = 'Rounds';
  const sheet = book.addWorksheet('Look-fors');
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.getColumn(3).numFmt = '0.0%';
  sheet.columns.forEach((c) => (c.width = 22));
  const about = book.addWorksheet('About');
  about.addRow(['School', schoolName]);
  about.addRow(['From', insights.range.from]);
  about.addRow(['To', insights.range.to]);
  about.addRow(['Broken down by', insights.breakdown.by]);
  about.addRow(['Note', 'Counts of visits tagged with each look-for. School patterns, not ratings of anyone.']);
  return Buffer.from(await book.xlsx.writeBuffer());
}
