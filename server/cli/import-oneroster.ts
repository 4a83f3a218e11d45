/**
 * Imports a OneRoster 1.1/1.2 CSV bundle (bulk or delta files) from the command line:
 *
 *   npm run import:oneroster -- <bundle.zip | folder of CSV files> [--district <id or sourcedId>] [--confirm-deactivations]
 *
 * Reaches the database like `npm run backup` does: DATABASE_URL when set; else the embedded database of a Rounds
 * process running on ROUNDS_DATA_DIR (joined, not started again); else the embedded database started here. The
 * district: `--district`, else the only district in the database, else (an empty database) a new district made from
 * orgs.csv. Prints the summary and the warnings; or the full problem report and exits 1 when the bundle is rejected;
 * or, when the import would make many people or a whole school inactive, the report and exits 4 unless
 * --confirm-deactivations is given. Nothing is changed unless the import is applied. Exit 2: wrong usage.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { createDb, migrateToLatest, type Db } from '../../db/database';
import type { RosterDeactivations, RosterImportResult, RosterWarning } from '../../schemas/rosters';
import { loadConfig } from '../config';
import { AppError } from '../http/errors';
import { connectForOperations, OperationError, pendingMigrations } from '../modules/operations/connect';
import type { ImportTarget } from '../modules/rosters/rosters.service';
import { importRoster } from '../modules/rosters/rosters.service';

const USAGE = 'Usage: npm run import:oneroster -- <bundle.zip | folder of CSV files> [--district <id or sourcedId>] [--confirm-deactivations]';
/** Exit code of an import stopped because it would make many people or a whole school inactive. */
const EXIT_NEEDS_CONFIRMATION = 4;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UsageError extends Error {}

