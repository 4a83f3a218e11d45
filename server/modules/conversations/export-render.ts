import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import { NOT_AN_EVALUATION } from '../../../schemas/sharing';
import type { gather } from './export';

/**
 * The teacher's own exports (export.ts), rendered in a worker thread: years of shared visits took the event loop
 * for over a second as a PDF (docs/PERFORMANCE.md).
 */

/** What export.ts gathers for the teacher, with their name and the day. */
export type TeacherPdfInput = Awaited<ReturnType<typeof gather>> & { name: string; today: string };

/** The columns of the teacher's CSV export, one row per shared visit. */
export const EXPORT_COLUMNS = [
  'visit_date',
  'observer',
  'class',
  'duration_minutes',
  'look_fors',
  'evidence',
  'guiding_question',
  'my_reflection',
  'my_next_step',
  'conversations',
] as const;

/** The teacher's CSV: one row per shared visit (runs in a worker thread). */
export function teacherCsv({ visits }: Pick<TeacherPdfInput, 'visits'>): string {
  return stringify(
    visits.map((v) => [
      v.startedAt.slice(0, 10),
      v.observer.name,
      v.class?.title ?? '',
      v.durationMinutes,
      v.tags.map((t) => t.name).join('; '),
      v.evidence,
      v.guidingQuestion ?? '',
      v.reflection?.body ?? '',
      v.reflection?.nextStep ?? '',
      v.conversations.map((c) => `${c.heldOn}: ${c.notes}${c.nextStep ? ` (next step: ${c.nextStep})` : ''}`).join(' | '),
    ]),
    { header: true, columns: [...EXPORT_COLUMNS], bom: true },
  );
}

/** Lays out the teacher's PDF (runs in a worker thread). */
export function teacherPdf({ visits, evidence, strengths, name, today }: TeacherPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 54, info: { Title: `Rounds — ${name}`, Author: 'Rounds' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(18).text(`Everything Rounds holds about ${name}'s classroom`);
  doc.moveDown(0.5).fontSize(10).fillColor('#444').text(`Exported ${today}. ${NOT_AN_EVALUATION}`);
  doc.moveDown().fillColor('black').fontSize(14).text(`Visits shared with you (${visits.length})`);
  if (visits.length === 0) doc.fontSize(10).text('No visit evidence has been shared with you yet.');
  for (const v of visits) {
    doc.moveDown(0.6).fontSize(11).text(`${v.startedAt.slice(0, 10)} — ${v.observer.name}${v.class ? `, ${v.class.title}` : ''} (${v.durationMinutes} min)`, { underline: true });
    if (v.tags.length) doc.fontSize(9).fillColor('#444').text(`Look-fors: ${v.tags.map((t) => t.name).join(', ')}`).fillColor('black');
    doc.fontSize(10).text(v.evidence || '(no evidence text)');
    if (v.guidingQuestion) doc.text(`Question: ${v.guidingQuestion}`);
    if (v.reflection) doc.text(`Your reflection: ${v.reflection.body}${v.reflection.nextStep ? `\nYour next step: ${v.reflection.nextStep}` : ''}`);
    for (const c of v.conversations) doc.text(`Conversation ${c.heldOn} with ${c.recordedBy.name}: ${c.notes}`);
  }
  if (evidence.length) {
    doc.moveDown().fontSize(14).text('Evidence you added');
    for (const e of evidence) doc.moveDown(0.3).fontSize(10).text(`${e.title}: ${e.body}`);
  }
  if (strengths.length) {
    doc.moveDown().fontSize(14).text('Strengths you share with colleagues');
    doc.fontSize(10).text(strengths.map((s) => s.body).join(', '));
  }
  doc.end();
  return done;
}
