import { z } from 'zod';
import { schoolDate } from './bounds';
import { Id } from './common';

/**
 * Professional culture (module culture): schoolwide agreements, the core-practice self-assessment and the
 * anonymous staff pulse.
 *
 *   GET    /api/schools/{schoolId}/agreements                      every role
 *   POST   /api/schools/{schoolId}/agreements                      principal, assistant principal
 *   PATCH  /api/schools/{schoolId}/agreements/{agreementId}        principal, assistant principal
 *   DELETE /api/schools/{schoolId}/agreements/{agreementId}        principal, assistant principal
 *   GET    /api/schools/{schoolId}/agreements/practice?weeks=N     every role: per linked agreement, the share of the
 *                                                                  school's visits per week tagged with its look-for
 *                                                                  (a school pattern: no teacher in the answer)
 *   GET    /api/schools/{schoolId}/self-assessments                every role: periods, ratings, trend, suggestions
 *   POST   /api/schools/{schoolId}/self-assessments                the ILT: principal, assistant principal, coach
 *   PUT    /api/schools/{schoolId}/self-assessments/{periodId}     the ILT
 *   DELETE /api/schools/{schoolId}/self-assessments/{periodId}     the ILT
 *   GET    /api/schools/{schoolId}/pulses                          every role (and whether the caller has responded)
 *   POST   /api/schools/{schoolId}/pulses                          principal: opens a pulse
 *   POST   /api/schools/{schoolId}/pulses/{pulseId}/close          principal
 *   POST   /api/schools/{schoolId}/pulses/{pulseId}/responses      school staff, once per pulse, while open
 *   GET    /api/schools/{schoolId}/pulses/{pulseId}/results        every role: numbers only once closed with at least
 *                                                                  5 responses; otherwise the count only
 *   GET    /api/schools/{schoolId}/pulses/{pulseId}/results/export the same as CSV
 */

// ---------------------------------------------------------------------------------------------- agreements

export const AgreementInput = z.object({
  /** e.g. "Learning targets are posted and referred to". */
  title: z.string().trim().min(1, 'Name the agreement').max(200, 'At most 200 characters'),
  /** What it looks like in practice, in the staff's words. */
  description: z.string().trim().max(2000, 'At most 2000 characters').default(''),
  /** The day staff adopted it. */
  adoptedOn: schoolDate('2026-09-01'),
  /** The look-for that shows it in visits, or null. */
  lookForId: Id.nullable().default(null),
});
export const AgreementUpdate = z.object({
  title: z.string().trim().min(1, 'Name the agreement').max(200, 'At most 200 characters').optional(),
  description: z.string().trim().max(2000, 'At most 2000 characters').optional(),
  adoptedOn: schoolDate('2026-09-01').optional(),
  lookForId: Id.nullable().optional(),
});
export const Agreement = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  adoptedOn: z.string(),
  lookFor: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export const AgreementParams = z.object({ schoolId: Id, agreementId: Id });
