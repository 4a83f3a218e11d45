/**
 * OneRoster 1.1/1.2 CSV import (bulk and delta files). Pipeline: in a worker thread (prepare.ts): collect files (zip
 * or CSVs, within the size limits of csv.ts) → parse and check every row (rows.ts, fields.ts) → check references
 * across files, or against the district for files not in the bundle and for delta files (references.ts) → serialise
 * the staging rows; on this thread, in one transaction under a per-district lock: stage into temporary tables
 * (staging.ts) → the deactivation guard (guard.ts) → apply set-based (apply.ts, apply-people.ts, upsert.ts) → record
 * the import and an audit event. Any problem rolls everything back and answers 400 with every problem as
 * file:line:column; an import that would make too many people or a whole school inactive answers 409 with a report
 * unless confirmed.
 *
 * Mapping: orgs type district → the district (its sourcedId is set once, must match after); type school → schools;
 * other org types are accepted as references but not stored (a parent org or session that is not there is a
 * warning). users → people (staff or student; guardians, parents and relatives are not imported; students keep no
 * email or username); roster roles teacher → teacher and principal/administrator → principal at each school org,
 * all other staff roles → no role; roles come from users.csv `role` (1.1) or roles.csv (1.2). Only
 * `source = 'roster'` roles are ever removed. Records absent from a present bulk file, and `status = tobedeleted`,
 * become inactive (never deleted); a delta file changes only the records it lists — only rows a roster brought in
 * (`rostered`), and never a hand-made district administrator. Hand-made staff accounts matched by email are taken over.
 */
import type { ControlledTransaction } from 'kysely';
import type { Db } from '../../../db/database';
import type { Database } from '../../../db/types';
import type { RosterDeactivations, RosterImportRecord, RosterImportResult } from '../../../schemas/rosters';
import { AppError } from '../../http/errors';
import { runInWorker, taskModule, WorkerTaskError } from '../../workers/run';
import { writeAudit } from '../audit/audit';
import { applyBundle } from './apply';
import { applyDeletions, applyPeople } from './apply-people';
import { deactivationCheck, deactivationLimitPercent } from './guard';
import type { ContextAnswer, ContextQuestion, Prepared, PrepareInput } from './prepare';
import { problemPath, Report } from './report';
import * as repo from './rosters.repo';
import { stageAll } from './staging';

/** Where an import goes: an existing district, or (command line on an empty database) a district made from orgs.csv. */
export type ImportTarget = { districtId: string } | { createDistrict: true };

/** One roster import request. */
export interface ImportInput {
  target: ImportTarget;
  /** The administrator running it (null from the command line). */
  actorId: string | null;
  /**
   * The uploaded files: zips and/or CSV files, by name (`label` marks a raw upload that must be a zip). Their bytes
   * are moved to the parsing worker: the caller must not use them afterwards.
   */
  entries: { name: string; bytes: Uint8Array; label?: string }[];
  via: 'api' | 'cli';
  ip?: string | null;
  /** Apply even when the import would make many people or a whole school inactive (see guard.ts). */
  confirmDeactivations?: boolean;
  /** The share of active people an import may make inactive without confirmation (default: guard.ts). */
  deactivationLimitPercent?: number;
}

/** The parsing worker's memory limit: a bundle at the size limits (csv.ts) needs about this much. */
const WORKER_HEAP_MB = 4096;
const PREPARE = taskModule(import.meta.url, './prepare');

/** Thrown inside the transaction to roll everything back when the bundle has problems. */
class Rejected extends Error {
  constructor(readonly districtId: string | null) {
    super('roster rejected');
  }
}

/** Moves bytes to the worker without copying when they own their whole buffer; copies them otherwise. */
function transferable(entries: ImportInput['entries']): { entries: PrepareInput['entries']; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const out = entries.map((e) => {
    const whole = e.bytes.byteOffset === 0 && e.bytes.byteLength === e.bytes.buffer.byteLength && e.bytes.buffer instanceof ArrayBuffer;
    const bytes = whole && !transfer.includes(e.bytes.buffer as ArrayBuffer) ? e.bytes : e.bytes.slice();
    transfer.push(bytes.buffer as ArrayBuffer);
    return { ...e, bytes };
  });
  return { entries: out, transfer };
}

/**
 * Reads, checks and applies a OneRoster bundle in one transaction: all of it, or (with a full report) none of it.
 * Unzipping and parsing run in a worker thread; this thread opens the transaction when the worker asks for the
 * district's records, and does only database work. An import that would make many people or a whole school inactive
 * stops with a 409 and a report unless `confirmDeactivations` is set.
 */
