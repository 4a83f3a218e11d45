import { z } from 'zod';
import { schoolDate } from './bounds';
import { Id } from './common';

/**
 * Curriculum maps (module curriculum): per course and grade of a school, units with dates, standards, learning
 * targets aligned to standards, and the assessments of each target (formative assessments of the school by id,
 * or planned assessments by name).
 *
 * Who: every role of the school reads (district roles too: a map holds no personal data). Principal, assistant
 * principal and coach create and edit every map; a teacher creates and edits maps of a grade they teach (a grade on
 * their staff record or of an active class they teach). The principal and assistant principals delete maps.
 *
 *   GET    /api/schools/{schoolId}/curriculum-maps                        the school's maps with their gap counts
 *   POST   /api/schools/{schoolId}/curriculum-maps                        a new, empty map {course, grade}
 *   GET    /api/schools/{schoolId}/curriculum-maps/{mapId}                the whole map
 *   PUT    /api/schools/{schoolId}/curriculum-maps/{mapId}                replace the whole map (version check: 409)
 *   DELETE /api/schools/{schoolId}/curriculum-maps/{mapId}                principal, assistant principal
 *   PATCH  /api/schools/{schoolId}/curriculum-maps/{mapId}/standards/{standardId}
 *                                                                          rename a standard (code, description); its
 *                                                                          targets stay aligned to it
 *   DELETE /api/schools/{schoolId}/curriculum-maps/{mapId}/standards/{standardId}
 *                                                                          remove a standard; refused (409) while it is
 *                                                                          the only standard of a target
 *   GET    /api/schools/{schoolId}/curriculum-maps/{mapId}/alignment      gaps and coverage
 *   GET    /api/schools/{schoolId}/curriculum-maps/{mapId}/export         the map as CSV (format below)
 *   POST   /api/schools/{schoolId}/curriculum-maps/{mapId}/import         text/csv: replaces the map; all or nothing,
 *                                                                          problems as file:line:column
 *
 * CSV format (header = line 1; headers are matched loosely, case and punctuation ignored), one row per
 * unit x target x standard x assessment:
 *   unit, unit_start, unit_end, standard, standard_description, target, assessment_id, assessment
 * - a row with a unit and no target declares the unit (a unit's dates are given once; later rows may leave them empty);
 * - a row with a standard and no target declares the standard (a standard's description is given once);
 * - a target needs a unit; the rows of one unit + target name its standards and assessments;
 * - an assessment is a formative assessment of the school by `assessment_id`, or a planned one named in `assessment`.
 */

/** The CSV columns, in export order. */
export const MAP_CSV_COLUMNS = ['unit', 'unit_start', 'unit_end', 'standard', 'standard_description', 'target', 'assessment_id', 'assessment'] as const;

const date = schoolDate('2026-09-01');

/** A new map: one per course and grade of the school. */
export const MapCreate = z.object({
  /** e.g. "Mathematics" or "English Language Arts". */
  course: z.string().trim().min(1, 'Name the course').max(120, 'At most 120 characters'),
  /** e.g. "03" or "KG". */
  grade: z.string().trim().min(1, 'Give the grade').max(20, 'At most 20 characters'),
});

/** A unit of study with its dates. */
export const UnitInput = z.object({
  title: z.string().trim().min(1, 'Name the unit').max(200, 'At most 200 characters'),
  startsOn: date,
  endsOn: date,
});
/** A standard of the map: its code (unique in the map) and what it asks. */
export const StandardInput = z.object({
  code: z.string().trim().min(1, 'Give the standard code').max(60, 'At most 60 characters'),
  description: z.string().trim().max(1000, 'At most 1000 characters').default(''),
});
/** An assessment of a target: a formative assessment of the school (by id), or a planned one (by name). */
export const TargetAssessmentInput = z
  .object({
    assessmentId: Id.optional(),
    name: z.string().trim().min(1, 'Name the planned assessment').max(200, 'At most 200 characters').optional(),
  })
  .refine((a) => a.assessmentId !== undefined || a.name !== undefined, { message: 'Choose an assessment or name a planned one' });
