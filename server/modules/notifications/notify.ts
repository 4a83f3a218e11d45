import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types';

/** An in-app notification, optionally with an email to the same person. */
export interface NotifyInput {
  personId: string;
  kind:
    | 'visit.shared'
    | 'reflection.added'
    | 'conversation.requested'
    | 'conversation.recorded'
    | 'coaching.proposed'
    | 'coaching.changed'
    | 'peer_visit.requested'
    | 'peer_visit.answered';
  title: string;
  /** Path inside the app, e.g. `/my-classroom/visits/…`. */
  link: string;
  visitId?: string;
  email?: { to: string; subject: string; text: string; districtId: string };
}

/**
 * Records a notification and queues its email in the same transaction as the change it announces. With SMTP
 * configured the email is `pending` for the sender; without it, `held` in the outbox for administrators to see.
 */
export async function notify(db: Kysely<Database>, input: NotifyInput, smtpConfigured: boolean): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ person_id: input.personId, kind: input.kind, title: input.title, link: input.link, visit_id: input.visitId ?? null })
    .execute();
  if (input.email) {
    await db
      .insertInto('email_outbox')
      .values({
        district_id: input.email.districtId,
        to_address: input.email.to,
        subject: input.email.subject,
        text_body: input.email.text,
        status: smtpConfigured ? 'pending' : 'held',
      })
      .execute();
  }
}
