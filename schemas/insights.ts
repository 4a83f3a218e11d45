import { z } from 'zod';
import { dateRange, schoolDate } from './bounds';
import { Id } from './common';

/** How a school's visits can be broken down. */
export const Breakdown = z.enum(['grade', 'subject', 'hour', 'observer', 'weekday']);

/** Filters of an insight view (also what a saved view stores). */
const insightFilterFields = {
  from: schoolDate('2026-09-01').optional(),
  to: schoolDate('2026-11-30').optional(),
  grade: z.string().max(20).optional(),
  subject: z.string().max(100).optional(),
  observerId: Id.optional(),
  breakdown: Breakdown.default('grade'),
};
export const InsightFilters = z.object(insightFilterFields).superRefine(dateRange());
export type InsightFilters = z.infer<typeof InsightFilters>;
export const SchoolInsightsQuery = z.object({ ...insightFilterFields, schoolId: Id }).superRefine(dateRange());
/** Filters as a saved view keeps them (read back as stored). */
const StoredInsightFilters = z.object({ ...insightFilterFields, from: z.string().optional(), to: z.string().optional() });

const TagCount = z.object({ id: z.string(), name: z.string(), visits: z.number().int(), share: z.number() });

/** Look-for patterns of a school: week by week, broken down, what changed, and how evenly visits are spread. */
export const SchoolInsights = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  totalVisits: z.number().int(),
  weeks: z.array(z.string()),
  visitsPerWeek: z.array(z.number().int()),
  tags: z.array(TagCount.extend({ perWeek: z.array(z.number().int()) })),
  breakdown: z.object({
    by: Breakdown,
    rows: z.array(z.object({ key: z.string(), label: z.string(), visits: z.number().int(), tags: z.record(z.string(), z.number().int()) })),
  }),
  /** Share of visits with each look-for in this period against the period of the same length before it. */
  changes: z.array(z.object({ id: z.string(), name: z.string(), previousShare: z.number(), currentShare: z.number(), delta: z.number() })),
  /** Are some grades or subjects seen less? Visits per teacher in each. */
  equity: z.object({
    grades: z.array(z.object({ key: z.string(), teachers: z.number().int(), visits: z.number().int(), perTeacher: z.number() })),
    subjects: z.array(z.object({ key: z.string(), teachers: z.number().int(), visits: z.number().int(), perTeacher: z.number() })),
  }),
});
export type SchoolInsights = z.infer<typeof SchoolInsights>;

export const ExportFormat = z.object({ format: z.enum(['csv', 'xlsx']) });

/** District patterns: counts and rates per school, groups of fewer than 5 visits suppressed. */
export const DistrictInsights = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  minimumVisits: z.number().int(),
  lookFors: z.array(z.string()),
  schools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      /** null when suppressed (fewer than `minimumVisits` visits). */
      visits: z.number().int().nullable(),
      suppressed: z.boolean(),
      /** Share of visits tagged with each look-for name, by name. */
      lookForShares: z.record(z.string(), z.number()),
    }),
  ),
});
export const DistrictInsightsQuery = z.object({ from: schoolDate().optional(), to: schoolDate().optional() }).superRefine(dateRange());

/** A named insight view whose link can be shared with the leadership team. */
export const InsightView = z.object({ id: z.string(), name: z.string(), filters: StoredInsightFilters, createdBy: z.object({ id: z.string(), name: z.string() }), createdAt: z.string() });
export const InsightViewCreate = z.object({ name: z.string().trim().min(1, 'Name the view').max(120), filters: InsightFilters });
export const InsightViewParams = z.object({ schoolId: Id, viewId: Id });

