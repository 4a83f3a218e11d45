import { z } from 'zod';
import { schoolDate } from './bounds';
import { Id, SchoolYear } from './common';

/**
 * Formal evaluation (module evaluation), kept apart from visits: a visit is never an evaluation.
 *
 *   GET/POST /api/schools/{schoolId}/evaluation/rubrics                  the built-in rubric and the district's own
 *   GET/POST /api/schools/{schoolId}/evaluation/cycles                   an evaluator's cycles (overdue steps flagged); a new cycle
 *   GET      /api/schools/{schoolId}/evaluation/cycles/{cycleId}         the evaluator, the teacher and the principal only
 *   POST     .../cycles/{cycleId}/observations, PATCH .../steps/{stepId}, PUT .../ratings, POST .../citations,
 *   DELETE   .../citations/{citationId}, GET .../eligible-visits          the evaluator
 *   POST     .../cycles/{cycleId}/sign                                   the evaluator, then the teacher ("seen", with a response)
 *   GET      /api/my/evaluations                                          the teacher's own cycles
 */

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);
const key = z
  .string({ message: 'Give a key (letters, digits, dots, dashes)' })
  .trim()
  .min(1, 'Give a key (letters, digits, dots, dashes)')
  .max(40, 'Keep keys under 40 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'Use only letters, digits, dots, dashes and underscores');
const date = (example = '2026-11-24') => schoolDate(example);

/** One performance level of a component, with what it looks like in one sentence. */
export const RubricLevel = z.object({
  /** The level's value on the rubric's scale (e.g. 1-4). */
  value: z.number({ message: 'Give the level a number from the scale' }).int('Use a whole number'),
  descriptor: text(600).min(1, 'Describe what this level looks like'),
});
export const RubricComponent = z.object({
  key,
  name: text(160).min(1, 'Name the component'),
  levels: z.array(RubricLevel).min(2, 'Give every level of the scale a descriptor').max(7),
});
export const RubricDomain = z.object({
  key,
  name: text(160).min(1, 'Name the domain'),
  components: z.array(RubricComponent).min(1, 'A domain needs at least one component').max(12, 'At most 12 components in a domain'),
});

/**
 * A rubric as uploaded (JSON): a scale of performance levels, domains, their components, and for every component one
 * descriptor per level of the scale. Every problem is reported at its place, e.g. `body.domains.1.components.0.levels`.
 */
export const RubricDefinition = z
  .object({
    name: text(160).min(1, 'Name the rubric'),
    description: text(2000).default(''),
    /** The performance levels, lowest first, e.g. 1 "Not yet evident" … 4 "Exemplary". */
    scale: z
      .array(z.object({ value: z.number({ message: 'Give the level a number' }).int('Use a whole number').min(0).max(10), label: text(60).min(1, 'Name the level') }))
      .min(2, 'A scale needs at least two levels')
      .max(7, 'At most seven levels'),
    domains: z.array(RubricDomain).min(1, 'A rubric needs at least one domain').max(10, 'At most 10 domains'),
  })
  .superRefine((r, ctx) => {
    const values = r.scale.map((s) => s.value);
    r.scale.forEach((s, i) => {
      if (i > 0 && s.value <= values[i - 1]!) ctx.addIssue({ code: 'custom', path: ['scale', i, 'value'], message: 'List the levels lowest first, each value once' });
    });
    const domainKeys = new Set<string>();
    const componentKeys = new Set<string>();
    r.domains.forEach((d, di) => {
      if (domainKeys.has(d.key)) ctx.addIssue({ code: 'custom', path: ['domains', di, 'key'], message: `The domain key "${d.key}" is used twice` });
      domainKeys.add(d.key);
      d.components.forEach((c, ci) => {
        if (componentKeys.has(c.key)) ctx.addIssue({ code: 'custom', path: ['domains', di, 'components', ci, 'key'], message: `The component key "${c.key}" is used twice` });
        componentKeys.add(c.key);
        const given = c.levels.map((l) => l.value);
        const missing = values.filter((v) => !given.includes(v));
        if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['domains', di, 'components', ci, 'levels'], message: `Add a descriptor for level ${missing.join(', ')}` });
        c.levels.forEach((l, li) => {
          if (!values.includes(l.value)) ctx.addIssue({ code: 'custom', path: ['domains', di, 'components', ci, 'levels', li, 'value'], message: `Level ${l.value} is not on the scale (${values.join(', ')})` });
          else if (given.indexOf(l.value) !== li) ctx.addIssue({ code: 'custom', path: ['domains', di, 'components', ci, 'levels', li, 'value'], message: `Level ${l.value} is described twice` });
        });
      });
    });
  });
export type RubricDefinition = z.infer<typeof RubricDefinition>;

/** A rubric to choose for a cycle: the built-in one (`rounds-generic`) or one the district uploaded (its id). */
export const Rubric = z.object({
  key: z.string(),
  builtIn: z.boolean(),
  uploadedAt: z.string().nullable(),
  definition: RubricDefinition,
});