export async function importRoster(db: Db, input: ImportInput): Promise<RosterImportResult> {
  const started = performance.now();
  const report = new Report();
  const targetId = 'districtId' in input.target ? input.target.districtId : null;
  const tx: { trx?: ControlledTransaction<Database>; districtId: string | null } = { districtId: targetId };
  let prepared: Prepared | undefined;
  try {
    const { entries, transfer } = transferable(input.entries);
    prepared = await runInWorker<Prepared>(PREPARE, 'prepareRoster', { entries } satisfies PrepareInput, {
      transfer,
      maxHeapMb: WORKER_HEAP_MB,
      onRequest: (question) => openImport(db, tx, question as ContextQuestion, report),
    }).catch((error: unknown) => {
      if (error instanceof WorkerTaskError && error.reason === 'out_of_memory') {
        throw new AppError('payload_too_large', 'The bundle is too large to read in one import; split the district into several imports (for example by school).');
      }
      throw error;
    });
    report.absorb(prepared.report);
    const trx = tx.trx;
    const districtId = tx.districtId;
    if (report.rejected || !trx || !districtId || !prepared.apply) throw new Rejected(targetId);
    const info = prepared.apply;

    await stageAll(trx, info.data);
    if (info.emptyBulk.length > 0) await refuseEmptyFiles(trx, districtId, info.emptyBulk, report);
    if (report.rejected) throw new Rejected(targetId);

    const limitPercent = input.deactivationLimitPercent ?? deactivationLimitPercent();
    const deactivations = await deactivationCheck(trx, districtId, info, limitPercent);
    if (deactivations.reasons.length > 0 && !input.confirmDeactivations) throw confirmationRequired(deactivations, report, input.via);

    const counts = await applyBundle(trx, districtId, info);
    await applyPeople(trx, districtId, info, counts);
    await applyDeletions(trx, districtId, info, counts);
    const durationMs = Math.round(performance.now() - started);
    const summary = { files: prepared.files, counts, warnings: report.warnings, durationMs, deltaFiles: prepared.deltaFiles };
    const importId = await repo.recordImport(trx, {
      districtId,
      actorId: input.actorId,
      status: 'applied',
      version: prepared.version,
      summary,
      problems: [],
      problemCount: 0,
    });
    await writeAudit(trx, {
      action: 'roster.imported',
      actorId: input.actorId,
      districtId,
      entity: 'roster_import',
      entityId: importId,
      details: {
        via: input.via,
        version: prepared.version,
        files: prepared.files,
        deltaFiles: prepared.deltaFiles,
        counts,
        ...(deactivations.reasons.length > 0 ? { confirmedDeactivations: deactivations.deactivatedPeople, reasons: deactivations.reasons } : {}),
      },
      ip: input.ip ?? null,
    });
    await trx.commit().execute();
    tx.trx = undefined;
    return { importId, status: 'applied' as const, version: prepared.version, districtId, ...summary };
  } catch (error) {
    if (tx.trx) await tx.trx.rollback().execute().catch(() => {});
    tx.trx = undefined;
    const files = prepared?.files ?? [];
    const version = prepared?.version ?? null;
    if (error instanceof Rejected) throw await reject(db, input, report, files, version, error.districtId);
    // An unreadable upload (not a zip, empty) is recorded as a rejected import too, then answered as it is.
    if (error instanceof AppError && error.code === 'validation_failed' && !prepared && !error.extra) {
      report.problem(null, null, null, error.message);
      throw await reject(db, input, report, files, version, targetId);
    }
    throw error;
  }
}

/**
 * Answers the worker's question once the files are read: opens the import's transaction (held until the import
 * is applied or rolled back), takes the district's import lock, checks (or creates) the district, and returns what
 * the district holds. Problems it finds go into `report`; `stop` ends the worker's checks early.
 */
