import { z } from 'zod';
import { dateRange, schoolDate } from './bounds';
import { Id } from './common';

/**
 * Formative assessments (module assessments). "Staff" = principal, assistant principal, coach, teacher of the school.
 *
 *   GET  /api/schools/{schoolId}/assessment-settings                 every role          (minimumGroupSize)
 *   PUT  /api/schools/{schoolId}/assessment-settings                 principal
 *   GET  /api/schools/{schoolId}/assessments                         staff; a teacher sees assessments of classes they teach
 *   POST /api/schools/{schoolId}/assessments                         staff; a teacher only for classes they teach
 *   GET  /api/schools/{schoolId}/assessments/{assessmentId}          staff who can see it (else 404)
 *   DELETE /api/schools/{schoolId}/assessments/{assessmentId}        its creator, principal, assistant principal
 *   GET  /api/schools/{schoolId}/assessments/{assessmentId}/results  the grid: staff who can see it; a teacher sees only
 *                                                                    students of the assessed classes they teach. AUDITED.
 *   PUT  /api/schools/{schoolId}/assessments/{assessmentId}/results  bulk upsert [{studentId, score}] (score null clears);
 *                                                                    all-or-nothing, errors at body.results.N.score / .studentId
 *   POST /api/schools/{schoolId}/assessments/{assessmentId}/results/import   text/csv body (columns: student sourcedId or
 *                                                                    student id, score); errors as file:line:column, all-or-nothing
 *   GET  /api/schools/{schoolId}/students/{studentId}/assessment-results     one student's scores. AUDITED.
 *   GET/POST /api/schools/{schoolId}/assessments/{assessmentId}/conversations   data conversations about one assessment
 *   GET  /api/schools/{schoolId}/assessment-analysis                 every role: aggregates only, small groups suppressed
 *                                                                    (a teacher: only students of classes they teach)
 *   GET  /api/schools/{schoolId}/assessment-analysis/export          the same as CSV
 */

/** points: 0..maxScore; percent: 0..100; rubric: levels 1..4. */
export const Scale = z.enum(['points', 'percent', 'rubric']);
export type Scale = z.infer<typeof Scale>;

export const AssessmentSettings = z.object({
  /** Groups with fewer students than this are suppressed in every analysis and export (5-50, default 10). */
  minimumGroupSize: z.number().int().min(5, 'At least 5').max(50, 'At most 50'),
});

export const AssessmentCreate = z.object({
  /** e.g. "Week 12 exit ticket: fractions". */
  name: z.string().trim().min(1, 'Name the assessment').max(200),
  /** The day it was given. */
  givenOn: schoolDate('2026-11-24'),
  /** Classes of the school that took it (a teacher: classes they teach). */
  classIds: z.array(Id).min(1, 'Choose at least one class').max(30),
  /** Standards or skills it assesses, e.g. ["Reading", "RL.3.1"]. */
  standards: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  /** How scores are given. */
  scale: Scale,
  /** Maximum points (scale points only; percent is out of 100, rubric out of 4). */
  maxPoints: z.number().positive('More than 0').max(10000).optional(),
  /** The proficiency cut in the scale's units: e.g. 8 (points), 80 (percent), 3 (rubric level). */
  proficiencyCut: z.number().min(0, 'From 0').max(10000, 'At most 10,000'),
});

const ClassRef = z.object({ id: z.string(), title: z.string() });
/** An assessment (no student data). */
export const Assessment = z.object({
  id: z.string(),
  name: z.string(),
  givenOn: z.string(),
  scale: Scale,
  /** The maximum score: maxPoints, 100 or 4. */
  maxScore: z.number(),
  /** Scores at or above this count as proficient. */
  proficiencyCut: z.number(),
  standards: z.array(z.string()),
  classes: z.array(ClassRef),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  /** Results recorded (of students the caller may see). */
  resultCount: z.number().int(),
});
export const AssessmentListQuery = z.object({
  /** Only assessments of this class. */
  classId: Id.optional(),
  from: schoolDate().optional(),
  to: schoolDate().optional(),
}).superRefine(dateRange());
export const AssessmentParams = z.object({ schoolId: Id, assessmentId: Id });

/** The grid: every student of the assessed classes (that the caller may see) with their score. */
export const ResultGrid = z.object({
  assessment: Assessment,
  students: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      sourcedId: z.string(),
      /** Which of the assessed classes the student is in. */
      classIds: z.array(z.string()),
      /** null: no result yet. */
      score: z.number().nullable(),
      /** Percent of the maximum (one decimal), null without a score. */
      percent: z.number().nullable(),
      /** At or above the proficiency cut; null without a score. */
      proficient: z.boolean().nullable(),
    }),
  ),
});
export const ResultsUpdate = z.object({
  /** Results to record; a student not listed keeps their score; score null removes the result. */
  results: z
    .array(z.object({ studentId: Id, score: z.number().min(0, 'From 0').max(10000, 'At most 10,000').nullable() }))
    .max(2000, 'At most 2000 results per request'),
});
export const ResultsSaved = z.object({
  /** Results written (new or changed). */
  recorded: z.number().int(),
  /** Results removed (score null). */
  removed: z.number().int(),
});
export const ImportQuery = z.object({
  /** The file name to name in error paths (default results.csv). */
  filename: z.string().max(200).optional(),
});
export const StudentParams = z.object({ schoolId: Id, studentId: Id });
/** One student's scores on the assessments the caller may see. */
export const StudentResults = z.object({
  student: z.object({ id: z.string(), name: z.string(), sourcedId: z.string(), grade: z.string().nullable() }),
  results: z.array(
    z.object({ assessmentId: z.string(), name: z.string(), givenOn: z.string(), standards: z.array(z.string()), score: z.number(), maxScore: z.number(), percent: z.number(), proficient: z.boolean() }),
  ),
});

