import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types';

/** The actions written to the audit log; add one here before writing it. */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'auth.login_first_step'
  | 'auth.two_step_failed'
  | 'auth.recovery_code_used'
  | 'auth.two_step_enabled'
  | 'auth.two_step_disabled'
  | 'auth.two_step_reset'
  | 'auth.sso_refused'
  | 'sso.settings_saved'
  | 'account.created'
  | 'roster.imported'
  | 'roster.rejected'
  | 'demo.seeded'
  | 'visit.shared'
  | 'visit.reflected'
  | 'conversation.recorded'
  | 'coaching.status_changed'
  | 'coaching.observation_linked'
  | 'peer_visit.shared_with_leaders'
  | 'teacher.exported'
  | 'assessment.results_viewed'
  | 'assessment.student_viewed'
  | 'assessment.results_recorded'
  | 'assessment.results_imported'
  | 'assessment.deleted'
  | 'curriculum.map_imported'
  | 'curriculum.map_deleted'
  | 'curriculum.standard_removed'
  | 'pulse.opened'
  | 'pulse.closed'
  | 'privacy.person_deleted'
  | 'privacy.person_exported'
  | 'privacy.school_exported'
  | 'evaluation.rubric_uploaded'
  | 'evaluation.cycle_created'
  | 'evaluation.cycle_viewed'
  | 'evaluation.step_updated'
  | 'evaluation.rated'
  | 'evaluation.cited'
  | 'evaluation.citation_removed'
  | 'evaluation.signed';

export interface AuditEvent {
  action: AuditAction;
  actorId?: string | null;
  districtId?: string | null;
  schoolId?: string | null;
  entity?: string;
  entityId?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Writes one audit event; call it inside the same transaction as the change it records. */
export async function writeAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      action: event.action,
      actor_id: event.actorId ?? null,
      district_id: event.districtId ?? null,
      school_id: event.schoolId ?? null,
      entity: event.entity ?? null,
      entity_id: event.entityId ?? null,
      details: JSON.stringify(event.details ?? {}),
      ip: event.ip ?? null,
    })
    .execute();
}
