import { z } from 'zod';
import { MAX_VISIT_AHEAD_MS, dateRange, pageSize, schoolDate, schoolInstant } from './bounds';
import { Id } from './common';

/** The default list of evaluative words the low-inference helper points out (each school edits its own). */
export const DEFAULT_EVALUATIVE_WORDS = [
  'great', 'good', 'excellent', 'amazing', 'awesome', 'wonderful', 'fantastic', 'perfect', 'nice', 'best',
  'poor', 'bad', 'weak', 'terrible', 'awful', 'lacking', 'failed', 'ineffective', 'effective', 'engaging',
  'engaged', 'disengaged', 'boring', 'should', 'must', 'needs to', 'strong', 'impressive', 'chaotic', 'lazy',
  'rigorous', 'appropriate', 'inappropriate', 'well-managed', 'off task',
];

/** A school's focus area ("look-for") that visits are tagged with. */
export const LookFor = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  position: z.number().int(),
});
export type LookFor = z.infer<typeof LookFor>;

/** Body to create a look-for. */
export const LookForCreate = z.object({
  name: z.string().trim().min(1, 'Give the look-for a name').max(80, 'Keep the name under 80 characters'),
  description: z.string().trim().max(500, 'Keep the description under 500 characters').optional(),
});
/** Body to change a look-for (rename, describe, retire, reorder). */
export const LookForUpdate = z.object({
  name: z.string().trim().min(1, 'Give the look-for a name').max(80).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(1000).optional(),
});
export const LookForParams = z.object({ schoolId: Id, lookForId: Id });

/** A school's visit settings. */
export const VisitSettings = z.object({
  /** Words the low-inference helper highlights while a leader types evidence. */
  evaluativeWords: z.array(z.string()),
  /** A teacher not visited for this many days is flagged on the coverage page. */
  unvisitedDays: z.number().int(),
  /** `immediate`: evidence goes to the teacher when the visit is saved; `held`: when the leader shares it. */
  shareMode: z.enum(['immediate', 'held']),
  /** `school`: coaches read every visit of the school; `own`: only the visits they recorded. */
  coachVisibility: z.enum(['school', 'own']),
  /** A shared visit with no conversation after this many days shows up as needing follow-up. */
  followUpDays: z.number().int(),
});
export const VisitSettingsUpdate = z.object({
  evaluativeWords: z
    .array(z.string().trim().toLowerCase().min(1, 'Remove empty words').max(40, 'Keep each word under 40 characters'))
    .max(300, 'Keep the list under 300 words')
    .optional(),
  unvisitedDays: z.number().int('Use a whole number of days').min(1, 'At least 1 day').max(365, 'At most 365 days').optional(),
  shareMode: z.enum(['immediate', 'held']).optional(),
  coachVisibility: z.enum(['school', 'own']).optional(),
  followUpDays: z.number().int('Use a whole number of days').min(1, 'At least 1 day').max(60, 'At most 60 days').optional(),
});

/** Body of `POST /api/visits`: a visit captured on a device. */
export const VisitCreate = z.object({
  /** Made on the device (a UUID): sending the same visit again creates nothing. */
  id: z.uuid({ message: 'must be a UUID made on the device' }),
  schoolId: Id,
  teacherId: Id,
  classId: Id.nullish(),
  /** When the visit started (ISO 8601 with a time zone). */
  startedAt: schoolInstant({ maxAheadMs: MAX_VISIT_AHEAD_MS }),
  durationMinutes: z.number().int('Use whole minutes').min(1, 'At least 1 minute').max(240, 'At most 240 minutes'),
  /** Low-inference notes: what was seen and heard. */
  evidence: z.string().max(20000, 'Keep the evidence under 20,000 characters'),
  /** Look-for ids of the visit's school. */
  tags: z.array(Id).max(20, 'At most 20 look-fors').default([]),
  /** Never shared: only its author ever sees it. */
  privateNote: z.string().max(10000, 'Keep the private note under 10,000 characters').nullish(),
  /** One open question for the teacher, sent with the evidence when it is shared. */
  guidingQuestion: z.string().trim().max(500, 'Keep the question under 500 characters').nullish(),
  /** An observation for an active coaching cycle of this teacher that the caller coaches. */
  coachingCycleId: Id.nullish(),
});
export type VisitCreate = z.infer<typeof VisitCreate>;

