import PDFDocument from 'pdfkit';
import type { z } from 'zod';
import type { PlanDetail } from '../../../schemas/plans';
import { runInWorker, taskModule } from '../../workers/run';

type Plan = z.infer<typeof PlanDetail>;
const STATUS = { not_started: 'Not started', on_track: 'On track', at_risk: 'At risk', done: 'Done' } as const;
const STATUS_COLOR = { not_started: '#555555', on_track: '#1f6f43', at_risk: '#9a5b00', done: '#1d4f91' } as const;
const RATING = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' } as const;
const when = (a: { startsOn: string | null; dueOn: string | null }) =>
  a.startsOn && a.dueOn ? `${a.startsOn} to ${a.dueOn}` : a.dueOn ? `due ${a.dueOn}` : a.startsOn ? `from ${a.startsOn}` : 'no dates';

/**
 * The plan's PDF, laid out in a worker thread: a plan has no limit on its goals and actions, and laying out a long
 * one took the event loop for seconds (docs/PERFORMANCE.md).
 */
export async function renderPlanPdf(plan: Plan, today: string): Promise<Buffer> {
  const bytes = await runInWorker<Uint8Array>(taskModule(import.meta.url, './pdf'), 'planPdf', { plan, today }, { timeoutMs: 120_000 });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The plan on one page (more only when it is long) for the school board: goals, strategies, actions, check-ins. */
export function planPdf({ plan, today }: { plan: Plan; today: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 48, info: { Title: `${plan.school.name} — ${plan.title}`, Author: 'Rounds' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 96;

  doc.fillColor('#0f5b5c').fontSize(9).text(`${plan.school.name.toUpperCase()} · ANNUAL WORK PLAN ${plan.schoolYear}`);
  doc.fillColor('black').fontSize(18).text(plan.title);
  const actions = plan.goals.flatMap((g) => g.strategies.flatMap((s) => s.actions));
  const count = (s: keyof typeof STATUS) => actions.filter((a) => a.status === s).length;
  doc
    .moveDown(0.2)
    .fontSize(9)
    .fillColor('#444444')
    .text(
      `${plan.goals.length} goal${plan.goals.length === 1 ? '' : 's'} · ${actions.length} action${actions.length === 1 ? '' : 's'}: ${count('done')} done, ${count('on_track')} on track, ${count('at_risk')} at risk, ${count('not_started')} not started · check-ins every ${plan.checkinWeeks} weeks, next by ${plan.nextCheckinOn} · printed ${today}`,
    );
  doc.moveTo(48, doc.y + 4).lineTo(48 + width, doc.y + 4).strokeColor('#cccccc').stroke();
  doc.moveDown(0.6);

  if (plan.goals.length === 0) doc.fillColor('black').fontSize(11).text('No goals have been written yet.');
  plan.goals.forEach((g, gi) => {
    doc.fillColor('#0f5b5c').fontSize(13).text(`Goal ${gi + 1}. ${g.title}`);
    doc.fillColor('#444444').fontSize(9);
    if (g.visionGoal) doc.text(`Serves the vision goal: ${g.visionGoal.title}`);
    if (g.description) doc.text(g.description);
    if (g.pdSessions.length) doc.text(`Professional learning: ${g.pdSessions.map((s) => `${s.title} (${s.heldOn})`).join('; ')}`);
    g.strategies.forEach((s) => {
      doc.moveDown(0.25).fillColor('black').fontSize(10.5).text(`Strategy: ${s.title}`, { indent: 8 });
      if (s.actions.length === 0) doc.fillColor('#444444').fontSize(9).text('No actions yet.', { indent: 20 });
      s.actions.forEach((a) => {
        doc.fillColor('black').fontSize(9.5).text(`• ${a.title}`, 68, doc.y, { continued: true, width: width - 20 });
        doc.fillColor('#444444').text(` — ${a.owner.name}, ${when(a)} — `, { continued: true });
        doc.fillColor(STATUS_COLOR[a.status]).text(STATUS[a.status]);
        const latest = a.evidence.at(-1);
        if (latest) doc.fillColor('#444444').fontSize(8.5).text(`Evidence (${latest.createdAt.slice(0, 10)}, ${latest.addedBy.name}): ${latest.note}`, 80, doc.y, { width: width - 32 });
        doc.x = 48;
      });
    });
    doc.moveDown(0.6);
  });

  doc.fillColor('#0f5b5c').fontSize(12).text('Progress monitoring', 48, doc.y);
  doc.fillColor('black').fontSize(9);
  if (plan.checkins.length === 0) doc.text(`No check-ins yet; the first is due by ${plan.nextCheckinOn}.`);
  for (const c of plan.checkins.slice(0, 4)) {
    const goal = c.goalId ? plan.goals.find((g) => g.id === c.goalId)?.title : undefined;
    doc.text(`${c.heldOn} — ${RATING[c.rating]}${goal ? ` (${goal})` : ' (whole plan)'}${c.note ? `: ${c.note}` : ''} — ${c.recordedBy.name}`);
  }
  doc.end();
  return done;
}
