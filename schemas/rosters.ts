import { z } from 'zod';
import { pageSize } from './bounds';

/** The OneRoster CSV files Rounds reads, by file name. */
export const ROSTER_FILES = [
  'manifest.csv',
  'orgs.csv',
  'academicSessions.csv',
  'courses.csv',
  'classes.csv',
  'users.csv',
  'roles.csv',
  'enrollments.csv',
  'demographics.csv',
] as const;
export type RosterFile = (typeof ROSTER_FILES)[number];

/** The race values stored for a student (from the OneRoster demographics race columns). */
export const RACE_VALUES = ['americanIndianOrAlaskaNative', 'asian', 'black', 'nativeHawaiianOrOtherPacificIslander', 'white', 'twoOrMoreRaces'] as const;

/** One problem that rejects an import: where it is (file, 1-based line counting the header as line 1, column) and what is wrong. */
export const RosterProblem = z.object({
  /** The CSV file, e.g. `users.csv`; null for a problem with the upload as a whole. */
  file: z.string().nullable(),
  /** 1-based line in the file (the header is line 1); null for a problem with the whole file. */
  line: z.number().int().nullable(),
  /** The column (canonical OneRoster header), or null. */
  column: z.string().nullable(),
  /** What is wrong and what to fix. */
  message: z.string(),
});
export type RosterProblem = z.infer<typeof RosterProblem>;

/** Something untidy that was accepted and how it was read; repeated occurrences are counted, with the first few lines. */
export const RosterWarning = z.object({
  /** The CSV file, or null for the bundle as a whole. */
  file: z.string().nullable(),
  /** The column, or null. */
  column: z.string().nullable(),
  /** What was found and how it was handled. */
  message: z.string(),
  /** How many rows (or items) it concerned. */
  count: z.number().int(),
  /** The first few lines it occurred on (header = line 1). */
  lines: z.array(z.number().int()),
});
export type RosterWarning = z.infer<typeof RosterWarning>;

/** What one import did to one kind of record. */
export const EntityCounts = z.object({
  /** Rows of this kind in the bundle (after skipping rows Rounds does not import). */
  inBundle: z.number().int(),
  /** New records. */
  created: z.number().int(),
  /** Existing records that changed. */
  updated: z.number().int(),
  /** Existing records that were already identical. */
  unchanged: z.number().int(),
  /** Roster-managed records absent from the bundle, now marked inactive (never deleted). */
  inactivated: z.number().int(),
});
export type EntityCounts = z.infer<typeof EntityCounts>;

/** Counts of an import, per kind of record; a kind whose file was not in the bundle is absent. */
export const RosterCounts = z.object({
  /** Orgs of type school (orgs.csv). */
  schools: EntityCounts.optional(),
  /** Terms, semesters, school years (academicSessions.csv). */
  academicSessions: EntityCounts.optional(),
  /** Courses (courses.csv). */
  courses: EntityCounts.optional(),
  /** Classes, i.e. sections (classes.csv). */
  classes: EntityCounts.optional(),
  /** People: staff and students (users.csv; guardians are not imported). */
  users: EntityCounts.optional(),
  /** Teacher, student and aide enrollments (enrollments.csv). */
  enrollments: EntityCounts.optional(),
  /** Student demographics (demographics.csv; staff rows are not kept). Never inactivated. */
  demographics: EntityCounts.optional(),
  /** Roster-sourced school roles added and removed (manual and demo roles are never touched). */
  roles: z.object({ added: z.number().int(), removed: z.number().int() }).optional(),
  /** School memberships (users.orgSourcedIds) added and removed. */
  memberships: z.object({ added: z.number().int(), removed: z.number().int() }).optional(),
  /** Classes whose weekly meetings were (re)built from the school's bell schedule, and the meetings written. */
  meetings: z.object({ classes: z.number().int(), meetings: z.number().int() }).optional(),
});
export type RosterCounts = z.infer<typeof RosterCounts>;

/** Response of `POST /api/rosters/oneroster` when the bundle was applied. */
export const RosterImportResult = z.object({
  /** The roster_imports row recording this import. */
  importId: z.string(),
  /** Always `applied`: a rejected bundle answers 400 instead. */
  status: z.literal('applied'),
  /** The OneRoster version from manifest.csv (`1.1`, `1.2`), or null without a manifest. */
  version: z.string().nullable(),
  /** The district the bundle was applied to. */
  districtId: z.string(),
  /** The CSV files that were read. */
  files: z.array(z.string()),
  counts: RosterCounts,
  /** Untidy input that was accepted, and how it was read. */
  warnings: z.array(RosterWarning),
  /** Wall time of the import in milliseconds. */
  durationMs: z.number().int(),
  /** Files the manifest declared as delta: only the records they list changed. */
  deltaFiles: z.array(z.string()).optional(),
});
export type RosterImportResult = z.infer<typeof RosterImportResult>;

