import { z } from 'zod';
import { schoolInstant } from './bounds';
import { Id } from './common';

/** Query of `GET /api/planner`. */
export const PlannerQuery = z.object({
  schoolId: Id,
  /** The moment to plan for (defaults to now); useful to look ahead. */
  at: schoolInstant().optional(),
});

/** One suggested visit: a teacher teaching a class at a time, with why they are suggested. */
export const Suggestion = z.object({
  teacher: z.object({ id: z.string(), name: z.string() }),
  class: z.object({ id: z.string(), title: z.string(), subjects: z.array(z.string()), grades: z.array(z.string()) }),
  period: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  room: z.string().nullable(),
  lastVisitAt: z.string().nullable(),
  /** Higher first; the reasons say why in words. */
  score: z.number(),
  reasons: z.array(z.string()),
});
export type Suggestion = z.infer<typeof Suggestion>;

/** Response of `GET /api/planner`: who to visit now and for the rest of today, and the day's goal. */
export const Plan = z.object({
  date: z.string(),
  time: z.string(),
  goal: z.object({ daily: z.number().int(), doneToday: z.number().int() }),
  now: z.array(Suggestion),
  later: z.array(Suggestion),
});
export type Plan = z.infer<typeof Plan>;

/** Query of `GET /api/coverage`. */
export const CoverageQuery = z.object({
  schoolId: Id,
  /** Flag teachers not visited for this many days (defaults to the school's setting). */
  days: z.coerce.number().int().min(1).max(365).optional(),
  /** The moment to report at (defaults to now): coverage as it stood then. */
  at: PlannerQuery.shape.at,
});

/** Query of `GET /api/district/coverage`. */
export const DistrictCoverageQuery = z.object({ at: PlannerQuery.shape.at });

/** Response of `GET /api/coverage`: every teacher's visits this term, week by week, and the observers' own numbers. */
export const Coverage = z.object({
  term: z.object({ title: z.string(), start: z.string(), end: z.string() }),
  unvisitedDays: z.number().int(),
  /** Mondays of the weeks shown, oldest first. */
  weeks: z.array(z.string()),
  teachers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      lastVisitAt: z.string().nullable(),
      visitsThisTerm: z.number().int(),
      /** Visits per week, aligned with `weeks`. */
      perWeek: z.array(z.number().int()),
      /** Not visited within `unvisitedDays`. */
      flagged: z.boolean(),
    }),
  ),
  observers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      today: z.number().int(),
      thisWeek: z.number().int(),
      thisTerm: z.number().int(),
      /** Average visits per school day (weekday) of the term so far. */
      perSchoolDay: z.number(),
    }),
  ),
});
export type Coverage = z.infer<typeof Coverage>;

/** Response of `GET /api/district/coverage`: counts per school, never notes. */
export const DistrictCoverage = z.object({
  /** The first school's threshold (each school row carries its own). */
  unvisitedDays: z.number().int(),
  schools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      teachers: z.number().int(),
      teachersVisitedRecently: z.number().int(),
      visitsThisTerm: z.number().int(),
      visitsLast7Days: z.number().int(),
      /** This school's own threshold for "visited recently". */
      unvisitedDays: z.number().int(),
    }),
  ),
});
