import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { SchoolInsights } from '../../../schemas/insights';

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

/** XLSX of the insight table, with the range and filters on a second sheet. */
export async function insightXlsx(insights: SchoolInsights, schoolName: string): Promise<Buffer> {
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