/** A data conversation: a team looking together at one assessment's results. */
export const DataConversation = z.object({
  id: z.string(),
  assessmentId: z.string(),
  heldOn: z.string(),
  /** Names of the people in the conversation. */
  participants: z.array(z.string()),
  /** The guiding questions the team used. */
  questions: z.array(z.string()),
  /** What we notice in the results (facts, no explanations yet). */
  notice: z.string(),
  /** What we wonder about. */
  wonder: z.string(),
  /** What we will try in our teaching. */
  tryNext: z.string(),
  /** The agreed next step, with who and when. */
  nextStep: z.string(),
  recordedBy: z.object({ id: z.string(), name: z.string() }),
  /** Work-plan actions made from this conversation's next step (plan-action of module plans). */
  planActions: z.array(z.object({ id: z.string(), title: z.string(), planId: z.string() })),
});
export const DataConversationCreate = z.object({
  heldOn: schoolDate('2026-11-24'),
  participants: z.array(z.string().trim().min(1).max(120)).min(1, 'Name who took part').max(30),
  questions: z.array(z.string().trim().min(1).max(500)).max(10).default([]),
  notice: z.string().trim().max(5000).default(''),
  wonder: z.string().trim().max(5000).default(''),
  tryNext: z.string().trim().max(5000).default(''),
  nextStep: z.string().trim().max(2000).default(''),
});
/** Guiding questions the web offers for a data conversation (the team may use its own). */
export const DATA_CONVERSATION_QUESTIONS = [
  'What do the results tell us that students can already do?',
  'Where do the results differ between groups of students, and by how much?',
  'Which items or standards were hardest, and what did students do on them?',
  'What about our teaching might explain what we see?',
  'What will we try before the next assessment, and how will we know it helped?',
] as const;

/** Filters of an analysis (all optional; default: the last 120 days). */
export const AnalysisQuery = z.object({
  from: schoolDate('2026-09-01').optional(),
  to: schoolDate('2026-11-30').optional(),
  /** Only assessments carrying this standard tag. */
  standard: z.string().max(100).optional(),
  /** Only students of this grade, e.g. "03". */
  grade: z.string().max(20).optional(),
  /** Only students of this class (among the assessed ones). */
  classId: Id.optional(),
  /** Only this assessment. */
  assessmentId: Id.optional(),
}).superRefine(dateRange());
export type AnalysisQuery = z.infer<typeof AnalysisQuery>;

/** A group's numbers, or `{suppressed: true}` with none when it has fewer students than the minimum group size. */
export const GroupStats = z.union([
  z.object({
    suppressed: z.literal(false),
    /** Distinct students. */
    students: z.number().int(),
    /** Results counted (a student counts once per assessment). */
    results: z.number().int(),
    /** Percent (0-100, one decimal) of results at or above each assessment's proficiency cut. */
    percentProficient: z.number(),
    /** Mean score as percent of the maximum (one decimal). */
    meanPercent: z.number(),
  }),
  z.object({ suppressed: z.literal(true) }),
]);
export type GroupStats = z.infer<typeof GroupStats>;
const Row = z.object({ key: z.string(), label: z.string(), stats: GroupStats });
/** The subgroup dimensions reported. */
export const SubgroupDimension = z.enum(['english_learner', 'special_education', 'free_reduced_lunch', 'hispanic_latino', 'race_ethnicity', 'gender']);
export const AnalysisSubgroup = Row.extend({
  dimension: SubgroupDimension,
  /** Mean percent of this group minus the whole group's, in points (one decimal); null when suppressed. */
  gapPoints: z.number().nullable(),
  /** Percent proficient of this group minus the whole group's, in points; null when suppressed. */
  proficiencyGapPoints: z.number().nullable(),
  /** A descriptive sentence of the numbers (no judgement), or why there are none. */
  description: z.string(),
});
/**
 * A school's assessment results in aggregate. Every group with fewer than `minimumGroupSize` students is suppressed;
 * when exactly one group of a list is suppressed, the smallest other one is too, so it cannot be worked out by subtraction.
 */
export const Analysis = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  minimumGroupSize: z.number().int(),
  /** Assessments counted. */
  assessments: z.number().int(),
  /** The whole group. */
  overall: GroupStats,
  byStandard: z.array(Row),
  byClass: z.array(Row),
  byGrade: z.array(Row),
  /** One row per assessment date (key = the date), oldest first. */
  overTime: z.array(Row),
  bySubgroup: z.array(AnalysisSubgroup),
});
export type Analysis = z.infer<typeof Analysis>;