/**
 * Error body of a rejected import (HTTP 400, code `validation_failed`). `fields` holds one entry per problem
 * with `path` = `file:line:column` (e.g. `users.csv:12:email`); `problems` holds the same structured.
 */
export const RosterRejection = z.object({
  error: z
    .object({
      /** `validation_failed` for a rejected bundle or upload; other codes as usual. */
      code: z.string(),
      /** A sentence saying the import was rejected, how many problems and that nothing changed. */
      message: z.string(),
      /** One entry per problem; path is `file:line:column`. */
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      /** The roster_imports row recording the rejection (absent when nothing could be read at all). */
      importId: z.string().optional(),
      /** Every problem found, up to the cap, structured. */
      problems: z.array(RosterProblem).optional(),
      /** How many problems there were in total (may exceed the problems listed). */
      problemCount: z.number().int().optional(),
      /** True when more problems were found than listed. */
      truncated: z.boolean().optional(),
      /** Untidy input seen before the import was rejected. */
      warnings: z.array(RosterWarning).optional(),
    })
    .catchall(z.unknown()),
});
export type RosterRejection = z.infer<typeof RosterRejection>;

/** One past import as listed by `GET /api/rosters/imports`. */
export const RosterImportRecord = z.object({
  /** The roster_imports row. */
  id: z.string(),
  /** When it ran (ISO 8601). */
  createdAt: z.string(),
  /** `applied` (the bundle changed the district) or `rejected` (nothing changed). */
  status: z.enum(['applied', 'rejected']),
  /** The OneRoster version from the manifest, or null. */
  version: z.string().nullable(),
  /** Who ran it (null for the command line). */
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The files that were read. */
  files: z.array(z.string()),
  /** Counts of an applied import (empty for a rejected one). */
  counts: RosterCounts,
  /** How many warnings it produced. */
  warningCount: z.number().int(),
  /** The problems of a rejected import (empty for an applied one). */
  problems: z.array(RosterProblem),
  /** The total number of problems of a rejected import. */
  problemCount: z.number().int(),
});
export type RosterImportRecord = z.infer<typeof RosterImportRecord>;
/** Response of `GET /api/rosters/imports`: newest first. */
export const RosterImportList = z.array(RosterImportRecord);

/** Query of `GET /api/rosters/imports`. */
export const RosterImportsQuery = z.object({
  /** How many imports to list, newest first (default 50, at most 200). */
  limit: pageSize(),
});

/** Query of `POST /api/rosters/oneroster`. */
export const RosterImportQuery = z.object({
  /**
   * `true` to apply an import that would make many people, or a whole school, inactive (after seeing the 409 report).
   * Can also be sent as a multipart form field of the same name.
   */
  confirmDeactivations: z.enum(['true', 'false']).optional(),
});

/** One school in a deactivation report. */
export const RosterDeactivationSchool = z.object({
  /** The school (null for the people who belong to no school). */
  id: z.string().nullable(),
  name: z.string(),
  /** Its active roster-managed people now. */
  activePeople: z.number().int(),
  /** How many of them the import would make inactive. */
  deactivatedPeople: z.number().int(),
  /** True when every active roster-managed person of the school would become inactive. */
  wholeSchool: z.boolean(),
  /** True when the school itself would become inactive. */
  schoolInactivated: z.boolean(),
  /** Some of the people, "Given Family" (at most 5). */
  sample: z.array(z.string()),
});

/** What an import would make inactive, and why it stopped before doing it. */
export const RosterDeactivations = z.object({
  /** Active roster-managed people of the district now. */
  activePeople: z.number().int(),
  /** How many of them the import would make inactive. */
  deactivatedPeople: z.number().int(),
  /** The share above which an import stops for confirmation, in percent. */
  limitPercent: z.number(),
  /** Schools losing people or becoming inactive, most affected first. */
  schools: z.array(RosterDeactivationSchool),
  /** Some of the people, "Given Family" (at most 20). */
  sample: z.array(z.string()),
  /** Why the import stopped, one sentence each. */
  reasons: z.array(z.string()),
});
export type RosterDeactivations = z.infer<typeof RosterDeactivations>;

/**
 * Error body of an import stopped for confirmation (HTTP 409, code `conflict`, `confirmationRequired: true`):
 * nothing was changed; send the same bundle again with `confirmDeactivations=true` to apply it.
 */
export const RosterConfirmationRequired = z.object({
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      confirmationRequired: z.literal(true).optional(),
      deactivations: RosterDeactivations.optional(),
      warnings: z.array(RosterWarning).optional(),
    })
    .catchall(z.unknown()),
});