export const StepKind = z.enum(['pre_conference', 'observation', 'mid_year_review', 'ratings', 'summative_conference', 'sign_off']);
export type StepKind = z.infer<typeof StepKind>;

/** One step of a cycle. `done` for ratings (every component rated) and sign-off (both signed) follows from the data. */
export const Step = z.object({
  id: z.string(),
  kind: StepKind,
  dueOn: z.string(),
  /** The day it was done: held (conferences), observed (observations); null until then. */
  completedOn: z.string().nullable(),
  done: z.boolean(),
  /** Past its due date (in the school's time zone) and not done. */
  overdue: z.boolean(),
  /** Conference notes, or the evidence notes of an observation. */
  notes: z.string(),
});

const Person = z.object({ id: z.string(), name: z.string() });

export const Rating = z.object({
  componentKey: z.string(),
  level: z.number().int(),
  evidence: z.string(),
  rationale: z.string(),
  updatedAt: z.string(),
});

/** Visit evidence cited in the cycle: only visits shared with the teacher, shown to the teacher too. */
export const Citation = z.object({
  id: z.string(),
  visitId: z.string(),
  visitStartedAt: z.string(),
  observer: Person,
  /** The shared evidence of the visit (never a private note). */
  evidence: z.string(),
  componentKey: z.string().nullable(),
  note: z.string(),
  citedAt: z.string(),
});

export const Signature = z.object({ person: Person, signedAt: z.string() }).nullable();

export const CycleSummary = z.object({
  id: z.string(),
  schoolId: z.string(),
  schoolYear: z.string(),
  teacher: Person,
  evaluator: Person,
  rubricName: z.string(),
  /** The next step not done, if any. */
  nextStep: Step.nullable(),
  overdueSteps: z.number().int(),
  evaluatorSignedAt: z.string().nullable(),
  teacherSignedAt: z.string().nullable(),
});

export const Cycle = CycleSummary.extend({
  rubric: RubricDefinition,
  steps: z.array(Step),
  ratings: z.array(Rating),
  citations: z.array(Citation),
  evaluatorSignature: Signature,
  teacherSignature: Signature,
  /** The teacher's comment or response, given when signing. */
  teacherResponse: z.string(),
  /** What the caller may do. */
  can: z.object({ edit: z.boolean(), sign: z.boolean() }),
});
export type Cycle = z.infer<typeof Cycle>;

export const CycleCreate = z.object({
  teacherId: Id,
  /** A principal or assistant principal of the school; default: the caller. */
  evaluatorId: Id.optional(),
  schoolYear: SchoolYear,
  /** `rounds-generic` or the id of a rubric the district uploaded. */
  rubricKey: z.string().trim().min(1, 'Choose a rubric').max(60),
  dueDates: z.object({
    preConference: date(),
    midYearReview: date('2027-01-29'),
    ratings: date('2027-04-30'),
    summativeConference: date('2027-05-14'),
    signOff: date('2027-05-28'),
  }),
  /** Dates the formal observations are scheduled for. */
  observations: z.array(date('2026-12-03')).min(1, 'Schedule at least one formal observation').max(6, 'At most six observations'),
});

export const ObservationCreate = z.object({ dueOn: date('2026-12-03') });

export const StepUpdate = z.object({
  dueOn: date().optional(),
  /** When it was held or observed; null to undo. */
  completedOn: date().nullable().optional(),
  notes: text(10000).optional(),
});

export const RatingsUpdate = z.object({
  ratings: z
    .array(
      z.object({
        componentKey: z.string().trim().min(1).max(40),
        level: z.number({ message: 'Choose a level' }).int('Choose a level'),
        evidence: text(5000).min(1, 'Write the evidence for this rating'),
        rationale: text(3000).min(1, 'Explain why this level'),
      }),
    )
    .min(1, 'Rate at least one component')
    .max(100),
});

export const CitationCreate = z.object({
  visitId: Id,
  /** The component the evidence speaks to, if any. */
  componentKey: z.string().trim().min(1).max(40).nullable().default(null),
  note: text(2000).default(''),
});

/** A visit that may be cited: shared with the teacher, about the teacher, in the cycle's school, not yet cited. */
export const EligibleVisit = z.object({ id: z.string(), startedAt: z.string(), sharedAt: z.string(), observer: Person, evidence: z.string() });

export const SignBody = z.object({
  /** The teacher's optional comment or response (ignored for the evaluator). */
  comment: text(5000).default(''),
});

export const CycleParams = z.object({ schoolId: Id, cycleId: Id });
export const StepParams = CycleParams.extend({ stepId: Id });
export const CitationParams = CycleParams.extend({ citationId: Id });

/** Shown on every evaluation page. */
export const EVALUATION_STATEMENT =
  'This is formal evaluation. It is kept apart from classroom visits: visit notes are not evaluations, and visit evidence appears here only when it was shared with the teacher and cited by the evaluator, which the teacher can see.';
