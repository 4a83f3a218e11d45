import { z } from 'zod';
import { schoolDate } from './bounds';
import { Id, SchoolYear } from './common';

/**
 * The annual work plan of a school (module plans): goals (linked to the vision goals) -> strategies -> action steps
 * with owners, dates, status and evidence of progress; progress-monitoring check-ins; the history of changes; and
 * professional learning sessions tied to the plan's goals.
 *
 *   GET  /api/schools/{schoolId}/plans                       every role: the plans, one per school year
 *   POST /api/schools/{schoolId}/plans                       principal, assistant principal
 *   GET  /api/schools/{schoolId}/plans/{planId}              every role: the whole plan on one page
 *   PATCH /api/schools/{schoolId}/plans/{planId}             principal, assistant principal
 *   GET  /api/schools/{schoolId}/plans/{planId}/pdf          every role: the one-page plan as PDF
 *   GET  /api/schools/{schoolId}/plans/{planId}/history      every role: who changed what, when
 *   POST /api/schools/{schoolId}/plans/{planId}/goals        principal, assistant principal
 *   PATCH/DELETE /api/schools/{schoolId}/plan-goals/{planGoalId}            principal, assistant principal
 *   POST /api/schools/{schoolId}/plan-goals/{planGoalId}/strategies         principal, assistant principal
 *   PATCH/DELETE /api/schools/{schoolId}/plan-strategies/{strategyId}       principal, assistant principal
 *   POST /api/schools/{schoolId}/plan-strategies/{strategyId}/actions       principal, assistant principal
 *   PATCH /api/schools/{schoolId}/plan-actions/{actionId}    principal, AP: any field; the owner: status only
 *   DELETE /api/schools/{schoolId}/plan-actions/{actionId}   principal, assistant principal
 *   POST /api/schools/{schoolId}/plan-actions/{actionId}/evidence   principal, AP and the action's owner
 *   POST /api/schools/{schoolId}/plans/{planId}/checkins     principal, assistant principal
 *   POST /api/schools/{schoolId}/data-conversations/{conversationId}/plan-action   principal, AP: a data conversation's
 *        next step becomes an action of a strategy, citing the assessment as its first evidence
 *   GET/POST /api/schools/{schoolId}/pd-sessions             every role reads; principal, AP and coach add
 *   PUT  /api/schools/{schoolId}/pd-sessions/{pdSessionId}/attendance  principal, AP, coach and the facilitator
 *   PUT  /api/schools/{schoolId}/pd-sessions/{pdSessionId}/feedback    an attendee, on their own feedback
 */

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);
const date = (example: string) => schoolDate(example);
const PersonRef = z.object({ id: z.string(), name: z.string() });

export const ActionStatus = z.enum(['not_started', 'on_track', 'at_risk', 'done']);
export type ActionStatus = z.infer<typeof ActionStatus>;
export const CheckinRating = z.enum(['on_track', 'at_risk', 'off_track']);
export type CheckinRating = z.infer<typeof CheckinRating>;

export const PlanSummary = z.object({
  id: z.string(),
  /** e.g. "2026-27". */
  schoolYear: z.string(),
  title: z.string(),
  /** Weeks between progress-monitoring check-ins. */
  checkinWeeks: z.number().int(),
});
export const PlanCreate = z.object({
  schoolYear: SchoolYear,
  title: text(200).min(1, 'Name the plan'),
  checkinWeeks: z.number({ message: 'A number of weeks' }).int('Whole weeks').min(1, 'At least 1 week').max(26, 'At most 26 weeks').default(6),
});
export const PlanUpdate = z.object({
  title: text(200).min(1, 'Name the plan').optional(),
  checkinWeeks: z.number({ message: 'A number of weeks' }).int('Whole weeks').min(1, 'At least 1 week').max(26, 'At most 26 weeks').optional(),
});

export const PlanEvidence = z.object({
  id: z.string(),
  note: z.string(),
  /** A page inside the app, e.g. a saved insights link. */
  linkPath: z.string().nullable(),
  view: z.object({ id: z.string(), name: z.string() }).nullable(),
  assessment: z.object({ id: z.string(), name: z.string(), givenOn: z.string() }).nullable(),
  pdSession: z.object({ id: z.string(), title: z.string(), heldOn: z.string() }).nullable(),
  addedBy: PersonRef,
  createdAt: z.string(),
});
export const PlanAction = z.object({
  id: z.string(),
  title: z.string(),
  owner: PersonRef,
  startsOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: ActionStatus,
  evidence: z.array(PlanEvidence),
});
export const PlanStrategy = z.object({ id: z.string(), title: z.string(), description: z.string(), actions: z.array(PlanAction) });
export const PlanGoal = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** The vision goal this work-plan goal serves (null: none). */
  visionGoal: z.object({ id: z.string(), title: z.string() }).nullable(),
  strategies: z.array(PlanStrategy),
  /** Professional learning sessions tied to this goal. */
  pdSessions: z.array(z.object({ id: z.string(), title: z.string(), heldOn: z.string() })),
});
export const PlanCheckin = z.object({
  id: z.string(),
  /** The goal checked (null: the whole plan). */
  goalId: z.string().nullable(),
  heldOn: z.string(),
  rating: CheckinRating,
  note: z.string(),
  recordedBy: PersonRef,
});
export const PlanDetail = PlanSummary.extend({
  school: z.object({ id: z.string(), name: z.string() }),
  goals: z.array(PlanGoal),
  /** Newest first. */
  checkins: z.array(PlanCheckin),
  /** When the next check-in is due: the latest one plus the cadence (or the plan's start plus the cadence). */
  nextCheckinOn: z.string(),
  /** Whether the caller edits the whole plan (principal, assistant principal). */
  canEdit: z.boolean(),
});
export const PlanChange = z.object({
  id: z.string(),
  changedAt: z.string(),
  changedBy: PersonRef,
  entity: z.enum(['plan', 'goal', 'strategy', 'action', 'evidence', 'checkin']),
  entityId: z.string(),
  change: z.enum(['created', 'updated', 'deleted']),
  summary: z.string(),
});

