import { z } from 'zod';
import { schoolDate, text } from './bounds';
import { Id } from './common';

const PersonRef = z.object({ id: z.string(), name: z.string() });
const day = schoolDate;
/** Where a coaching cycle is: proposed by the coach, active once agreed, then completed (or cancelled). */
export const CycleStatus = z.enum(['proposed', 'active', 'completed', 'cancelled']);
export type CycleStatus = z.infer<typeof CycleStatus>;

/** Body to propose a coaching cycle: the caller is the coach. */
export const CycleCreate = z.object({
  teacherId: Id,
  goal: text(1, 1000, { min: 'Say what the teacher and you want to work on', max: 'Keep the goal under 1,000 characters' }),
  baseline: text(0, 5000, { max: 'Keep the baseline under 5,000 characters' }).nullish(),
  baselineOn: day('2026-11-24').nullish(),
});
export type CycleCreate = z.infer<typeof CycleCreate>;

/** Body to change a cycle: the goal while it is proposed, the baseline until it closes. */
export const CycleUpdate = z
  .object({
    goal: CycleCreate.shape.goal.optional(),
    baseline: CycleCreate.shape.baseline,
    baselineOn: CycleCreate.shape.baselineOn,
  })
  .refine((v) => v.goal !== undefined || v.baseline !== undefined || v.baselineOn !== undefined, { message: 'Change the goal or the baseline', path: ['goal'] });

/** Body to move a cycle on: agree (active), close with an outcome (completed), or cancel. */
export const CycleTransition = z.discriminatedUnion(
  'status',
  [
    z.object({ status: z.literal('active') }),
    z.object({
      status: z.literal('completed'),
      outcome: text(1, 5000, { min: 'Describe the outcome of the cycle', max: 'Keep the outcome under 5,000 characters' }),
      goalMet: z.boolean({ message: 'Say whether the goal was met' }),
    }),
    z.object({ status: z.literal('cancelled'), reason: text(0, 1000, { max: 'Keep the reason under 1,000 characters' }).nullish() }),
  ],
  { message: 'Choose active, completed or cancelled' },
);
export type CycleTransition = z.infer<typeof CycleTransition>;

/** Body of a debrief after an observation. */
export const DebriefCreate = z.object({
  heldOn: day('2026-11-24'),
  notes: text(1, 10000, { min: 'Write what you talked about', max: 'Keep the notes under 10,000 characters' }),
  nextStep: text(1, 1000, { min: 'Write the next step you agreed', max: 'Keep the next step under 1,000 characters' }),
});

/** Body of a comment by the teacher or the coach. */
export const CommentCreate = z.object({
  body: text(1, 2000, { min: 'Write a comment', max: 'Keep the comment under 2,000 characters' }),
});

/** Body to add an existing visit as an observation of a cycle: one of the coach's own visits of the cycle's teacher. */
export const ObservationLink = z.object({ visitId: Id });

export const CycleParams = z.object({ coachingCycleId: Id });

/** A cycle as lists show it. */
export const CycleSummary = z.object({
  id: z.string(),
  schoolId: z.string(),
  coach: PersonRef,
  teacher: PersonRef,
  goal: z.string(),
  status: CycleStatus,
  observations: z.number().int(),
  debriefs: z.number().int(),
  goalMet: z.boolean().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CycleSummary = z.infer<typeof CycleSummary>;

/** An observation of the cycle: a visit the reader may see (the visit page has the evidence in full). */
export const CycleObservation = z.object({
  visitId: z.string(),
  startedAt: z.string(),
  observer: PersonRef,
  evidence: z.string(),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
  sharedAt: z.string().nullable(),
});

export const Debrief = z.object({
  id: z.string(),
  heldOn: z.string(),
  notes: z.string(),
  nextStep: z.string(),
  recordedBy: PersonRef,
  createdAt: z.string(),
});

export const CycleComment = z.object({ id: z.string(), author: PersonRef, body: z.string(), createdAt: z.string() });

/** One cycle in full, with what the reader may do with it. */
export const CycleDetail = CycleSummary.extend({
  baseline: z.string().nullable(),
  baselineOn: z.string().nullable(),
  agreedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  observationList: z.array(CycleObservation),
  debriefList: z.array(Debrief),
  comments: z.array(CycleComment),
  can: z.object({
    edit: z.boolean(),
    agree: z.boolean(),
    complete: z.boolean(),
    cancel: z.boolean(),
    debrief: z.boolean(),
    comment: z.boolean(),
    observe: z.boolean(),
  }),
});
export type CycleDetail = z.infer<typeof CycleDetail>;

export const CycleListQuery = z.object({ status: CycleStatus.optional() });
