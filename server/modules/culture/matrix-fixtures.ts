import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/database';

/**
 * Fixtures of curriculum maps and professional culture for the authorization matrix: a grade 3 map (the matrix's
 * teacher teaches no grade, so may read it but not edit it), an agreement, a self-assessment period and an open
 * pulse. `restore()` remakes whatever a call deleted.
 */
export function cultureFixtures(db: Db, ids: { schoolId: string; principalId: string }) {
  const f = { mapId: randomUUID(), standardId: randomUUID(), agreementId: randomUUID(), periodId: randomUUID(), pulseId: randomUUID() };
  async function restore() {
    const { schoolId, principalId } = ids;
    await db.insertInto('curriculum_maps').values({ id: f.mapId, school_id: schoolId, course: 'Fixture math', grade: '03', created_by: principalId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('curriculum_standards').values({ id: f.standardId, map_id: f.mapId, position: 0, code: 'FX.1', description: 'Fixture standard' }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('school_agreements').values({ id: f.agreementId, school_id: schoolId, title: 'Targets posted', adopted_on: '2026-08-20', created_by: principalId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('practice_self_assessments').values({ id: f.periodId, school_id: schoolId, period: 'Fixture term', rated_on: '2026-12-01', recorded_by: principalId }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db.insertInto('staff_pulses').values({ id: f.pulseId, school_id: schoolId, title: 'Fixture pulse', opened_on: '2026-11-20', created_by: principalId }).onConflict((oc) => oc.column('id').doNothing()).execute();
  }
  return { ...f, restore };
}

/** The path parameters these fixtures fill. */
export const CULTURE_PARAMS = { mapId: 1, standardId: 1, agreementId: 1, periodId: 1, pulseId: 1 } as const;