export const DecisionKind = z.enum(['coaching', 'pd', 'resources', 'schedule', 'staffing', 'other']);
export type DecisionKind = z.infer<typeof DecisionKind>;
/** How a kind of decision is made: the school's decision-making model. */
export const DecisionMode = z.enum(['leader', 'leader_consults', 'consensus', 'delegated', 'vote']);
export type DecisionMode = z.infer<typeof DecisionMode>;
export const DECISION_MODE_LABEL: Record<DecisionMode, string> = {
  leader: 'Leader decides',
  leader_consults: 'Leader decides after consulting',
  consensus: 'Team consensus',
  delegated: 'Delegated to a team',
  vote: 'Vote',
};
const Ref = z.object({ id: z.string(), name: z.string() });
/** A visit a decision cites, as its evidence: who was visited, when, and the first line of what was seen. */
export const DecisionVisit = z.object({ id: z.string(), teacher: Ref, startedAt: z.string(), firstLine: z.string() });
/** A decision taken from evidence, with how it was made and, later, what it changed. */
export const Decision = z.object({
  id: z.string(),
  kind: DecisionKind,
  title: z.string(),
  rationale: z.string(),
  decidedOn: z.string(),
  decidedBy: z.string(),
  howDecided: z.string(),
  viewId: z.string().nullable(),
  visitIds: z.array(z.string()),
  /** The cited visits the caller may open (the others are only counted in `visitIds`). */
  visits: z.array(DecisionVisit),
  effect: z.string().nullable(),
  effectRecordedOn: z.string().nullable(),
  recordedBy: Ref,
  /** The mode it was taken in (null: recorded before the school stated its model, see howDecided). */
  mode: DecisionMode.nullable(),
  /** The mode the school's model stated for this kind when it was recorded (null: none stated). */
  statedMode: DecisionMode.nullable(),
  /** True when the decision was taken in another mode than the stated one. */
  departsFromModel: z.boolean(),
  /** The team that took part or decided. */
  team: Ref.nullable(),
  /** Staff who took part. */
  participants: z.array(Ref),
  /** The evidence it rests on, in words (next to the cited view and visits). */
  evidence: z.string(),
  /** What happens next, and by when. */
  followUp: z.string(),
  followUpOn: z.string().nullable(),
});
export const DecisionCreate = z.object({
  kind: DecisionKind,
  title: z.string().trim().min(1, 'Say what was decided').max(200),
  rationale: z.string().trim().max(5000).default(''),
  decidedOn: schoolDate('2026-11-24'),
  /** Who decided, in words (default: the team and the people who took part). */
  decidedBy: z.string().trim().min(1, 'Say who decided').max(200).optional(),
  /** How, in words (default: the mode's name). */
  howDecided: z.string().trim().min(1, 'Say how it was decided (e.g. leader after consulting the ILT)').max(200).optional(),
  viewId: Id.nullish(),
  visitIds: z.array(Id).max(50).default([]),
  /** The mode it was taken in (default: the one the school states for this kind). */
  mode: DecisionMode.optional(),
  /** A team of this school that took part (or decided, when delegated). */
  teamId: Id.nullish(),
  /** Staff of this school who took part. */
  participantIds: z.array(Id).max(50).default([]),
  evidence: z.string().trim().max(5000, 'At most 5000 characters').default(''),
  followUp: z.string().trim().max(5000, 'At most 5000 characters').default(''),
  followUpOn: schoolDate('2027-01-15').nullish(),
});
/** The school's decision-making model: for each kind of decision, how it is made. */
export const DecisionModelEntry = z.object({
  kind: DecisionKind,
  /** null: not stated yet. */
  mode: DecisionMode.nullable(),
  /** The team, for a decision delegated to a team (or the team consulted or deciding together). */
  team: Ref.nullable(),
  updatedBy: Ref.nullable(),
  updatedAt: z.string().nullable(),
});
export const DecisionModelUpdate = z.object({
  modes: z
    .array(z.object({ kind: DecisionKind, mode: DecisionMode, teamId: Id.nullish() }))
    .min(1, 'State the mode of at least one kind of decision')
    .max(DecisionKind.options.length),
});
export const DecisionEffect = z.object({
  effect: z.string().trim().min(1, 'Describe the effect you observed').max(5000),
  effectRecordedOn: schoolDate('2027-01-15'),
});
export const DecisionParams = z.object({ schoolId: Id, decisionId: Id });