export const PracticeQuery = z.object({
  /** How many weeks back, this week included (default 8). */
  weeks: z.coerce.number().int('A whole number of weeks').min(1, 'At least 1 week').max(52, 'At most 52 weeks').default(8),
});
/** Weeks with fewer visits than this show no share: too few to be a pattern. */
export const PRACTICE_MINIMUM_VISITS = 5;
/** How consistently linked agreements are practised, as a school: never per teacher. */
export const AgreementPractice = z.object({
  /** Mondays of the weeks shown, oldest first. */
  weeks: z.array(z.string()),
  /** The school's visits per week. */
  visits: z.array(z.number().int()),
  minimumVisits: z.number().int(),
  agreements: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      lookFor: z.object({ id: z.string(), name: z.string() }),
      /** Per week: visits tagged with the look-for, and their share (0-1, 3 decimals; null under the minimum). */
      perWeek: z.array(z.object({ tagged: z.number().int().nullable(), share: z.number().nullable() })),
      /** Share over all the weeks shown (null when the weeks have fewer visits than the minimum). */
      overall: z.number().nullable(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------- self-assessment

/** The six leadership core practices the school rates itself on. */
export const Practice = z.enum(['vision', 'evidence_based_improvement', 'shared_leadership', 'professional_learning', 'high_quality_instruction', 'professional_culture']);
export type Practice = z.infer<typeof Practice>;
/** Each practice: its name, what it means (in our words) and the work-plan goal suggested when it rates lowest. */
export const PRACTICES: Record<Practice, { name: string; description: string; suggestion: string }> = {
  vision: {
    name: 'A shared vision',
    description: 'Everyone can say what great teaching and learning look like here, expects the same high outcomes for every group of students, and sees time, people and money lined up behind it.',
    suggestion: 'Revisit the vision with staff and families this term, and check one budget or schedule decision against it each month.',
  },
  evidence_based_improvement: {
    name: 'Improvement from evidence',
    description: 'We look at student work and results often, name patterns of low achievement or inequity without blame, act on them with a plan, and check whether it worked.',
    suggestion: 'Hold a data conversation every two weeks in each team on one common formative assessment, and write the next step down.',
  },
  shared_leadership: {
    name: 'Shared leadership',
    description: 'An instructional leadership team with many voices steers an annual work plan; teams lead their own improvement; everyone knows how each kind of decision is made.',
    suggestion: 'Publish who decides what and how, and give each team one work-plan action it leads and reports on.',
  },
  professional_learning: {
    name: 'Professional learning',
    description: 'Adults keep learning: professional development follows the work-plan goals, feedback from focused visits is regular and descriptive, and coaching cycles have time set aside.',
    suggestion: 'Tie the next professional-development days to one work-plan goal, and give every teacher a focused visit with descriptive feedback each month.',
  },
  high_quality_instruction: {
    name: 'High-quality instruction',
    description: 'Curricula are challenging, curriculum maps align standards, targets and assessments, staff keep the agreements they made, and evaluation is fair and on time.',
    suggestion: 'Close the gaps the curriculum maps show (standards with no target, targets with no assessment), and agree on one schoolwide consistency to practise.',
  },
  professional_culture: {
    name: 'A positive professional culture',
    description: 'Staff trust each other, take risks, learn together through inquiry, commit openly to equity and inclusion, and work through conflict directly and respectfully.',
    suggestion: 'Run the staff pulse each term, share the results with staff, and agree together on one change in how staff meetings and teams work.',
  },
};
/** The four levels of the scale. */
export const LEVELS = { 1: 'Beginning', 2: 'Developing', 3: 'Established', 4: 'Thriving' } as const;
export const Level = z.number().int('Choose a level from 1 to 4').min(1, 'Choose a level from 1 to 4').max(4, 'Choose a level from 1 to 4');

export const RatingInput = z.object({
  practice: Practice,
  level: Level,
  /** What we saw that supports the level. */
  evidence: z.string().trim().min(1, 'Write the evidence for this rating').max(3000, 'At most 3000 characters'),
});
/** A self-assessment for one period: every practice rated once. */
export const SelfAssessmentInput = z.object({
  /** The period, e.g. "Fall 2026" or "2026-2027". */
  period: z.string().trim().min(1, 'Name the period').max(80, 'At most 80 characters'),
  /** The day the ILT rated the school. */
  ratedOn: schoolDate('2026-12-15'),
  ratings: z.array(RatingInput).min(1, 'Rate every practice').max(6),
});
export const SelfAssessment = z.object({
  id: z.string(),
  period: z.string(),
  ratedOn: z.string(),
  ratings: z.array(z.object({ practice: Practice, level: z.number().int(), evidence: z.string() })),
  recordedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export const SelfAssessmentParams = z.object({ schoolId: Id, periodId: Id });
/** Every period oldest first, each practice's levels across them, and goal suggestions from the latest period. */
export const SelfAssessmentOverview = z.object({
  periods: z.array(SelfAssessment),
  trend: z.array(
    z.object({
      practice: Practice,
      /** One level per period (same order as `periods`). */
      levels: z.array(z.number().int().nullable()),
      /** Latest level minus the first one (null with fewer than two periods). */
      change: z.number().int().nullable(),
    }),
  ),
  /** The lowest-rated practices of the latest period (below the top level), with a work-plan goal suggestion. */
  suggestions: z.array(z.object({ practice: Practice, level: z.number().int(), suggestion: z.string() })),
  /** Whether the caller may rate (the ILT). */
  canRate: z.boolean(),
});

// ---------------------------------------------------------------------------------------------- staff pulse

/** The statements of the pulse, rated 1 (strongly disagree) to 5 (strongly agree). */
export const PULSE_STATEMENTS = [
  { key: 'trust_colleagues', theme: 'Trust', text: 'I trust my colleagues to keep their word and to have my back.' },
  { key: 'trust_leaders', theme: 'Trust', text: 'I can raise a concern with school leaders without worrying about what happens next.' },
  { key: 'collaboration_time', theme: 'Collaboration', text: 'I have regular time to plan and solve problems with colleagues.' },
  { key: 'collaboration_share', theme: 'Collaboration', text: 'Teachers here share what works and open their classrooms to each other.' },
  { key: 'learning_feedback', theme: 'Learning culture', text: 'The feedback I get helps me improve my teaching.' },
  { key: 'learning_risk', theme: 'Learning culture', text: 'It is safe to try something new here, even if it does not work the first time.' },
] as const;
/** Results are shown only with at least this many responses, in the API, the page and every export. */
export const PULSE_MINIMUM_RESPONSES = 5;
export const AGREEMENT_LABELS = ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'] as const;

export const PulseCreate = z.object({
  title: z.string().trim().min(1, 'Name the pulse').max(120, 'At most 120 characters'),
  /** The planned last day (shown to staff); the principal closes it. */
  closesOn: schoolDate('2026-12-15').nullable().default(null),
});
export const Pulse = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  openedOn: z.string(),
  closesOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  responses: z.number().int(),
  /** Whether the caller has responded (never which response is theirs). */
  responded: z.boolean(),
  /** Whether the caller may respond now. */
  canRespond: z.boolean(),
});
export const PulseParams = z.object({ schoolId: Id, pulseId: Id });
export const PulseResponseInput = z.object({
  /** One answer per statement, in the order of PULSE_STATEMENTS, 1-5. */
  answers: z
    .array(z.number().int('Choose 1 to 5').min(1, 'Choose 1 to 5').max(5, 'Choose 1 to 5'))
    .length(PULSE_STATEMENTS.length, `Answer all ${PULSE_STATEMENTS.length} statements`),
  comment: z.string().trim().max(1000, 'At most 1000 characters').default(''),
});
/** The results: counts only until the pulse is closed with at least the minimum of responses. */
export const PulseResults = z.union([
  z.object({
    pulseId: z.string(),
    shown: z.literal(false),
    responses: z.number().int(),
    minimumResponses: z.number().int(),
    /** Why no numbers are shown. */
    reason: z.string(),
  }),
  z.object({
    pulseId: z.string(),
    shown: z.literal(true),
    responses: z.number().int(),
    minimumResponses: z.number().int(),
    statements: z.array(
      z.object({
        key: z.string(),
        theme: z.string(),
        text: z.string(),
        /** Mean agreement, 1-5, two decimals. */
        mean: z.number(),
        /** How many chose 1, 2, 3, 4, 5. */
        distribution: z.array(z.number().int()),
      }),
    ),
    /** Comments in alphabetical order (never in the order they came in). */
    comments: z.array(z.string()),
  }),
]);
export type PulseResults = z.infer<typeof PulseResults>;
