import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../../db/database';
import type { Database } from '../../../db/types';
import type { Visit, VisitCreate, VisitUpdate } from '../../../schemas/visits';
import type { RequestSchool, SessionUser } from '../../http/access';
import { AppError, forbidden, notFound, validation, type FieldError } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import { checkCycleLink } from '../coaching/cycle-link';
import { visitsPolicy } from './visits.policy';
import { getVisitSettings } from './look-fors';
import { shareRowsCtes, type ShareContext } from './share';
import * as repo from './visits.repo';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Shapes a stored visit for one reader: the private note only for its author. */
export function toVisit(row: repo.VisitRow, reader: SessionUser): Visit {
  return {
    id: row.id,
    schoolId: row.school_id,
    observer: { id: row.observer_id, name: row.observer_name },
    teacher: { id: row.teacher_id, name: row.teacher_name },
    class: row.class_id ? { id: row.class_id, title: row.class_title ?? '' } : null,
    startedAt: iso(row.started_at),
    durationMinutes: row.duration_minutes,
    evidence: row.evidence,
    tags: row.tags,
    ...(visitsPolicy.seesPrivateNote(reader, row) ? { privateNote: row.private_note } : {}),
    photos: row.photos,
    status: row.conversations.length > 0 ? 'discussed' : row.reflection ? 'reflected' : row.shared_at ? 'shared' : 'captured',
    sharedAt: row.shared_at ? iso(row.shared_at) : null,
    guidingQuestion: row.guiding_question,
    reflection: row.reflection
      ? { body: row.reflection.body, nextStep: row.reflection.next_step, wantsConversation: row.reflection.wants_conversation, updatedAt: iso(row.reflection.updated_at) }
      : null,
    conversations: row.conversations.map((c) => ({
      id: c.id,
      heldOn: c.held_on,
      notes: c.notes,
      nextStep: c.next_step,
      followUpOn: c.follow_up_on,
      recordedBy: { id: c.recorded_by, name: c.recorder_name },
      createdAt: iso(c.created_at),
    })),
    kind: row.kind,
    sharedWithLeadersAt: row.shared_with_leaders_at ? iso(row.shared_with_leaders_at) : null,
    coachingCycleId: row.coaching_cycle_id,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A fingerprint of what a create request says, so a retry is told apart from a different visit under the same id. */
export function createHashOf(input: VisitCreate): string {
  const canonical = JSON.stringify([
    input.schoolId,
    input.teacherId,
    input.classId ?? null,
    iso(input.startedAt),
    input.durationMinutes,
    input.evidence,
    [...new Set(input.tags)].sort(),
    input.privateNote ?? null,
    input.guidingQuestion ?? null,
    // Appended only when present, so visits captured before cycles existed keep their fingerprint.
    ...(input.coachingCycleId ? [input.coachingCycleId] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The columns a capture sets and an edit may change. */
function editableColumns(input: Pick<VisitUpdate, 'teacherId' | 'classId' | 'startedAt' | 'durationMinutes' | 'evidence' | 'privateNote'>) {
  return {
    teacher_id: input.teacherId,
    class_id: input.classId ?? null,
    started_at: iso(input.startedAt),
    duration_minutes: input.durationMinutes,
    evidence: input.evidence,
    private_note: input.privateNote || null,
  };
}

/** The field errors for a visit's references, from the facts the database found; every problem at once. */
function referenceErrors(
  found: { isTeacher: boolean; classInSchool: boolean; classTaught: boolean; activeTags: string[] },
  input: { classId?: string | null; tags: string[] },
  more: FieldError[],
): FieldError[] {
  const fields: FieldError[] = [...more];
  if (!found.isTeacher) {
    fields.push({ path: 'body.teacherId', message: 'Choose a teacher of this school' });
  } else if (input.classId) {
    if (!found.classInSchool) fields.push({ path: 'body.classId', message: 'Choose a class of this school' });
    else if (!found.classTaught) fields.push({ path: 'body.classId', message: 'This teacher does not teach that class' });
  }
  const known = new Set(found.activeTags);
  input.tags.forEach((id, i) => {
    if (!known.has(id)) fields.push({ path: `body.tags.${i}`, message: 'Not an active look-for of this school' });
  });
  return fields;
}

/** Checks that the teacher, class and look-fors belong to the school, in one round trip; reports every problem at once. */
async function checkReferences(db: Db, schoolId: string, input: { teacherId: string; classId?: string | null; tags: string[] }, more: FieldError[] = []) {
  const tags = [...new Set(input.tags)];
  const found = await repo.referenceFacts(db, schoolId, input.teacherId, input.classId ?? null, tags);
  const fields = referenceErrors(found, input, more);
  if (fields.length > 0) throw validation(fields);
  return { tags, shareMode: found.shareMode };
}

/**
 * Records a visit captured on a device. The device's id makes it idempotent: the same visit sent again answers
 * with the stored one and creates nothing; a different visit under a used id is a conflict.
 */
export async function captureVisit(
  db: Db,
  user: SessionUser,
  school: RequestSchool,
  input: VisitCreate,
  ctx: ShareContext,
): Promise<{ created: boolean; visit: Visit }> {
  if (!visitsPolicy.canCapture(school)) throw forbidden('Only school leaders and coaches record visits.');
  return storeVisit(db, user, school, input, ctx, { kind: 'leader' });
}

/** How a visit is stored: a leader's visit (shared as the school decides), or a peer visit (the visited teacher's). */
export interface StoreOptions {
  kind: 'leader' | 'peer';
  /** Runs in the insert's transaction, after the visit is stored (a peer visit marks its request visited). */
  afterInsert?: (trx: Kysely<Database>) => Promise<void>;
}

/**
 * The capture shared by every kind of visit: idempotent by the device's id, references checked, tags stored, and
 * shared at once where it is due. The check, the visit, its tags and the share's rows are one statement (see
 * `repo.recordVisit`); the answer is built from what that statement returns, without reading the visit back.
 */
export async function storeVisit(
  db: Db,
  user: SessionUser,
  school: RequestSchool,
  input: VisitCreate,
  ctx: ShareContext,
  options: StoreOptions,
): Promise<{ created: boolean; visit: Visit }> {
  const hash = createHashOf(input);
  const replay = async () => {
    const existing = await repo.findVisit(db, input.id);
    if (!existing) return undefined;
    if (existing.observer_id !== user.id || existing.create_hash !== hash) {
      throw new AppError('conflict', 'A different visit was already saved under this id. Nothing was changed.');
    }
    return { created: false, visit: toVisit(existing, user) };
  };
  const more: FieldError[] = [];
  if (input.coachingCycleId) {
    const problem = await checkCycleLink(db, { cycleId: input.coachingCycleId, schoolId: school.id, teacherId: input.teacherId, coachId: user.id });
    if (problem) more.push({ path: 'body.coachingCycleId', message: problem });
  }
  const capture: repo.CaptureRow = {
    id: input.id,
    districtId: school.districtId,
    schoolId: school.id,
    observerId: user.id,
    teacherId: input.teacherId,
    classId: input.classId ?? null,
    startedAt: iso(input.startedAt),
    durationMinutes: input.durationMinutes,
    evidence: input.evidence,
    privateNote: input.privateNote || null,
    guidingQuestion: input.guidingQuestion || null,
    createHash: hash,
    kind: options.kind,
    coachingCycleId: input.coachingCycleId ?? null,
    tags: [...new Set(input.tags)],
    allowed: more.length === 0,
  };
  const shareCtes = shareRowsCtes(input.id, user.id, Boolean(input.guidingQuestion), ctx);
  const afterInsert = options.afterInsert;
  const recorded = afterInsert
    ? await db.transaction().execute(async (trx) => {
        const r = await repo.recordVisit(trx, capture, shareCtes);
        if (r.id) await afterInsert(trx);
        return r;
      })
    : await repo.recordVisit(db, capture, shareCtes);
  const fields = referenceErrors(
    { isTeacher: recorded.is_teacher, classInSchool: recorded.class_in_school, classTaught: recorded.class_taught, activeTags: recorded.active_tags },
    input,
    more,
  );
  if (fields.length > 0) {
    // A retry of a visit stored earlier is answered as stored, even if (say) a look-for was retired since.
    const earlier = await replay();
    if (earlier) return earlier;
    throw validation(fields);
  }
  // The id was taken: a retry of this visit (or another request with it won the race), or a different visit, which
  // may be one the caller cannot see (another school's: row-level security hides it) and is a conflict all the same.
  if (!recorded.id) {
    const earlier = await replay();
    if (earlier) return earlier;
    throw new AppError('conflict', 'A different visit was already saved under this id. Nothing was changed.');
  }
  const row: repo.VisitRow = {
    id: recorded.id,
    district_id: school.districtId,
    school_id: school.id,
    observer_id: user.id,
    observer_name: recorded.observer_name,
    teacher_id: input.teacherId,
    teacher_name: recorded.teacher_name,
    class_id: capture.classId,
    class_title: recorded.class_title,
    started_at: recorded.started_at,
    duration_minutes: capture.durationMinutes,
    evidence: capture.evidence,
    private_note: capture.privateNote,
    create_hash: hash,
    subject_id: input.teacherId,
    shared_at: recorded.shared_at,
    guiding_question: capture.guidingQuestion,
    kind: options.kind,
    shared_with_leaders_at: null,
    coaching_cycle_id: capture.coachingCycleId,
    version: recorded.version,
    created_at: recorded.created_at,
    updated_at: recorded.updated_at,
    tags: recorded.tags,
    photos: [],
    reflection: null,
    conversations: [],
    coach_visibility: recorded.coach_visibility,
  };
  return { created: true, visit: toVisit(row, user) };
}

/** Reads one visit, if the caller may see it (others get 404). */
export async function readVisit(db: Db, user: SessionUser, visitId: string): Promise<Visit> {
  const row = await repo.findVisit(db, visitId);
  if (!row || !visitsPolicy.canRead(user, row)) throw notFound('That visit');
  return toVisit(row, user);
}

/** The author edits a visit; an edit based on an older version is a conflict that returns the current one. */
export async function editVisit(db: Db, user: SessionUser, visitId: string, input: VisitUpdate): Promise<Visit> {
  const row = await repo.findVisit(db, visitId);
  if (!row || !visitsPolicy.canRead(user, row)) throw notFound('That visit');
  if (!visitsPolicy.canEdit(user, row)) throw forbidden('Only the person who recorded a visit can edit it.');
  // A peer visit stays with the colleague who agreed to it; an observation stays with its cycle's teacher.
  const fixedTeacher: FieldError[] =
    input.teacherId === row.teacher_id
      ? []
      : row.kind === 'peer'
        ? [{ path: 'body.teacherId', message: 'A peer visit stays with the colleague who agreed to it' }]
        : row.coaching_cycle_id
          ? [{ path: 'body.teacherId', message: 'This visit is an observation of a coaching cycle with another teacher' }]
          : [];
  const { tags } = await checkReferences(db, row.school_id, input, fixedTeacher);
  const updated = await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('visits')
      .set({
        ...editableColumns(input),
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', visitId)
      .where('version', '=', input.version)
      .returning('id')
      .executeTakeFirst();
    if (done) await repo.replaceTags(trx, visitId, tags);
    return Boolean(done);
  });
  const current = toVisit((await repo.findVisit(db, visitId))!, user);
  if (!updated) {
    throw new AppError('conflict', 'This visit was changed on another device since you opened it. Compare and save again.', undefined, { current });
  }
  return current;
}

/** The visited teacher shares a peer visit with the school's leaders (the peer's private note never goes with it). */
export async function sharePeerVisitWithLeaders(db: Db, user: SessionUser, visitId: string): Promise<Visit> {
  const row = await repo.findVisit(db, visitId);
  if (!row || !visitsPolicy.canRead(user, row)) throw notFound('That visit');
  if (!visitsPolicy.canSharePeerVisit(user, row)) throw forbidden('Only the visited teacher shares a peer visit with school leaders.');
  if (row.shared_with_leaders_at) throw new AppError('conflict', 'You already shared this peer visit with your school leaders.');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('visits').set({ shared_with_leaders_at: sql<Date>`now()`, updated_at: sql<Date>`now()` }).where('id', '=', visitId).where('shared_with_leaders_at', 'is', null).execute();
    await writeAudit(trx, { action: 'peer_visit.shared_with_leaders', actorId: user.id, districtId: row.district_id, schoolId: row.school_id, entity: 'visit', entityId: visitId });
  });
  return toVisit((await repo.findVisit(db, visitId))!, user);
}

const encodeCursor = (startedAt: Date | string, id: string) => Buffer.from(JSON.stringify([iso(startedAt), id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && !Number.isNaN(Date.parse(String(value[0]))) && /^[0-9a-f-]{36}$/.test(String(value[1]))) {
      return [String(value[0]), String(value[1])];
    }
  } catch {
    // fall through
  }
  throw validation([{ path: 'querystring.cursor', message: 'This page link is not valid; start from the first page' }]);
}

/** A page of a school's visits, newest first, filtered by teacher, observer and dates. */
export async function listVisits(
  db: Db,
  user: SessionUser,
  school: RequestSchool,
  query: { teacherId?: string; observerId?: string; from?: string; to?: string; lookForId?: string; q?: string; kind?: 'leader' | 'peer'; cursor?: string; limit: number },
) {
  let q = repo.selectVisits(db).where('v.school_id', '=', school.id);
  const { coachVisibility } = await getVisitSettings(db, school.id);
  if (!visitsPolicy.seesAllSchoolVisits(school, coachVisibility)) q = q.where('v.observer_id', '=', user.id);
  // Peer visits are the visited teacher's: leaders see only those the teacher shared with them.
  q = q.where((eb) => eb.or([eb('v.kind', '=', 'leader'), eb('v.shared_with_leaders_at', 'is not', null)]));
  if (query.teacherId) q = q.where('v.teacher_id', '=', query.teacherId);
  if (query.observerId) q = q.where('v.observer_id', '=', query.observerId);
  if (query.kind) q = q.where('v.kind', '=', query.kind);
  if (query.lookForId) {
    const lookForId = query.lookForId;
    q = q.where((eb) => eb.exists(eb.selectFrom('visit_look_fors as vl').select('vl.visit_id').whereRef('vl.visit_id', '=', 'v.id').where('vl.look_for_id', '=', lookForId)));
  }
  if (query.q) {
    // Evidence and the teacher's name only: the private note is never searched.
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('v.evidence', 'ilike', pattern), eb(sql<string>`t.given_name || ' ' || t.family_name`, 'ilike', pattern)]));
  }
  // Dates are school days, local to the school.
  if (query.from) q = q.where('v.started_at', '>=', sql<Date>`(${query.from}::date)::timestamp AT TIME ZONE ${school.timezone}`);
  if (query.to) q = q.where('v.started_at', '<', sql<Date>`(${query.to}::date + 1)::timestamp AT TIME ZONE ${school.timezone}`);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    q = q.where(sql<boolean>`(v.started_at, v.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q.orderBy('v.started_at', 'desc').orderBy('v.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toVisit(r, user)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.started_at, last.id) : null,
  };
}
