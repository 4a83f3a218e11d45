import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types';

/** Where links in emails point and whether email can be sent. */
export interface ShareContext {
  origin: string;
  smtpConfigured: boolean;
}

/** The link a teacher follows to a shared visit. */
export const visitLink = (visitId: string) => `/my-classroom/visits/${visitId}`;

/** What the teacher is told when a visit is shared: the notification's title, and the email (a link, no evidence text). */
export function shareMessage(p: { observerName: string; teacherGivenName: string; day: string; link: string; withQuestion: boolean }) {
  return {
    title: `${p.observerName} shared evidence from a visit to your classroom`,
    subject: `${p.observerName} shared what they saw in your classroom`,
    text:
      `Hello ${p.teacherGivenName},\n\n${p.observerName} visited your classroom on ${p.day} and shared the evidence they gathered` +
      `${p.withQuestion ? ', with a question for you to think about' : ''}.\n\nRead it and add your reflection: ${p.link}\n\n` +
      `Visits are not evaluations: the evidence is yours to reflect on, and you decide what, if anything, to change.\n\n— Rounds`,
  };
}

const OBSERVER_NAME = '\uE000';
const TEACHER_GIVEN_NAME = '\uE001';
const DAY = '\uE002';
/**
 * The same messages as PostgreSQL `format()` strings, for a statement that reads the names itself: `%1$s` is the
 * observer's name, `%2$s` the teacher's given name, `%3$s` the visit's date (UTC, YYYY-MM-DD); every other `%` is escaped.
 */
export function shareMessageFormats(p: { link: string; withQuestion: boolean }) {
  const m = shareMessage({ ...p, observerName: OBSERVER_NAME, teacherGivenName: TEACHER_GIVEN_NAME, day: DAY });
  const toFormat = (s: string) =>
    s.replaceAll('%', '%%').replaceAll(OBSERVER_NAME, '%1$s').replaceAll(TEACHER_GIVEN_NAME, '%2$s').replaceAll(DAY, '%3$s');
  return { title: toFormat(m.title), subject: toFormat(m.subject), text: toFormat(m.text) };
}

/**
 * The rows a share writes, as CTEs for one statement: for the visit in a CTE named `shared` (zero or one row with
 * `id, teacher_id, observer_id, district_id, school_id, started_at`), the teacher's notification, one email (when
 * the teacher has an address; `pending` with SMTP configured, otherwise `held`) and the audit event. The same rows
 * as `notify()` and `writeAudit()` write, in one round trip.
 */
export function shareRowsCtes(visitId: string, actorId: string, withQuestion: boolean, ctx: ShareContext) {
  const f = shareMessageFormats({ link: `${ctx.origin}${visitLink(visitId)}`, withQuestion });
  return sql`
    share_people AS (
      SELECT s.id, s.teacher_id, s.district_id, s.school_id, t.email AS teacher_email,
             o.given_name || ' ' || o.family_name AS observer_name, t.given_name AS teacher_given_name,
             to_char(s.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
      FROM shared s JOIN people o ON o.id = s.observer_id JOIN people t ON t.id = s.teacher_id
    ),
    share_notification AS (
      INSERT INTO notifications (person_id, kind, title, link, visit_id)
      SELECT teacher_id, 'visit.shared', format(${f.title}::text, observer_name, teacher_given_name, day), ${visitLink(visitId)}::text, id FROM share_people
    ),
    share_email AS (
      INSERT INTO email_outbox (district_id, to_address, subject, text_body, status)
      SELECT district_id, teacher_email, format(${f.subject}::text, observer_name, teacher_given_name, day),
             format(${f.text}::text, observer_name, teacher_given_name, day), ${ctx.smtpConfigured ? 'pending' : 'held'}::text
      FROM share_people WHERE teacher_email <> ''
    ),
    share_audit AS (
      INSERT INTO audit_log (action, actor_id, district_id, school_id, entity, entity_id)
      SELECT 'visit.shared', ${actorId}::uuid, district_id, school_id, 'visit', id::text FROM share_people
    )`;
}

/**
 * Shares a visit's evidence (never its private note) with the teacher, in the caller's transaction: marks it
 * shared, notifies the teacher in the app, and queues one email with a link and no evidence text in it (one
 * statement). Returns false when it was already shared.
 */
export async function shareInTransaction(
  trx: Kysely<Database>,
  visitId: string,
  actorId: string,
  guidingQuestion: string | null | undefined,
  ctx: ShareContext,
): Promise<boolean> {
  const result = await sql<{ id: string }>`
    WITH shared AS (
      UPDATE visits SET shared_at = now(), updated_at = now()${guidingQuestion ? sql`, guiding_question = ${guidingQuestion}::text` : sql``}
      WHERE id = ${visitId}::uuid AND shared_at IS NULL
      RETURNING id, teacher_id, observer_id, district_id, school_id, started_at
    ),
    ${shareRowsCtes(visitId, actorId, Boolean(guidingQuestion), ctx)}
    SELECT id FROM shared`.execute(trx);
  return result.rows.length > 0;
}
