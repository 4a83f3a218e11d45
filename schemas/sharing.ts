import { z } from 'zod';
import { dateRange, schoolDate, schoolInstant } from './bounds';
import { Id } from './common';

/** Body of `POST /api/visits/{id}/share`. */
export const ShareBody = z.object({
  /** One open, non-judgemental question inviting the teacher to reflect. */
  guidingQuestion: z.string().trim().max(500, 'Keep the question under 500 characters').nullish(),
});

/** Body of `PUT /api/visits/{id}/reflection`: the teacher's reflection and, if they wish, their next step. */
export const ReflectionBody = z.object({
  body: z.string().trim().min(1, 'Write your reflection').max(10000, 'Keep it under 10,000 characters'),
  nextStep: z.string().trim().max(1000, 'Keep the next step under 1,000 characters').nullish(),
  wantsConversation: z.boolean().default(false),
});

/** Body of `POST /api/visits/{id}/conversations`. */
export const ConversationBody = z.object({
  heldOn: schoolDate('2026-11-24'),
  notes: z.string().trim().min(1, 'Write what you talked about').max(10000, 'Keep the notes under 10,000 characters'),
  /** The next step the teacher chose (theirs to decide). */
  nextStep: z.string().trim().max(1000).nullish(),
  /** A follow-up visit to plan. */
  followUpOn: schoolDate('2026-12-01').nullish(),
});

/** A question of the school's guiding-question library. */
export const GuidingQuestion = z.object({ id: z.string(), focus: z.string(), body: z.string(), position: z.number().int() });
export const GuidingQuestionCreate = z.object({
  focus: z.string().trim().min(1, 'Name the focus area').max(80),
  body: z.string().trim().min(1, 'Write the question').max(300, 'Keep the question under 300 characters'),
});
export const GuidingQuestionParams = z.object({ schoolId: Id, questionId: Id });

/** A visit waiting for a conversation (`GET /api/follow-up`). */
export const FollowUpItem = z.object({
  visitId: z.string(),
  teacher: z.object({ id: z.string(), name: z.string() }),
  startedAt: z.string(),
  sharedAt: z.string(),
  daysSinceShared: z.number().int(),
  /** The teacher asked for a conversation. */
  requested: z.boolean(),
  reflected: z.boolean(),
});

/** A leader's follow-through: how much of what they see reaches teachers and becomes conversation. */
export const FollowThroughRow = z.object({
  observer: z.object({ id: z.string(), name: z.string() }),
  visits: z.number().int(),
  shared: z.number().int(),
  reflected: z.number().int(),
  discussed: z.number().int(),
  shareRate: z.number(),
  reflectionRate: z.number(),
  /** Median days from visit to first conversation, over visits that had one. */
  medianDaysToConversation: z.number().nullable(),
});
export const FollowThrough = z.object({ school: FollowThroughRow.omit({ observer: true }), leaders: z.array(FollowThroughRow) });
/** Query of `GET /api/follow-up`: the school, and the moment to look from (default now). */
export const FollowUpQuery = z.object({ schoolId: Id, at: schoolInstant().optional() });
export const FollowThroughQuery = z.object({ schoolId: Id, from: schoolDate().optional(), to: schoolDate().optional() }).superRefine(dateRange());

/** An in-app notification. */
export const Notification = z.object({ id: z.string(), kind: z.string(), title: z.string(), link: z.string().nullable(), createdAt: z.string(), read: z.boolean() });
export const NotificationsRead = z.object({ ids: z.array(Id).max(200).optional(), all: z.boolean().optional() });

/** Evidence a teacher adds about their own classroom (e.g. a lesson artefact). */
export const TeacherEvidence = z.object({ id: z.string(), title: z.string(), body: z.string(), createdAt: z.string() });
export const TeacherEvidenceCreate = z.object({
  schoolId: Id,
  title: z.string().trim().min(1, 'Give it a title').max(200),
  body: z.string().trim().max(10000).default(''),
});
/** A strength a teacher is glad to share with colleagues. */
export const Strength = z.object({ id: z.string(), body: z.string() });
export const StrengthCreate = z.object({ schoolId: Id, body: z.string().trim().min(1, 'Name the strength').max(200) });
export const ItemParams = z.object({ itemId: Id });

/** An email in the outbox (shown to district admins). */
export const OutboxEmail = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sent', 'held', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

/** Query of the teacher's own export. */
export const ExportQuery = z.object({ format: z.enum(['csv', 'pdf']) });

/** The statement every teacher sees next to their visits. */
export const NOT_AN_EVALUATION =
  'Visits are not evaluations. Evidence from a visit is never turned into a rating, and it is shared with you so that you can reflect and decide what, if anything, to change.';
