import { sql } from 'kysely';
import type { Db } from '../../../db/database';
import type { PeerRequest, PeerRequestCreate, PeerVisitCreate } from '../../../schemas/expertise';
import type { Visit } from '../../../schemas/visits';
import { rolesInSchool, type RequestSchool, type SessionUser } from '../../http/access';
import { AppError, forbidden, notFound, validation, type FieldError } from '../../http/errors';
import { notify } from '../notifications/notify';
import type { ShareContext } from '../visits/share';
import { visitsPolicy } from '../visits/visits.policy';
import { storeVisit } from '../visits/visits.service';
import { expertisePolicy } from './expertise.policy';

const iso = (d: Date | string) => new Date(d).toISOString();
const inbox = (schoolId: string) => `/schools/${schoolId}/learn/requests`;

function selectRequests(db: Db) {
  return db
    .selectFrom('peer_visit_requests as r')
    .innerJoin('people as rq', 'rq.id', 'r.requester_id')
    .innerJoin('people as h', 'h.id', 'r.host_id')
    .leftJoin('look_fors as l', 'l.id', 'r.look_for_id')
    .select([
      'r.id',
      'r.district_id',
      'r.school_id',
      'r.requester_id',
      sql<string>`rq.given_name || ' ' || rq.family_name`.as('requester_name'),
      'r.host_id',
      sql<string>`h.given_name || ' ' || h.family_name`.as('host_name'),
      'r.topic',
      'r.look_for_id',
      'l.name as look_for_name',
      'r.message',
      'r.proposed_on',
      'r.status',
      'r.response_note',
      'r.responded_at',
      'r.visit_id',
      'r.created_at',
    ]);
}
type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>;

function toRequest(r: RequestRow): PeerRequest {
  return {
    id: r.id,
    schoolId: r.school_id,
    requester: { id: r.requester_id, name: r.requester_name },
    host: { id: r.host_id, name: r.host_name },
    topic: r.topic,
    lookFor: r.look_for_id ? { id: r.look_for_id, name: r.look_for_name ?? '' } : null,
    message: r.message,
    proposedOn: r.proposed_on,
    status: r.status,
    responseNote: r.response_note,
    respondedAt: r.responded_at ? iso(r.responded_at) : null,
    visitId: r.visit_id,
    createdAt: iso(r.created_at),
  };
}

async function readable(db: Db, user: SessionUser, id: string): Promise<RequestRow> {
  const row = await selectRequests(db).where('r.id', '=', id).executeTakeFirst();
  if (!row || !expertisePolicy.canRead(user, row)) throw notFound('That request');
  return row;
}

/** A teacher asks a colleague of the same school to visit their classroom. */
export async function requestPeerVisit(db: Db, user: SessionUser, school: RequestSchool, input: PeerRequestCreate): Promise<PeerRequest> {
  const fields: FieldError[] = [];
  if (input.hostId === user.id) fields.push({ path: 'body.hostId', message: 'Choose a colleague, not yourself' });
  else {
    const host = await db
      .selectFrom('role_assignments as ra')
      .innerJoin('people as p', 'p.id', 'ra.person_id')
      .select('p.id')
      .where('ra.school_id', '=', school.id)
      .where('ra.role', '=', 'teacher')
      .where('p.id', '=', input.hostId)
      .where('p.status', '=', 'active')
      .executeTakeFirst();
    if (!host) fields.push({ path: 'body.hostId', message: 'Choose a teacher of this school' });
  }
  if (input.lookForId) {
    const lf = await db.selectFrom('look_fors').select('id').where('id', '=', input.lookForId).where('school_id', '=', school.id).executeTakeFirst();
    if (!lf) fields.push({ path: 'body.lookForId', message: 'Not a look-for of this school' });
  }
  if (fields.length > 0) throw validation(fields);
  const open = await db
    .selectFrom('peer_visit_requests')
    .select('id')
    .where('requester_id', '=', user.id)
    .where('host_id', '=', input.hostId)
    .where('school_id', '=', school.id)
    .where('status', 'in', ['pending', 'accepted'])
    .executeTakeFirst();
  if (open) throw new AppError('conflict', 'You already have an open request to this colleague: wait for their answer or withdraw it first.');
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('peer_visit_requests')
      .values({
        district_id: school.districtId,
        school_id: school.id,
        requester_id: user.id,
        host_id: input.hostId,
        topic: input.topic,
        look_for_id: input.lookForId ?? null,
        message: input.message || null,
        proposed_on: input.proposedOn ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await notify(trx, { personId: input.hostId, kind: 'peer_visit.requested', title: `${user.name} would like to visit your classroom to learn about ${input.topic}`, link: inbox(school.id) }, false);
    return row.id;
  });
  return toRequest((await selectRequests(db).where('r.id', '=', id).executeTakeFirst())!);
}