/** Parses the arguments: one path and an optional --district. */
function parseArgs(argv: string[]): { source: string; district?: string; confirm: boolean } {
  let source: string | undefined;
  let district: string | undefined;
  let confirm = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--confirm-deactivations') confirm = true;
    else if (arg === '--district') district = argv[++i];
    else if (arg.startsWith('--district=')) district = arg.slice('--district='.length);
    else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.\n${USAGE}`);
    else if (source) throw new UsageError(`Give one bundle, not several.\n${USAGE}`);
    else source = arg;
  }
  if (!source) throw new UsageError(USAGE);
  if (district === '') throw new UsageError(`--district needs a district id or sourcedId.\n${USAGE}`);
  return { source, district, confirm };
}

/** Reads a zip file, a single CSV, or every file of a folder. */
async function readSource(source: string): Promise<{ name: string; bytes: Uint8Array }[]> {
  const stat = await fs.stat(source).catch(() => undefined);
  if (!stat) throw new UsageError(`${source} does not exist.`);
  if (stat.isFile()) return [{ name: path.basename(source), bytes: new Uint8Array(await fs.readFile(source)) }];
  const names = (await fs.readdir(source, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  if (names.length === 0) throw new UsageError(`The folder ${source} has no files.`);
  return Promise.all(names.map(async (name) => ({ name, bytes: new Uint8Array(await fs.readFile(path.join(source, name))) })));
}

/** Picks the district: the one named, the only one, or a new one from orgs.csv on an empty database. */
async function resolveTarget(db: Db, wanted: string | undefined): Promise<ImportTarget> {
  if (wanted) {
    let query = db.selectFrom('districts').select(['id', 'name']);
    query = UUID.test(wanted) ? query.where((eb) => eb.or([eb('id', '=', wanted), eb('sourced_id', '=', wanted)])) : query.where('sourced_id', '=', wanted);
    const found = await query.executeTakeFirst();
    if (!found) throw new UsageError(`No district has the id or sourcedId "${wanted}".`);
    return { districtId: found.id };
  }
  const districts = await db.selectFrom('districts').select(['id', 'sourced_id', 'name']).orderBy('name').limit(50).execute();
  if (districts.length === 0) return { createDistrict: true };
  if (districts.length === 1) return { districtId: districts[0]!.id };
  const list = districts.map((d) => `  ${d.id}  ${d.sourced_id ?? '-'}  ${d.name}`).join('\n');
  throw new UsageError(`The database has several districts; choose one with --district <id or sourcedId>:\n${list}`);
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The summary as printed. */
function formatSummary(result: RosterImportResult, districtName: string): string {
  const lines = [
    `Imported ${result.version ? `OneRoster ${result.version}` : 'the OneRoster bundle'} into ${districtName} (${result.districtId}) in ${(result.durationMs / 1000).toFixed(1)} s.`,
    `Import ${result.importId}; files: ${result.files.join(', ')}`,
    '',
    `  ${'records'.padEnd(18)}${pad('in bundle', 10)}${pad('created', 9)}${pad('updated', 9)}${pad('unchanged', 11)}${pad('inactivated', 13)}`,
  ];
  const c = result.counts;
  for (const [label, counts] of [
    ['schools', c.schools],
    ['academic sessions', c.academicSessions],
    ['courses', c.courses],
    ['classes', c.classes],
    ['users', c.users],
    ['enrollments', c.enrollments],
    ['demographics', c.demographics],
  ] as const) {
    if (!counts) continue;
    lines.push(`  ${label.padEnd(18)}${pad(counts.inBundle, 10)}${pad(counts.created, 9)}${pad(counts.updated, 9)}${pad(counts.unchanged, 11)}${pad(counts.inactivated, 13)}`);
  }
  if (c.roles) lines.push(`  roster roles: ${c.roles.added} added, ${c.roles.removed} removed`);
  if (c.memberships) lines.push(`  school memberships: ${c.memberships.added} added, ${c.memberships.removed} removed`);
  if (c.meetings) lines.push(`  class meetings: ${c.meetings.meetings} written for ${c.meetings.classes} classes`);
  if (result.deltaFiles?.length) lines.push(`  delta files (only the records they list changed): ${result.deltaFiles.join(', ')}`);
  lines.push(...formatWarnings(result.warnings, 'Accepted with warnings:'));
  return lines.join('\n') + '\n';
}

function formatWarnings(warnings: RosterWarning[] | undefined, title: string): string[] {
  return warnings && warnings.length > 0 ? ['', title, ...warnings.map(formatWarning)] : [];
}

/** The report of an import stopped for confirmation. */
function formatDeactivations(d: RosterDeactivations): string[] {
  const lines = [
    `  ${d.deactivatedPeople} of ${d.activePeople} active roster people would become inactive (the limit without confirmation is ${d.limitPercent}%).`,
    `  ${'school'.padEnd(32)}${pad('active', 8)}${pad('leaving', 9)}`,
  ];
  for (const s of d.schools) {
    const note = s.schoolInactivated ? '  (the school itself becomes inactive)' : s.wholeSchool ? '  (everyone)' : '';
    lines.push(`  ${s.name.slice(0, 31).padEnd(32)}${pad(s.activePeople, 8)}${pad(s.deactivatedPeople, 9)}${note}${s.sample.length ? `  e.g. ${s.sample.join(', ')}` : ''}`);
  }
  if (d.sample.length) lines.push(`  Some of them: ${d.sample.join(', ')}${d.deactivatedPeople > d.sample.length ? ', ...' : ''}`);
  return lines;
}

function formatWarning(w: RosterWarning): string {
  const where = [w.file, w.column].filter(Boolean).join(' ');
  const lines = w.lines.length > 0 ? `; line${w.lines.length > 1 ? 's' : ''} ${w.lines.join(', ')}${w.count > w.lines.length ? ', ...' : ''}` : '';
  return `  ${where ? `${where}: ` : ''}${w.message} (${w.count}${lines})`;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  let entries: Awaited<ReturnType<typeof readSource>>;
  try {
    args = parseArgs(process.argv.slice(2));
    entries = await readSource(args.source);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const config = loadConfig();
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  // The embedded database allows one owner: while Rounds runs, join its database (as `npm run backup` does).
  const target = await connectForOperations(config, log);
  const db = createDb(target.url, { max: 2 });
  try {
    if (target.how === 'attached') {
      const pending = await pendingMigrations(target.url);
      if (pending.length > 0) {
        throw new OperationError(`The running Rounds has an older database schema than this code (${pending.length} migrations to go). Restart Rounds with this version first.`);
      }
    } else {
      await migrateToLatest(db);
    }
    process.stderr.write(`Importing into ${target.description}\n`);
    const districtTarget = await resolveTarget(db, args.district);
    const result = await importRoster(db, { target: districtTarget, actorId: null, entries, via: 'cli', confirmDeactivations: args.confirm });
    const district = await db.selectFrom('districts').select('name').where('id', '=', result.districtId).executeTakeFirstOrThrow();
    process.stdout.write(formatSummary(result, district.name));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof OperationError) {
      process.stderr.write(`${error.message}\n`);
      return error instanceof UsageError ? 2 : 3;
    }
    if (error instanceof AppError && error.extra?.confirmationRequired) {
      const out = [`Stopped: ${error.message}`, ...formatDeactivations(error.extra.deactivations as RosterDeactivations)];
      out.push(...formatWarnings(error.extra.warnings as RosterWarning[] | undefined, 'Warnings:'));
      process.stderr.write(out.join('\n') + '\n');
      return EXIT_NEEDS_CONFIRMATION;
    }
    if (error instanceof AppError) {
      const problems = (error.extra?.problems ?? []) as { file: string | null; line: number | null; column: string | null; message: string }[];
      const out = [`Rejected: ${error.message}`];
      for (const p of problems) out.push(`  ${[p.file ?? 'upload', p.line ?? '', p.column ?? ''].join(':').replace(/:+$/, '')}  ${p.message}`);
      if (error.extra?.truncated) out.push(`  ... and ${Number(error.extra.problemCount) - problems.length} more`);
      out.push(...formatWarnings(error.extra?.warnings as RosterWarning[] | undefined, 'Warnings:'));
      process.stderr.write(out.join('\n') + '\n');
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
    await target.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(3);
  },
);
