import { z } from 'zod';
import { NO_NUL, schoolDate, text } from './bounds';
import { Id } from './common';
import { VisitCreate } from './visits';

const PersonRef = z.object({ id: z.string(), name: z.string() });
/** "Who could I learn from?": a look-for of the school, or a topic in the asker's own words. */
export const SuggestionQuery = z
  .object({
    lookForId: Id.optional(),
    topic: text(0, 200, { max: 'Keep the topic under 200 characters' }).optional(),
    /** Visit evidence of the last this many weeks counts. */
    weeks: z.coerce.number().int('Use a whole number of weeks').min(1, 'At least 1 week').max(104, 'At most 104 weeks').default(12),
  })
  .refine((q) => Boolean(q.lookForId) || Boolean(q.topic && q.topic.length >= 2), { message: 'Choose a look-for or type a topic (2 letters or more)', path: ['topic'] });
export type SuggestionQuery = z.infer<typeof SuggestionQuery>;

/** A colleague suggested for a topic, with the evidence that puts them there. */
export const Suggestion = z.object({
  teacher: PersonRef,
  score: z.number().int(),
  /** Visits shared with them, in the window, tagged with a matching look-for. */
  visits: z.number().int(),
  /** Strengths they named themselves that match the topic. */
  strengths: z.array(z.string()),
  /** Sentences saying why they are suggested. */
  reasons: z.array(z.string()),
});
export const Suggestions = z.object({
  topic: z.string(),
  weeks: z.number().int(),
  /** The look-fors the topic matched (by id, or by words of their names). */
  lookFors: z.array(z.object({ id: z.string(), name: z.string() })),
  suggestions: z.array(Suggestion),
});
export type Suggestions = z.infer<typeof Suggestions>;

/** The school's expertise: for each look-for, the teachers most often seen with it; and named strengths. */
export const ExpertiseMap = z.object({
  weeks: z.number().int(),
  lookFors: z.array(z.object({ id: z.string(), name: z.string(), teachers: z.array(PersonRef.extend({ visits: z.number().int() })) })),
  strengths: z.array(z.object({ teacher: PersonRef, strengths: z.array(z.string()) })),
});
export const ExpertiseMapQuery = z.object({ weeks: SuggestionQuery.shape.weeks });

export const PeerRequestStatus = z.enum(['pending', 'accepted', 'declined', 'cancelled', 'visited']);
export type PeerRequestStatus = z.infer<typeof PeerRequestStatus>;

/** Body to ask a colleague for a peer visit. */
export const PeerRequestCreate = z.object({
  hostId: Id,
  topic: text(1, 200, { min: 'Say what you would like to learn about', max: 'Keep the topic under 200 characters' }),
  lookForId: Id.nullish(),
  message: text(0, 1000, { max: 'Keep the message under 1,000 characters' }).nullish(),
  proposedOn: schoolDate('2026-12-01').nullish(),
});
export type PeerRequestCreate = z.infer<typeof PeerRequestCreate>;

/** The visited teacher's answer. */
export const PeerRequestResponse = z.object({
  decision: z.enum(['accepted', 'declined'], { message: 'Choose accepted or declined' }),
  note: text(0, 1000, { max: 'Keep the note under 1,000 characters' }).nullish(),
});

export const PeerRequest = z.object({
  id: z.string(),
  schoolId: z.string(),
  requester: PersonRef,
  host: PersonRef,
  topic: z.string(),
  lookFor: z.object({ id: z.string(), name: z.string() }).nullable(),
  message: z.string().nullable(),
  proposedOn: z.string().nullable(),
  status: PeerRequestStatus,
  responseNote: z.string().nullable(),
  respondedAt: z.string().nullable(),
  visitId: z.string().nullable(),
  createdAt: z.string(),
});
export type PeerRequest = z.infer<typeof PeerRequest>;
/** Requests I sent and requests sent to me. */
export const PeerRequestLists = z.object({ sent: z.array(PeerRequest), received: z.array(PeerRequest) });
export type PeerRequestLists = z.infer<typeof PeerRequestLists>;

export const PeerRequestParams = z.object({ requestId: Id });

/** Body of `POST /api/peer-visits`: the visit capture, for an accepted request (school and teacher come from it). */
export const PeerVisitCreate = VisitCreate.pick({ id: true, classId: true, startedAt: true, durationMinutes: true, tags: true }).extend({
  requestId: Id,
  evidence: VisitCreate.shape.evidence.refine((v) => !v.includes('\u0000'), NO_NUL),
  privateNote: z.string().max(10000, 'Keep the private note under 10,000 characters').refine((v) => !v.includes('\u0000'), NO_NUL).nullish(),
});
export type PeerVisitCreate = z.infer<typeof PeerVisitCreate>;