/** Requests the caller sent and received in the school, newest first. */
export async function listPeerRequests(db: Db, user: SessionUser, school: RequestSchool) {
  const rows = await selectRequests(db)
    .where('r.school_id', '=', school.id)
    .where((eb) => eb.or([eb('r.requester_id', '=', user.id), eb('r.host_id', '=', user.id)]))
    .orderBy('r.created_at', 'desc')
    .limit(200)
    .execute();
  return { sent: rows.filter((r) => r.requester_id === user.id).map(toRequest), received: rows.filter((r) => r.host_id === user.id).map(toRequest) };
}

/** The colleague asked accepts or declines; only a pending request can be answered. */
export async function answerPeerRequest(db: Db, user: SessionUser, id: string, input: { decision: 'accepted' | 'declined'; note?: string | null }) {
  const row = await readable(db, user, id);
  if (!expertisePolicy.canRespond(user, row)) throw forbidden('Only the colleague who was asked answers a request.');
  if (row.status !== 'pending') throw new AppError('conflict', `This request was already ${row.status}. Nothing was changed.`);
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('peer_visit_requests')
      .set({ status: input.decision, response_note: input.note || null, responded_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('conflict', 'This request was answered meanwhile. Nothing was changed.');
    await notify(trx, { personId: row.requester_id, kind: 'peer_visit.answered', title: `${user.name} ${input.decision} your peer visit request`, link: inbox(row.school_id) }, false);
  });
  return toRequest((await selectRequests(db).where('r.id', '=', id).executeTakeFirst())!);
}

/** The teacher who asked withdraws a request that has not led to a visit yet. */
export async function cancelPeerRequest(db: Db, user: SessionUser, id: string) {
  const row = await readable(db, user, id);
  if (!expertisePolicy.canCancel(user, row)) throw forbidden('Only the teacher who asked withdraws a request.');
  const res = await db
    .updateTable('peer_visit_requests')
    .set({ status: 'cancelled', updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'accepted'])
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('conflict', `This request is ${row.status}: it can no longer be withdrawn. Nothing was changed.`);
  return toRequest((await selectRequests(db).where('r.id', '=', id).executeTakeFirst())!);
}

/**
 * The teacher who asked records the peer visit with the visit capture, once the colleague accepted: a visit of
 * kind `peer` whose evidence goes to the visited teacher only. Idempotent by the device's id, like every visit.
 */
export async function recordPeerVisit(db: Db, user: SessionUser, input: PeerVisitCreate, ctx: ShareContext): Promise<{ created: boolean; visit: Visit }> {
  const row = await readable(db, user, input.requestId);
  if (!expertisePolicy.canVisit(user, row)) throw forbidden('Only the teacher who asked records the visit.');
  const replay = row.status === 'visited' && row.visit_id === input.id;
  if (row.status !== 'accepted' && !replay) {
    throw new AppError('conflict', row.status === 'visited' ? 'The visit for this request was already recorded.' : `This request is ${row.status}: a visit is recorded once the colleague accepts.`);
  }
  const schoolRow = await db.selectFrom('schools').select(['id', 'district_id', 'name', 'timezone']).where('id', '=', row.school_id).executeTakeFirstOrThrow();
  const school: RequestSchool = {
    id: schoolRow.id,
    districtId: schoolRow.district_id,
    name: schoolRow.name,
    timezone: schoolRow.timezone,
    roles: rolesInSchool(user, { id: schoolRow.id, districtId: schoolRow.district_id }),
  };
  if (!visitsPolicy.canPeerVisit(school)) throw forbidden('Peer visits are between teachers of the school.');
  const visit = { ...input, schoolId: school.id, teacherId: row.host_id, guidingQuestion: null, coachingCycleId: null };
  return storeVisit(db, user, school, visit, ctx, {
    kind: 'peer',
    afterInsert: async (trx) => {
      const done = await trx
        .updateTable('peer_visit_requests')
        .set({ status: 'visited', visit_id: input.id, updated_at: sql<Date>`now()` })
        .where('id', '=', input.requestId)
        .where('status', '=', 'accepted')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw new AppError('conflict', 'The visit for this request was already recorded.');
    },
  });
}
