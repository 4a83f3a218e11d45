import { z } from 'zod';
import { dateRange, schoolDate } from './bounds';
import { Id } from './common';

/**
 * Vision and goals of a school (module goals).
 *
 *   GET  /api/schools/{schoolId}/vision            every staff role and district roles read
 *   PUT  /api/schools/{schoolId}/vision            principal, assistant principal
 *   GET  /api/schools/{schoolId}/goals             every role: goals with their latest progress point
 *   POST /api/schools/{schoolId}/goals             principal, assistant principal
 *   GET  /api/schools/{schoolId}/goals/{goalId}    every role: the goal, its progress over time, linked look-fors' visits per week
 *   PATCH/DELETE /api/schools/{schoolId}/goals/{goalId}   principal, assistant principal
 */

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

/** A school's vision for teaching and learning, with what it asks of each role. */
export const Vision = z.object({
  /** The vision statement ('' until one is written). */
  vision: z.string(),
  /** Action statements per role: what students, teachers, principals and other staff do to live the vision. */
  actions: z.object({ students: z.string(), teachers: z.string(), principals: z.string(), staff: z.string() }),
  /** When it was last changed (null: never written). */
  updatedAt: z.string().nullable(),
  /** Who last changed it. */
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type Vision = z.infer<typeof Vision>;
/** The whole vision, replaced at once. */
export const VisionUpdate = z.object({
  /** The vision statement. */
  vision: text(5000).min(1, 'Write the vision'),
  /** Action statements per role (each optional, '' to clear). */
  actions: z.object({
    students: text(2000).default(''),
    teachers: text(2000).default(''),
    principals: text(2000).default(''),
    staff: text(2000).default(''),
  }),
});

/** How a goal is measured: the share of students at or above a threshold on the assessments tagged with a standard. */
export const GoalMeasure = z.object({
  /** The standard or series tag the counted assessments carry (e.g. "Reading"). */
  standard: text(100).min(1, 'Name the standard or assessment series'),
  /** Only students of this grade (e.g. "03"); null for every grade. */
  grade: text(20).min(1).nullable().default(null),
  /** Percent of the maximum score that counts as proficient; null uses each assessment's own proficiency cut. */
  thresholdPercent: z.number().min(0, 'From 0').max(100, 'Up to 100').nullable().default(null),
});

/** One point of a goal's progress: one assessment date. */
export const GoalProgressPoint = z.union([
  z.object({
    /** The assessment date. */
    date: z.string(),
    /** Monday of that date's week, to line up with look-for visit weeks. */
    week: z.string(),
    suppressed: z.literal(false),
    /** Distinct students counted. */
    students: z.number().int(),
    /** Percent (0-100, one decimal) of results at or above the threshold. */
    percentAtOrAbove: z.number(),
  }),
  /** Fewer students than the school's minimum group size: no numbers. */
  z.object({ date: z.string(), week: z.string(), suppressed: z.literal(true) }),
]);

const GoalBase = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  measure: z.object({ standard: z.string(), grade: z.string().nullable(), thresholdPercent: z.number().nullable() }),
  /** Percent of students at or above the threshold when the goal was set (null: not known). */
  baselinePercent: z.number().nullable(),
  /** Percent of students the goal aims for by the target date. */
  targetPercent: z.number(),
  /** The date the target should be reached. */
  targetDate: z.string(),
  /** Linked look-fors, so visit evidence sits next to learning evidence. */
  lookFors: z.array(z.object({ id: z.string(), name: z.string() })),
});
/** A goal in the list, with its most recent progress point (null: no assessments yet). */
export const GoalSummary = GoalBase.extend({ latest: GoalProgressPoint.nullable() });
/** A goal with its progress over time and the linked look-fors' visits over the same weeks. */
export const GoalDetail = GoalBase.extend({
  /** The school's minimum group size: points with fewer students are suppressed. */
  minimumGroupSize: z.number().int(),
  /** Progress per assessment date, oldest first. */
  progress: z.array(GoalProgressPoint),
  /** Mondays of the weeks covered (from the first progress week, or 12 weeks back, to this week). */
  weeks: z.array(z.string()),
  /** Per linked look-for: visits tagged with it in each of `weeks`. */
  lookForVisits: z.array(z.object({ id: z.string(), name: z.string(), perWeek: z.array(z.number().int()) })),
});
export const GoalCreate = z.object({
  /** A high-expectation goal, e.g. "Every child reads at grade level by 3rd grade". */
  title: text(200).min(1, 'Name the goal'),
  /** More about the goal. */
  description: text(5000).default(''),
  /** How progress is measured. */
  measure: GoalMeasure,
  /** Percent at or above the threshold when the goal was set. */
  baselinePercent: z.number().min(0).max(100).nullable().default(null),
  /** Percent aimed for. */
  targetPercent: z.number().min(0, 'From 0').max(100, 'Up to 100'),
  /** The date the target should be reached. */
  targetDate: schoolDate('2027-05-28'),
  /** Look-fors of this school to show next to the goal. */
  lookForIds: z.array(Id).max(20).default([]),
});
/** Any fields of a goal to change. */
export const GoalUpdate = z.object({
  title: text(200).min(1, 'Name the goal').optional(),
  description: text(5000).optional(),
  measure: GoalMeasure.optional(),
  baselinePercent: z.number().min(0).max(100).nullable().optional(),
  targetPercent: z.number().min(0).max(100).optional(),
  targetDate: schoolDate('2027-05-28').optional(),
  lookForIds: z.array(Id).max(20).optional(),
});
export const GoalParams = z.object({ schoolId: Id, goalId: Id });
/** Optional window of a goal's detail. */
export const GoalQuery = z.object({
  /** First day (default: the first assessment date counted, or 12 weeks back). */
  from: schoolDate().optional(),
  /** Last day (default: today). */
  to: schoolDate().optional(),
}).superRefine(dateRange());
