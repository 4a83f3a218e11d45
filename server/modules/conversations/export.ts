import type { Db } from '../../../db/database';
import type { SessionUser } from '../../http/access';
import { runInWorker, taskModule } from '../../workers/run';
import { writeAudit } from '../audit/audit';
import { myVisits } from './conversations.service';

/** What the exports hold: the visits shared with the teacher, the evidence they added, their strengths. */
export async function gather(db: Db, user: SessionUser) {
  const visits = await myVisits(db, user);
  const evidence = await db.selectFrom('teacher_evidence').select(['title', 'body', 'created_at']).where('teacher_id', '=', user.id).orderBy('created_at').execute();
  const strengths = await db.selectFrom('teacher_strengths').select('body').where('teacher_id', '=', user.id).orderBy('body').execute();
  return { visits, evidence, strengths };
}

/**
 * Everything recorded about the teacher's classroom that they may see, as CSV (private notes are never in it),
 * written in a worker thread (export-render.ts) like the PDF.
 */
export async function exportCsv(db: Db, user: SessionUser): Promise<string> {
  const { visits } = await gather(db, user);
  await writeAudit(db, { action: 'teacher.exported', actorId: user.id, districtId: user.districtId, details: { format: 'csv' } });
  return runInWorker<string>(taskModule(import.meta.url, './export-render'), 'teacherCsv', { visits }, { timeoutMs: 120_000 });
}

/**
 * The same, as a readable PDF with the statement that visits are not evaluations. Laid out in a worker thread
 * (export-render.ts): years of shared visits took the event loop for over a second (docs/PERFORMANCE.md).
 */
export async function exportPdf(db: Db, user: SessionUser): Promise<Buffer> {
  const gathered = await gather(db, user);
  await writeAudit(db, { action: 'teacher.exported', actorId: user.id, districtId: user.districtId, details: { format: 'pdf' } });
  const input = { ...gathered, name: user.name, today: new Date().toISOString().slice(0, 10) };
  const bytes = await runInWorker<Uint8Array>(taskModule(import.meta.url, './export-render'), 'teacherPdf', input, { timeoutMs: 120_000 });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
