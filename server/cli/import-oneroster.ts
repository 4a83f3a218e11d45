/**
 * Imports a OneRoster 1.1/1.2 bulk CSV bundle from the command line:
 *
 *   npm run import:oneroster -- <bundle.zip | folder of CSV files> [--district <id or sourcedId>]
 *
 * Opens the database like the server does (embedded unless DATABASE_URL). The district: `--district`, else the only
 * district in the database, else (an empty database) a new district made from orgs.csv. Prints the summary, or the
 * full problem report and exits 1 when the bundle is rejected (nothing is changed then). Exit 2: wrong usage.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import type { RosterImportResult, RosterWarning } from '../../schemas/rosters';
import { loadConfig } from '../config';
import { AppError } from '../http/errors';
import type { ImportTarget } from '../modules/rosters/rosters.service';
import { importRoster } from '../modules/rosters/rosters.service';
import { openRuntime, type Runtime } from '../runtime';

const USAGE = 'Usage: npm run import:oneroster -- <bundle.zip | folder of CSV files> [--district <id or sourcedId>]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UsageError extends Error {}

/** Parses the arguments: one path and an optional --district. */
function parseArgs(argv: string[]): { source: string; district?: string } {
  let source: string | undefined;
  let district: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--district') district = argv[++i];
    else if (arg.startsWith('--district=')) district = arg.slice('--district='.length);
    else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.\n${USAGE}`);
    else if (source) throw new UsageError(`Give one bundle, not several.\n${USAGE}`);
    else source = arg;
  }
  if (!source) throw new UsageError(USAGE);
  if (district === '') throw new UsageError(`--district needs a district id or sourcedId.\n${USAGE}`);
  return { source, district };
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
async function resolveTarget(runtime: Runtime, wanted: string | undefined): Promise<ImportTarget> {
  const { db } = runtime;
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
  if (result.warnings.length > 0) lines.push('', 'Accepted with warnings:', ...result.warnings.map(formatWarning));
  return lines.join('\n') + '\n';
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
  const runtime = await openRuntime(config, log);
  try {
    const target = await resolveTarget(runtime, args.district);
    const result = await importRoster(runtime.db, { target, actorId: null, entries, via: 'cli' });
    const district = await runtime.db.selectFrom('districts').select('name').where('id', '=', result.districtId).executeTakeFirstOrThrow();
    process.stdout.write(formatSummary(result, district.name));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      const problems = (error.extra?.problems ?? []) as { file: string | null; line: number | null; column: string | null; message: string }[];
      const out = [`Rejected: ${error.message}`];
      for (const p of problems) out.push(`  ${[p.file ?? 'upload', p.line ?? '', p.column ?? ''].join(':').replace(/:+$/, '')}  ${p.message}`);
      if (error.extra?.truncated) out.push(`  ... and ${Number(error.extra.problemCount) - problems.length} more`);
      process.stderr.write(out.join('\n') + '\n');
      return 1;
    }
    throw error;
  } finally {
    await runtime.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(3);
  },
);