/** Body of `PUT /api/visits/{id}`: the author edits a visit; `version` is the one the edit started from. */
export const VisitUpdate = z.object({
  version: z.number().int().min(1),
  teacherId: Id,
  classId: Id.nullish(),
  startedAt: VisitCreate.shape.startedAt,
  durationMinutes: VisitCreate.shape.durationMinutes,
  evidence: VisitCreate.shape.evidence,
  tags: z.array(Id).max(20, 'At most 20 look-fors'),
  privateNote: VisitCreate.shape.privateNote,
});
export type VisitUpdate = z.infer<typeof VisitUpdate>;

const PersonRef = z.object({ id: z.string(), name: z.string() });

/** Where a visit is in the loop: recorded, shared with the teacher, reflected on by them, talked about. */
export const VisitStatus = z.enum(['captured', 'shared', 'reflected', 'discussed']);

/** The teacher's reflection on a shared visit, and the next step they chose. */
export const Reflection = z.object({
  body: z.string(),
  nextStep: z.string().nullable(),
  wantsConversation: z.boolean(),
  updatedAt: z.string(),
});

/** A follow-up conversation about a visit; its notes are visible to the teacher and the leaders. */
export const Conversation = z.object({
  id: z.string(),
  heldOn: z.string(),
  notes: z.string(),
  nextStep: z.string().nullable(),
  followUpOn: z.string().nullable(),
  recordedBy: PersonRef,
  createdAt: z.string(),
});

/** A visit as the API returns it. `privateNote` is present only for its author. */
export const Visit = z.object({
  id: z.string(),
  schoolId: z.string(),
  observer: PersonRef,
  teacher: PersonRef,
  class: z.object({ id: z.string(), title: z.string() }).nullable(),
  startedAt: z.string(),
  durationMinutes: z.number().int(),
  evidence: z.string(),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
  privateNote: z.string().nullable().optional(),
  /** Photos of student work or the board (served at `/api/visits/{id}/photos/{photoId}`). */
  photos: z.array(z.object({ id: z.string(), width: z.number().int(), height: z.number().int() })),
  status: VisitStatus,
  sharedAt: z.string().nullable(),
  guidingQuestion: z.string().nullable(),
  reflection: Reflection.nullable(),
  conversations: z.array(Conversation),
  /** `leader`: recorded by a school leader or coach; `peer`: a colleague's visit, the visited teacher's alone. */
  kind: z.enum(['leader', 'peer']),
  /** A peer visit the visited teacher shared with the school's leaders (null until then, and for leader visits). */
  sharedWithLeadersAt: z.string().nullable(),
  /** The coaching cycle this visit is an observation of. */
  coachingCycleId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Visit = z.infer<typeof Visit>;

/** Filters of `GET /api/visits` with cursor pagination (newest first). */
export const VisitQuery = z.object({
  schoolId: Id,
  teacherId: Id.optional(),
  observerId: Id.optional(),
  from: schoolDate('2026-11-01').optional(),
  to: schoolDate('2026-11-30').optional(),
  /** Visits tagged with this look-for. */
  lookForId: Id.optional(),
  /** Words in the evidence or the teacher's name (never the private note). */
  q: z.string().trim().min(1, 'Type at least one character').max(100, 'At most 100 characters').optional(),
  /** `leader` visits only, or shared `peer` visits only. */
  kind: z.enum(['leader', 'peer']).optional(),
  cursor: z.string().max(200).optional(),
  limit: pageSize(),
}).superRefine(dateRange());
export const VisitPage = z.object({ items: z.array(Visit), nextCursor: z.string().nullable() });

export const VisitParams = z.object({ visitId: Id });
export const PhotoParams = z.object({ visitId: Id, photoId: Id });
/** The photo formats a visit accepts; anything else is refused whatever its name or header says. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** The largest photo accepted before resizing. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Longest side of a stored photo, in pixels: enough to read student work, small enough for a phone on school Wi-Fi. */
export const MAX_PHOTO_SIDE = 1600;
/** Photos a visit may hold. */
export const MAX_PHOTOS_PER_VISIT = 3;