/** A learning target in a unit, aligned to one or more standards of the map (by code). */
export const TargetInput = z.object({
  /** The unit's position in `units` (0 = the first). */
  unit: z.number().int().min(0, 'Choose a unit'),
  statement: z.string().trim().min(1, 'Write the target').max(500, 'At most 500 characters'),
  standardCodes: z.array(z.string().trim().min(1).max(60)).min(1, 'Align the target to at least one standard').max(20),
  assessments: z.array(TargetAssessmentInput).max(20).default([]),
});
/** The whole content of a map, replaced at once. */
export const MapUpdate = MapCreate.extend({
  /** The version the edit started from; a stale one answers 409. */
  version: z.number().int().min(1),
  units: z.array(UnitInput).max(40, 'At most 40 units'),
  standards: z.array(StandardInput).max(200, 'At most 200 standards'),
  targets: z.array(TargetInput).max(400, 'At most 400 targets'),
});
export type MapUpdate = z.infer<typeof MapUpdate>;

const Person = z.object({ id: z.string(), name: z.string() });
/** A map in the school's list, with its size and gaps. */
export const MapSummary = z.object({
  id: z.string(),
  course: z.string(),
  grade: z.string(),
  version: z.number().int(),
  units: z.number().int(),
  standards: z.number().int(),
  targets: z.number().int(),
  standardsWithoutTarget: z.number().int(),
  targetsWithoutAssessment: z.number().int(),
  updatedAt: z.string(),
  /** Whether the caller may edit this map. */
  canEdit: z.boolean(),
});
/** One assessment of a target as read back: linked ones carry the formative assessment's id, name and date. */
export const TargetAssessment = z.object({
  assessmentId: z.string().nullable(),
  name: z.string(),
  /** The date a linked assessment was given; null for a planned one. */
  givenOn: z.string().nullable(),
});
export const MapDetail = z.object({
  id: z.string(),
  course: z.string(),
  grade: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: Person.nullable(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  units: z.array(z.object({ id: z.string(), title: z.string(), startsOn: z.string(), endsOn: z.string() })),
  standards: z.array(z.object({ id: z.string(), code: z.string(), description: z.string() })),
  targets: z.array(
    z.object({
      id: z.string(),
      /** Position of its unit in `units`. */
      unit: z.number().int(),
      statement: z.string(),
      standardCodes: z.array(z.string()),
      assessments: z.array(TargetAssessment),
    }),
  ),
});
export type MapDetail = z.infer<typeof MapDetail>;

/** Gaps and coverage of a map. */
export const Alignment = z.object({
  mapId: z.string(),
  course: z.string(),
  grade: z.string(),
  /** Standards no target is aligned to, in map order. */
  standardsWithoutTarget: z.array(z.object({ code: z.string(), description: z.string() })),
  /** Targets with no assessment, in unit then map order. */
  targetsWithoutAssessment: z.array(z.object({ unit: z.string(), statement: z.string(), standardCodes: z.array(z.string()) })),
  /** Every standard with the number of its targets and of distinct assessments covering it through them. */
  coverage: z.array(
    z.object({
      code: z.string(),
      description: z.string(),
      targets: z.number().int(),
      /** Distinct assessments (linked ones by id, planned ones by name) over the standard's targets. */
      assessments: z.number().int(),
      /** Of those, formative assessments already linked (given). */
      linkedAssessments: z.number().int(),
    }),
  ),
});
export type Alignment = z.infer<typeof Alignment>;

export const MapParams = z.object({ schoolId: Id, mapId: Id });
export const StandardParams = z.object({ schoolId: Id, mapId: Id, standardId: Id });
/** A standard renamed in place: the targets aligned to it stay aligned (and their assessments with them). */
export const StandardUpdate = StandardInput.extend({
  /** The map version the edit started from; a stale one answers 409. Without it the edit applies to the current map. */
  version: z.number().int().min(1).optional(),
});
export const StandardRemoveQuery = z.object({
  /** The map version the removal started from; a stale one answers 409. */
  version: z.coerce.number().int().min(1).optional(),
});
export const MapImportQuery = z.object({
  /** The file name to name in error paths (default map.csv). */
  filename: z.string().max(200).optional(),
});
/** What an import replaced the map with. */
export const MapImported = z.object({ units: z.number().int(), standards: z.number().int(), targets: z.number().int(), assessments: z.number().int(), version: z.number().int() });
