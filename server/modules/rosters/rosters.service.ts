/**
 * OneRoster 1.1/1.2 bulk CSV import. Pipeline: collect files (zip or CSVs) → parse and check every row (rows.ts,
 * fields.ts) → check references across files, or against the district for files not in the bundle (references.ts)
 * → in one transaction under a per-district lock: stage into temporary tables (staging.ts) and apply set-based
 * (apply.ts, apply-people.ts, upsert.ts) → record the import and an audit event. Any problem rolls everything back
 * and answers 400 with every problem as file:line:column.
 *
 * Mapping: orgs type district → the district (its sourcedId is set once, must match after); type school → schools;
 * other org types are accepted as references but not stored. users → people (staff or student; guardians, parents
 * and relatives are not imported; students keep no email or username); roster roles teacher → teacher and
 * principal/administrator → principal at each school org, all other staff roles → no role; roles come from
 * users.csv `role` (1.1) or roles.csv (1.2). Only `source = 'roster'` roles are ever removed. Records absent from a
 * present file, and `status = tobedeleted`, become inactive (never deleted) — only rows a roster brought in
 * (`rostered`), and never a hand-made district administrator. Hand-made staff accounts matched by email are taken over.
 */
import type { Db } from '../../../db/database';
import type { RosterImportRecord, RosterImportResult } from '../../../schemas/rosters';
import { AppError } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { applyBundle } from './apply';
import { applyPeople } from './apply-people';
import { collectFiles } from './csv';
import type { ParsedBundle } from './model';
import { checkReferences, type Plan } from './references';
import { problemPath, Report } from './report';
import * as repo from './rosters.repo';
import { readBundle } from './rows';
import { stageBundle } from './staging';

/** Where an import goes: an existing district, or (command line on an empty database) a district made from orgs.csv. */
export type ImportTarget = { districtId: string } | { createDistrict: true };

/** One roster import request. */
export interface ImportInput {
  target: ImportTarget;
  /** The administrator running it (null from the command line). */
  actorId: string | null;
  /** The uploaded files: zips and/or CSV files, by name (`label` marks a raw upload that must be a zip). */
  entries: { name: string; bytes: Uint8Array; label?: string }[];
  via: 'api' | 'cli';
  ip?: string | null;
}

/** Thrown inside the transaction to roll everything back when the bundle has problems. */
class Rejected extends Error {
  constructor(readonly districtId: string | null) {
    super('roster rejected');
  }
}

/** Reads, checks and applies a OneRoster bundle in one transaction: all of it, or (with a full report) none of it. */
export async function importRoster(db: Db, input: ImportInput): Promise<RosterImportResult> {
  const started = performance.now();
  const report = new Report();
  const targetId = 'districtId' in input.target ? input.target.districtId : null;
  let bundle: ParsedBundle | undefined;
  try {
    bundle = readBundle(collectFiles(input.entries, report), report);
    const parsed = bundle;
    return await db.transaction().execute(async (trx) => {
      await repo.lockDistrict(trx, targetId ?? 'new');
      let districtId = targetId;
      let districtSourcedId: string | null = null;
      if (districtId) {
        const district = await repo.districtSourcedId(trx, districtId);
        if (!district) throw new AppError('not_found', 'That district was not found.');
        districtSourcedId = district.sourcedId;
      }
      const districtOrg = parsed.orgs?.find((o) => o.type === 'district');
      if (districtOrg && districtOrg.sourcedId !== districtSourcedId && (await repo.districtSourcedIdTaken(trx, districtOrg.sourcedId, districtId))) {
        report.problem('orgs.csv', districtOrg.line, 'sourcedId', `District "${districtOrg.sourcedId}" is already imported as another district of this installation.`);
      }
      if (!districtId) {
        if (!districtOrg) {
          report.problem('orgs.csv', null, 'type', 'The database has no district yet: orgs.csv must contain the district org (type district).');
          throw new Rejected(null);
        }
        const created = await trx.insertInto('districts').values({ name: districtOrg.name, sourced_id: districtOrg.sourcedId }).returning('id').executeTakeFirstOrThrow();
        districtId = created.id;
        districtSourcedId = districtOrg.sourcedId;
      }
      const known = await repo.loadKnown(trx, districtId, districtSourcedId);
      const staffEmails = [...new Set((parsed.users ?? []).flatMap((u) => (u.email ? [u.email.toLowerCase()] : [])))];
      const emailOwners = await repo.emailOwners(trx, staffEmails);
      const plan = checkReferences(parsed, { districtId, known, emailOwners }, report);
      if (!report.rejected) await refuseEmptyFiles(trx, districtId, plan, report);
      if (report.rejected) throw new Rejected(targetId);

      const staged = await stageBundle(trx, plan);
      const counts = await applyBundle(trx, districtId, plan, staged);
      await applyPeople(trx, districtId, plan, staged, counts);
      const durationMs = Math.round(performance.now() - started);
      const summary = { files: parsed.files, counts, warnings: report.warnings, durationMs };
      const importId = await repo.recordImport(trx, {
        districtId,
        actorId: input.actorId,
        status: 'applied',
        version: parsed.version,
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
        details: { via: input.via, version: parsed.version, files: parsed.files, counts },
        ip: input.ip ?? null,
      });
      return { importId, status: 'applied' as const, version: parsed.version, districtId, ...summary };
    });
  } catch (error) {
    if (error instanceof Rejected) throw await reject(db, input, report, bundle, error.districtId);
    // An unreadable upload (not a zip, empty) is recorded as a rejected import too, then answered as it is.
    if (error instanceof AppError && error.code === 'validation_failed' && !bundle) {
      report.problem(null, null, null, error.message);
      throw await reject(db, input, report, bundle, targetId);
    }
    throw error;
  }
}

/**
 * A present file with no rows would mark every roster record of its kind inactive (bulk semantics). That is what a
 * truncated export looks like, and it would lock every teacher out: refuse it, saying how to do it deliberately.
 */
async function refuseEmptyFiles(trx: Parameters<typeof repo.activeRostered>[0], districtId: string, plan: Plan, report: Report): Promise<void> {
  const b = plan.bundle;
  const checks = [
    ['orgs.csv', plan.schools, 'schools'],
    ['academicSessions.csv', b.sessions, 'academic_sessions'],
    ['courses.csv', b.courses, 'courses'],
    ['classes.csv', b.classes, 'classes'],
    ['users.csv', plan.users, 'people'],
    ['enrollments.csv', b.enrollments, 'enrollments'],
  ] as const;
  if (!checks.some(([, rows]) => rows && rows.length === 0)) return;
  const active = await repo.activeRostered(trx, districtId);
  for (const [file, rows, table] of checks) {
    const n = active[table];
    if (!rows || rows.length > 0 || n === 0) continue;
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
async function reject(db: Db, input: ImportInput, report: Report, bundle: ParsedBundle | undefined, districtId: string | null): Promise<AppError> {
  const files = bundle?.files ?? [];
  const importId = await db.transaction().execute(async (trx) => {
    const id = await repo.recordImport(trx, {
      districtId,
      actorId: input.actorId,
      status: 'rejected',
      version: bundle?.version ?? null,
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