async function openImport(db: Db, tx: { trx?: ControlledTransaction<Database>; districtId: string | null }, question: ContextQuestion, report: Report): Promise<ContextAnswer> {
  const trx = await db.startTransaction().execute();
  tx.trx = trx;
  let districtId = tx.districtId;
  await repo.lockDistrict(trx, districtId ?? 'new');
  let districtSourcedId: string | null = null;
  if (districtId) {
    const district = await repo.districtSourcedId(trx, districtId);
    if (!district) throw new AppError('not_found', 'That district was not found.');
    districtSourcedId = district.sourcedId;
  }
  const districtOrg = question.districtOrg;
  if (districtOrg && districtOrg.sourcedId !== districtSourcedId && (await repo.districtSourcedIdTaken(trx, districtOrg.sourcedId, districtId))) {
    report.problem('orgs.csv', districtOrg.line, 'sourcedId', `District "${districtOrg.sourcedId}" is already imported as another district of this installation.`);
  }
  if (!districtId) {
    if (!districtOrg) {
      report.problem('orgs.csv', null, 'type', 'The database has no district yet: orgs.csv must contain the district org (type district).');
      return { stop: true };
    }
    const created = await trx.insertInto('districts').values({ name: districtOrg.name, sourced_id: districtOrg.sourcedId }).returning('id').executeTakeFirstOrThrow();
    districtId = created.id;
    districtSourcedId = districtOrg.sourcedId;
    tx.districtId = districtId;
  }
  const known = await repo.loadKnownJson(trx, districtId);
  const owners = await repo.emailOwners(trx, question.staffEmails);
  return { districtId, districtSourcedId, known, emailOwners: [...owners] };
}

/** The 409 of an import stopped for confirmation: nothing was changed. */
function confirmationRequired(deactivations: RosterDeactivations, report: Report, via: ImportInput['via']): AppError {
  const how = via === 'cli' ? 'run the command again with --confirm-deactivations' : 'send it again with confirmDeactivations=true';
  return new AppError(
    'conflict',
    `${deactivations.reasons.join(' ')} Nothing was changed. If this is what you want, ${how}; otherwise check the export.`,
    undefined,
    { confirmationRequired: true, deactivations, warnings: report.warnings },
  );
}

/**
 * A present bulk file with no rows would mark every roster record of its kind inactive. That is what a truncated
 * export looks like, and it would lock every teacher out: refuse it, saying how to do it deliberately.
 */
async function refuseEmptyFiles(trx: Parameters<typeof repo.activeRostered>[0], districtId: string, emptyBulk: NonNullable<Prepared['apply']>['emptyBulk'], report: Report): Promise<void> {
  const active = await repo.activeRostered(trx, districtId);
  for (const [file, table] of emptyBulk) {
    const n = active[table];
    if (n === 0) continue;
    const what = file === 'orgs.csv' ? 'schools' : table.replace('_', ' ');
    report.problem(
      file,
      null,
      null,
      `${file} has no ${what}, but ${n} ${what} from earlier imports are active: importing it would mark them all inactive. ` +
        `Leave the file out to keep them, or list them with status tobedeleted to retire them.`,
    );
  }
}

/** Records a rejected import (and its audit event) and builds the 400 answer with the full report. */
async function reject(db: Db, input: ImportInput, report: Report, files: string[], version: string | null, districtId: string | null): Promise<AppError> {
  const importId = await db.transaction().execute(async (trx) => {
    const id = await repo.recordImport(trx, {
      districtId,
      actorId: input.actorId,
      status: 'rejected',
      version,
      summary: { files, counts: {}, warnings: report.warnings },
      problems: report.problems,
      problemCount: report.problemCount,
    });
    await writeAudit(trx, {
      action: 'roster.rejected',
      actorId: input.actorId,
      districtId,
      entity: 'roster_import',
      entityId: id,
      details: { via: input.via, files, problemCount: report.problemCount },
      ip: input.ip ?? null,
    });
    return id;
  });
  const n = report.problemCount;
  const where = [...new Set(report.problems.map((p) => p.file).filter((f): f is string => Boolean(f)))];
  const single = n === 1 && report.problems[0] && !report.problems[0].file ? report.problems[0].message : null;
  const message =
    single ??
    `The roster was rejected: ${n} problem${n === 1 ? '' : 's'}${where.length ? ` in ${where.join(', ')}` : ''}. Nothing was changed; fix ${n === 1 ? 'it' : 'them'} and import again.`;
  return new AppError(
    'validation_failed',
    message,
    report.problems.map((p) => ({ path: problemPath(p), message: p.message })),
    { importId, problems: report.problems, problemCount: n, truncated: n > report.problems.length, warnings: report.warnings },
  );
}

/** The district's past imports, newest first. */
export async function listRosterImports(db: Db, districtId: string, limit: number): Promise<RosterImportRecord[]> {
  return repo.listImports(db, districtId, limit);
}
