/**
 * The CPU-heavy half of a roster import, run in a worker thread (server/workers/run.ts): unzip, parse and check
 * every row, check references (asking the calling thread once for what the district already holds), and serialise
 * the staging tables as JSON text. The calling thread only talks to the database, so it keeps answering requests.
 */
import type { RosterFile, RosterProblem, RosterWarning } from '../../../schemas/rosters';
import { withTransfer, type TaskContext } from '../../workers/run';
import type { ApplyInfo } from './apply';
import { collectFiles } from './csv';
import type { EmailOwner, KnownRecords } from './model';
import { checkReferences } from './references';
import { Report } from './report';
import { readBundle } from './rows';
import { buildStaging, DELETED_KIND, type StagingData } from './staging';

/** What the worker is given: the uploaded files (zips and/or CSVs). */
export interface PrepareInput {
  entries: { name: string; bytes: Uint8Array; label?: string }[];
}

/** What the worker asks the calling thread once the files are read. */
export interface ContextQuestion {
  /** The district org of orgs.csv, if any (to check it, or to create the district from it). */
  districtOrg: { sourcedId: string; name: string; line: number } | null;
  /** Staff emails of the bundle, lower-cased. */
  staffEmails: string[];
}

/** The answer: the district and what it holds (JSON text made by PostgreSQL, parsed here), or a stop. */
export type ContextAnswer =
  | { stop: true }
  | {
      stop?: false;
      districtId: string;
      districtSourcedId: string | null;
      /** JSON arrays: sourcedIds of schools, sessions, courses; [class, school] pairs; [person, kind] pairs. */
      known: { schools: string; sessions: string; courses: string; classes: string; people: string };
      emailOwners: [string, EmailOwner][];
    };

/** A report's contents, to move between threads. */
export interface ReportData {
  problems: RosterProblem[];
  problemCount: number;
  warnings: RosterWarning[];
}

/** The worker's result. */
export interface Prepared {
  report: ReportData;
  version: string | null;
  files: RosterFile[];
  /** Files read as delta files. */
  deltaFiles: RosterFile[];
  /** Present only when the bundle can be applied (no problems so far). */
  apply?: ApplyInfo & {
    data: StagingData;
    /** Bulk files with no rows, and the table of records they would make inactive. */
    emptyBulk: [RosterFile, 'schools' | 'academic_sessions' | 'courses' | 'classes' | 'people' | 'enrollments'][];
  };
}

const reportData = (report: Report): ReportData => ({ problems: report.problems, problemCount: report.problemCount, warnings: report.warnings });

/** The worker task: see the top of this file. */
export async function prepareRoster(input: PrepareInput, context: TaskContext): Promise<Prepared> {
  const report = new Report();
  const bundle = readBundle(collectFiles(input.entries, report), report);
  const deltaFiles = Object.keys(bundle.modes) as RosterFile[];
  const base = () => ({ report: reportData(report), version: bundle.version, files: bundle.files, deltaFiles });
  const districtOrg = bundle.orgs?.find((o) => o.type === 'district');
  const staffEmails = [...new Set((bundle.users ?? []).flatMap((u) => (u.email ? [u.email.toLowerCase()] : [])))];
  const answer = await context.request<ContextAnswer>({
    districtOrg: districtOrg ? { sourcedId: districtOrg.sourcedId, name: districtOrg.name, line: districtOrg.line } : null,
    staffEmails,
  } satisfies ContextQuestion);
  if (answer.stop) return base();

  const parse = <T>(json: string) => JSON.parse(json) as T;
  const known: KnownRecords = {
    districtSourcedId: answer.districtSourcedId,
    schools: new Set(parse<string[]>(answer.known.schools)),
    sessions: new Set(parse<string[]>(answer.known.sessions)),
    courses: new Set(parse<string[]>(answer.known.courses)),
    classes: new Map(parse<[string, string][]>(answer.known.classes)),
    users: new Map(parse<[string, 'staff' | 'student'][]>(answer.known.people)),
  };
  const plan = checkReferences(bundle, { districtId: answer.districtId, known, emailOwners: new Map(answer.emailOwners) }, report);
  if (report.rejected) return base();

  const { data, staged } = buildStaging(plan);
  const b = plan.bundle;
  const bulk = (file: RosterFile) => bundle.modes[file] !== 'delta';
  const emptyBulk: NonNullable<Prepared['apply']>['emptyBulk'] = [];
  for (const [file, rows] of [
    ['orgs.csv', plan.schools],
    ['academicSessions.csv', b.sessions],
    ['courses.csv', b.courses],
    ['classes.csv', b.classes],
    ['users.csv', plan.users],
    ['enrollments.csv', b.enrollments],
  ] as const) {
    if (rows && rows.length === 0 && bulk(file)) emptyBulk.push([file, DELETED_KIND[file]!]);
  }
  const delta: ApplyInfo['delta'] = {};
  for (const file of deltaFiles) {
    const kind = DELETED_KIND[file];
    if (kind) delta[kind] = true;
  }
  const buffers = Object.values(data).flatMap((list) => list.map((bytes) => bytes.buffer as ArrayBuffer));
  return withTransfer<Prepared>({
    ...base(),
    apply: {
      districtOrg: plan.districtOrg ? { sourcedId: plan.districtOrg.sourcedId, name: plan.districtOrg.name } : null,
      adoptions: plan.adoptions,
      programColumns: b.programColumns,
      staged,
      delta,
      data,
      emptyBulk,
    },
  }, buffers);
}