export const PlanGoalCreate = z.object({
  title: text(200).min(1, 'Name the goal'),
  description: text(5000).default(''),
  /** A vision goal of this school (GET /goals). */
  visionGoalId: Id.nullish(),
});
export const PlanGoalUpdate = z.object({
  title: text(200).min(1, 'Name the goal').optional(),
  description: text(5000).optional(),
  visionGoalId: Id.nullish(),
});
export const StrategyCreate = z.object({ title: text(300).min(1, 'Name the strategy'), description: text(5000).default('') });
export const StrategyUpdate = z.object({ title: text(300).min(1, 'Name the strategy').optional(), description: text(5000).optional() });
export const ActionCreate = z.object({
  title: text(300).min(1, 'Say what will be done'),
  /** A staff person of the school. */
  ownerId: Id,
  startsOn: date('2026-12-01').nullish(),
  dueOn: date('2027-01-29').nullish(),
  status: ActionStatus.default('not_started'),
});
/** Leaders change any field; the action's owner changes only its status. */
export const ActionUpdate = z.object({
  title: text(300).min(1, 'Say what will be done').optional(),
  ownerId: Id.optional(),
  startsOn: date('2026-12-01').nullish(),
  dueOn: date('2027-01-29').nullish(),
  status: ActionStatus.optional(),
});
export const EvidenceCreate = z.object({
  note: text(2000).min(1, 'Describe the progress'),
  /** A page inside Rounds (e.g. /schools/…/insights?…), or a full address on this site. */
  link: text(500).nullish(),
  /** A saved insights view of this school. */
  viewId: Id.nullish(),
  /** An assessment of this school. */
  assessmentId: Id.nullish(),
  /** A professional learning session of this school. */
  pdSessionId: Id.nullish(),
});
export const CheckinCreate = z.object({
  heldOn: date('2026-12-11'),
  rating: CheckinRating,
  note: text(5000).default(''),
  /** A goal of this plan (omit for the whole plan). */
  goalId: Id.nullish(),
});

export const PdSession = z.object({
  id: z.string(),
  heldOn: z.string(),
  title: z.string(),
  description: z.string(),
  facilitator: PersonRef,
  goals: z.array(z.object({ id: z.string(), title: z.string() })),
  attendees: z.array(PersonRef),
  /** Participants' feedback: the average rating and the comments, without names. */
  feedback: z.object({ count: z.number().int(), averageRating: z.number().nullable(), comments: z.array(z.string()) }),
  /** The caller's own feedback (null: none, or not an attendee). */
  myFeedback: z.object({ rating: z.number().int(), comment: z.string() }).nullable(),
  /** Whether the caller attended (and so may leave feedback). */
  attended: z.boolean(),
  /** Whether the caller may change the attendance (leaders, coaches and the facilitator). */
  canTakeAttendance: z.boolean(),
});
export const PdSessionCreate = z.object({
  heldOn: date('2026-12-02'),
  title: text(200).min(1, 'Name the session'),
  description: text(5000).default(''),
  /** Any staff person of the school — often a teacher. */
  facilitatorId: Id,
  /** Work-plan goals of this school the session serves. */
  goalIds: z.array(Id).max(20).default([]),
  attendeeIds: z.array(Id).max(300).default([]),
});
export const PdAttendance = z.object({ attendeeIds: z.array(Id).max(300) });
export const PdFeedbackInput = z.object({
  rating: z.number({ message: 'Choose a rating from 1 to 4' }).int().min(1, 'From 1').max(4, 'Up to 4'),
  comment: text(2000).default(''),
});

/** A data conversation's next step, made an action of the work plan. */
export const ActionFromConversation = z.object({
  strategyId: Id,
  ownerId: Id,
  /** Default: the conversation's next step. */
  title: text(300).min(1, 'Say what will be done').optional(),
  dueOn: date('2027-01-29').nullish(),
});
export const ConversationParams = z.object({ schoolId: Id, conversationId: Id });
export const PlanParams = z.object({ schoolId: Id, planId: Id });
export const PlanGoalParams = z.object({ schoolId: Id, planGoalId: Id });
export const StrategyParams = z.object({ schoolId: Id, strategyId: Id });
export const ActionParams = z.object({ schoolId: Id, actionId: Id });
export const PdSessionParams = z.object({ schoolId: Id, pdSessionId: Id });
