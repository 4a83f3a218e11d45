import type { Migration } from 'kysely';
import * as foundation from './20261124_0001_foundation';
import * as accountsAudit from './20261124_0002_accounts_audit';
import * as rosterManaged from './20261124_0003_roster_managed';
import * as visits from './20261125_0001_visits';
import * as habit from './20261125_0002_habit';
import * as visitPhotos from './20261125_0003_visit_photos';
import * as sharing from './20261125_0004_sharing';
import * as insights from './20261125_0005_insights';
import * as visitRollups from './20261125_0006_visit_rollups';
import * as assessments from './20261125_0007_assessments';
import * as assessmentRollups from './20261125_0008_assessment_rollups';
import * as leadership from './20261126_0001_leadership';
import * as coaching from './20261126_0002_coaching';
import * as curriculumCulture from './20261126_0003_curriculum_culture';
import * as evaluation from './20261126_0004_evaluation';
import * as signInSecurity from './20261126_0005_sign_in_security';
import * as auditAppendOnly from './20261126_0006_audit_append_only';
import * as privacy from './20261126_0007_privacy';
import * as rowLevelSecurity from './20261127_0001_row_level_security';
import * as secretsAtRest from './20261127_0002_secrets_at_rest';
import * as visitWritePath from './20261127_0003_visit_write_path';
import * as schoolYearFormat from './20261127_0004_school_year_format';
import * as retentionRunsPerDistrict from './20261128_0001_retention_runs_per_district';
import * as requestScopeFunction from './20261128_0003_request_scope_function';
import * as rollupSlots from './20261128_0004_rollup_slots';
import * as pdFeedbackOutlivesAttendance from './20261207_0001_pd_feedback_outlives_attendance';

/** Every migration in order. Never edit one that has landed: add a new file and list it here. */
export const migrations: Record<string, Migration> = {
  '20261124_0001_foundation': foundation,
  '20261124_0002_accounts_audit': accountsAudit,
  '20261124_0003_roster_managed': rosterManaged,
  '20261125_0001_visits': visits,
  '20261125_0002_habit': habit,
  '20261125_0003_visit_photos': visitPhotos,
  '20261125_0004_sharing': sharing,
  '20261125_0005_insights': insights,
  '20261125_0006_visit_rollups': visitRollups,
  '20261125_0007_assessments': assessments,
  '20261125_0008_assessment_rollups': assessmentRollups,
  '20261126_0001_leadership': leadership,
  '20261126_0002_coaching': coaching,
  '20261126_0003_curriculum_culture': curriculumCulture,
  '20261126_0004_evaluation': evaluation,
  '20261126_0005_sign_in_security': signInSecurity,
  '20261126_0006_audit_append_only': auditAppendOnly,
  '20261126_0007_privacy': privacy,
  '20261127_0001_row_level_security': rowLevelSecurity,
  '20261127_0002_secrets_at_rest': secretsAtRest,
  '20261127_0003_visit_write_path': visitWritePath,
  '20261127_0004_school_year_format': schoolYearFormat,
  '20261128_0001_retention_runs_per_district': retentionRunsPerDistrict,
  '20261128_0003_request_scope_function': requestScopeFunction,
  '20261128_0004_rollup_slots': rollupSlots,
  '20261207_0001_pd_feedback_outlives_attendance': pdFeedbackOutlivesAttendance,
};
