import type { ColumnType, Generated } from 'kysely';

/** Columns the database fills in on insert. */
type Default<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateCol = ColumnType<string, string, string>;

export type Status = 'active' | 'inactive';
export type Role = 'district_admin' | 'district_leader' | 'principal' | 'assistant_principal' | 'coach' | 'teacher';

export interface DistrictsTable {
  id: Generated<string>;
  sourced_id: string | null;
  name: string;
  status: Default<Status>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface SchoolsTable {
  id: Generated<string>;
  district_id: string;
  sourced_id: string;
  name: string;
  identifier: string | null;
  grade_band: string | null;
  timezone: Default<string>;
  /** Managed by roster imports (only such rows are inactivated when absent from a bundle). */
  rostered: Default<boolean>;
  status: Default<Status>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface AcademicSessionsTable {
  id: Generated<string>;
  district_id: string;
  sourced_id: string;
  title: string;
  type: 'schoolYear' | 'term' | 'semester' | 'gradingPeriod';
  start_date: DateCol;
  end_date: DateCol;
  parent_id: string | null;
  school_year: number;
  /** Managed by roster imports (only such rows are inactivated when absent from a bundle). */
  rostered: Default<boolean>;
  status: Default<Status>;
  updated_at: Timestamp;
}
export interface PeopleTable {
  id: Generated<string>;
  district_id: string;
  sourced_id: string;
  kind: 'staff' | 'student';
  given_name: string;
  family_name: string;
  email: string | null;
  username: string | null;
  identifier: string | null;
  grades: Default<string[]>;
  /** Managed by roster imports (only such rows are inactivated when absent from a bundle). */
  rostered: Default<boolean>;
  status: Default<Status>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface PersonSchoolsTable {
  person_id: string;
  school_id: string;
}
export interface RoleAssignmentsTable {
  id: Generated<string>;
  person_id: string;
  district_id: string;
  school_id: string | null;
  role: Role;
  source: Default<'manual' | 'roster' | 'demo'>;
  created_at: Timestamp;
}
export interface StudentDemographicsTable {
  person_id: string;
  birth_date: DateCol | null;
  gender: string | null;
  race_ethnicity: Default<string[]>;
  hispanic_latino: boolean | null;
  english_learner: boolean | null;
  special_education: boolean | null;
  free_reduced_lunch: boolean | null;
  updated_at: Timestamp;
}
export interface CoursesTable {
  id: Generated<string>;
  district_id: string;
  school_id: string | null;
  sourced_id: string;
  title: string;
  course_code: string | null;
  grades: Default<string[]>;
  subjects: Default<string[]>;
  /** Managed by roster imports (only such rows are inactivated when absent from a bundle). */
  rostered: Default<boolean>;
  status: Default<Status>;
  updated_at: Timestamp;
}
export interface ClassesTable {
  id: Generated<string>;
  district_id: string;
  school_id: string;
  course_id: string | null;
  sourced_id: string;
  title: string;
  class_code: string | null;
  class_type: Default<'homeroom' | 'scheduled'>;
  location: string | null;
  grades: Default<string[]>;
  subjects: Default<string[]>;
  periods: Default<string[]>;
  term_ids: Default<string[]>;
  /** Managed by roster imports (only such rows are inactivated when absent from a bundle). */
  rostered: Default<boolean>;
  status: Default<Status>;
  updated_at: Timestamp;
}
export interface BellPeriodsTable {
  id: Generated<string>;
  school_id: string;
  period: string;
  start_time: string;
  end_time: string;
  kind: Default<'class' | 'lunch' | 'break'>;
}
export interface ClassMeetingsTable {
  id: Generated<string>;
  class_id: string;
  weekday: number;
  period: string | null;
  start_time: string;
  end_time: string;
  room: string | null;
}
export interface EnrollmentsTable {
  id: Generated<string>;
  district_id: string;
  sourced_id: string;
  class_id: string;
  school_id: string;
  person_id: string;
  role: 'teacher' | 'student' | 'aide';
  is_primary: Default<boolean>;
  begin_date: DateCol | null;
  end_date: DateCol | null;
  /** Managed by roster imports (only such rows are inactivated when absent from a bundle). */
  rostered: Default<boolean>;
  status: Default<Status>;
  updated_at: Timestamp;
}
export interface CredentialsTable {
  person_id: string;
  password_hash: string;
  changed_at: Timestamp;
}
export interface SessionsTable {
  token_hash: string;
  person_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
  /** 'full': signed in; 'totp': the authenticator code is still owed; 'enrol': may only set up two-step verification. */
  stage: Default<'full' | 'totp' | 'enrol'>;
  method: Default<'password' | 'sso'>;
}
export interface TotpFactorsTable {
  person_id: string;
  /** Base32 TOTP secret, once confirmed. */
  secret: string | null;
  confirmed_at: Date | null;
  /** A secret being set up, until a code from it is confirmed. */
  pending_secret: string | null;
  /** The last accepted time step (a code is accepted once). */
  last_step: Default<string>;
  created_at: Timestamp;
}
export interface RecoveryCodesTable {
  id: Generated<string>;
  person_id: string;
  code_hash: string;
  used_at: Date | null;
}
export interface LoginSuccessesTable {
  email: string;
  ip: string;
  at: Timestamp;
}
export interface DistrictSsoTable {
  district_id: string;
  provider_name: string;
  issuer_url: string;
  client_id: string;
  client_secret: string;
  allowed_domains: Default<string[]>;
  /** Domains whose addresses are taken as verified when the provider omits `email_verified` (Microsoft Entra ID). */
  verified_domains: Default<string[]>;
  enabled: Default<boolean>;
  updated_at: Timestamp;
  updated_by: string | null;
}
export interface SsoRequestsTable {
  state_hash: string;
  district_id: string;
  code_verifier: string;
  nonce: string;
  return_to: Default<string>;
  expires_at: Date;
}
export interface LoginFailuresTable {
  id: Generated<string>;
  email: string;
  ip: string;
  at: Timestamp;
}
export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  district_id: string | null;
  school_id: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: Default<unknown>;
  ip: string | null;
}
export interface RosterImportsTable {
  id: Generated<string>;
  district_id: string | null;
  actor_id: string | null;
  created_at: Timestamp;
  status: 'applied' | 'rejected';
  version: string | null;
  summary: Default<unknown>;
  errors: Default<unknown>;
}

export interface LookForsTable {
  id: Generated<string>;
  school_id: string;
  name: string;
  description: string | null;
  active: Default<boolean>;
  position: Default<number>;
  created_at: Timestamp;
}
export interface SchoolVisitSettingsTable {
  school_id: string;
  evaluative_words: string[];
  unvisited_days: Default<number>;
  share_mode: Default<'immediate' | 'held'>;
  coach_visibility: Default<'school' | 'own'>;
  follow_up_days: Default<number>;
  questions_seeded: Default<boolean>;
  updated_at: Timestamp;
}
export interface LeaderGoalsTable {
  person_id: string;
  daily_visits: Default<number>;
  updated_at: Timestamp;
}
export interface VisitsTable {
  id: string;
  district_id: string;
  school_id: string;
  observer_id: string;
  teacher_id: string;
  class_id: string | null;
  started_at: Timestamp;
  duration_minutes: number;
  evidence: string;
  private_note: string | null;
  create_hash: string;
  shared_at: Timestamp | null;
  guiding_question: string | null;
  /** `leader`: a leader's or coach's visit; `peer`: a teacher visiting a colleague (the visited teacher's alone). */
  kind: Default<'leader' | 'peer'>;
  /** A peer visit the visited teacher chose to share with the school's leaders. */
  shared_with_leaders_at: Timestamp | null;
  coaching_cycle_id: string | null;
  /** The author keeps the private note past the end of the school year (otherwise retention clears it). */
  private_note_kept: Default<boolean>;
  version: Default<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface VisitLookForsTable {
  visit_id: string;
  look_for_id: string;
  /** Filled from the visit by a trigger: the rollups count tags per school and local day. */
  school_id: ColumnType<string, string | undefined, string>;
  day: ColumnType<string, string | undefined, string>;
  visit_kind: ColumnType<'leader' | 'peer', undefined, never>;
}
export interface VisitDaysTable {
  school_id: string;
  day: DateCol;
  visits: number;
}
export interface VisitTagDaysTable {
  school_id: string;
  day: DateCol;
  look_for_id: string;
  visits: number;
}

export interface HabitChallengesTable {
  id: Generated<string>;
  person_id: string;
  started_on: DateCol;
  done_days: Default<number[]>;
  status: Default<'active' | 'completed' | 'stopped'>;
  created_at: Timestamp;
  ended_at: Timestamp | null;
}
export interface VisitBlocksTable {
  id: Generated<string>;
  person_id: string;
  weekday: number;
  start_time: string;
  end_time: string;
  timezone: string;
}
export interface CalendarFeedsTable {
  person_id: string;
  token_hash: string;
  created_at: Timestamp;
}
export interface LeaderTasksTable {
  id: Generated<string>;
  person_id: string;
  title: string;
  due_on: DateCol | null;
  done_at: Timestamp | null;
  created_at: Timestamp;
}

export interface VisitPhotosTable {
  id: string;
  visit_id: string;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  bytes: Buffer;
  width: number;
  height: number;
  created_at: Timestamp;
}

export interface ReflectionsTable {
  visit_id: string;
  teacher_id: string;
  body: string;
  next_step: string | null;
  wants_conversation: Default<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ConversationsTable {
  id: Generated<string>;
  visit_id: string;
  school_id: string;
  recorded_by: string;
  held_on: DateCol;
  notes: string;
  next_step: string | null;
  follow_up_on: DateCol | null;
  created_at: Timestamp;
}
export interface GuidingQuestionsTable {
  id: Generated<string>;
  school_id: string;
  focus: string;
  body: string;
  position: Default<number>;
  created_at: Timestamp;
}
export interface TeacherEvidenceTable {
  id: Generated<string>;
  school_id: string;
  teacher_id: string;
  title: string;
  body: string;
  created_at: Timestamp;
}
export interface TeacherStrengthsTable {
  id: Generated<string>;
  school_id: string;
  teacher_id: string;
  body: string;
  created_at: Timestamp;
}
export interface NotificationsTable {
  id: Generated<string>;
  person_id: string;
  kind: string;
  title: string;
  link: string | null;
  visit_id: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}
export interface EmailOutboxTable {
  id: Generated<string>;
  district_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  status: 'pending' | 'sent' | 'held' | 'failed';
  attempts: Default<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface InsightViewsTable {
  id: Generated<string>;
  school_id: string;
  created_by: string;
  name: string;
  filters: unknown;
  created_at: Timestamp;
}
export interface DecisionsTable {
  id: Generated<string>;
  school_id: string;
  recorded_by: string;
  kind: 'coaching' | 'pd' | 'resources' | 'schedule' | 'staffing' | 'other';
  title: string;
  rationale: string;
  decided_on: DateCol;
  decided_by: string;
  how_decided: string;
  view_id: string | null;
  visit_ids: Default<string[]>;
  effect: string | null;
  effect_recorded_on: DateCol | null;
  created_at: Timestamp;
  mode: DecisionMode | null;
  stated_mode: DecisionMode | null;
  team_id: string | null;
  evidence: Default<string>;
  follow_up: Default<string>;
  follow_up_on: DateCol | null;
}

export interface SchoolVisionsTable {
  school_id: string;
  vision: string;
  for_students: Default<string>;
  for_teachers: Default<string>;
  for_principals: Default<string>;
  for_staff: Default<string>;
  updated_by: string | null;
  updated_at: Timestamp;
}
/** numeric columns come back from pg as strings. */
type Numeric = ColumnType<string, number | string, number | string>;
export interface SchoolGoalsTable {
  id: Generated<string>;
  school_id: string;
  title: string;
  description: Default<string>;
  standard: string;
  grade: string | null;
  threshold_percent: ColumnType<string | null, number | null | undefined, number | null>;
  baseline_percent: ColumnType<string | null, number | null | undefined, number | null>;
  target_percent: Numeric;
  target_date: DateCol;
  position: Default<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface SchoolGoalLookForsTable {
  goal_id: string;
  look_for_id: string;
}
export interface SchoolAssessmentSettingsTable {
  school_id: string;
  minimum_group_size: Default<number>;
  updated_at: Timestamp;
}
export interface AssessmentsTable {
  id: Generated<string>;
  district_id: string;
  school_id: string;
  name: string;
  given_on: DateCol;
  scale: 'points' | 'percent' | 'rubric';
  max_score: Numeric;
  proficiency_cut: Numeric;
  standards: Default<string[]>;
  created_by: string;
  created_at: Timestamp;
}
export interface AssessmentClassesTable {
  assessment_id: string;
  class_id: string;
}
export interface AssessmentResultsTable {
  assessment_id: string;
  student_id: string;
  school_id: string;
  score: Numeric;
  recorded_by: string;
  recorded_at: Timestamp;
}
/** Results that count in the analysis (kept by triggers; see migration 20261125_0008_assessment_rollups). */
export interface AssessmentCountedResultsTable {
  assessment_id: string;
  student_id: string;
  school_id: string;
  given_on: DateCol;
  pct: Numeric;
  proficient: number;
  standards: string[];
  class_ids: string[];
}
/** Per school, date and group: sums of counted results (kept by triggers). */
export interface AssessmentDayGroupsTable {
  school_id: string;
  given_on: DateCol;
  dim: string;
  key: string;
  results: number;
  pct_sum: Numeric;
  proficient: number;
  students: number | null;
  assessments: number | null;
}
/** Per school, student and group: the dates with counted results, as a datemultirange (kept by triggers). */
export interface AssessmentStudentSpansTable {
  school_id: string;
  student_id: string;
  dim: string;
  key: string;
  dates: string;
}
export interface DataConversationsTable {
  id: Generated<string>;
  school_id: string;
  assessment_id: string;
  held_on: DateCol;
  participants: Default<string[]>;
  questions: Default<string[]>;
  notice: Default<string>;
  wonder: Default<string>;
  try_next: Default<string>;
  next_step: Default<string>;
  recorded_by: string;
  created_at: Timestamp;
}

export type CycleStatus = 'proposed' | 'active' | 'completed' | 'cancelled';
export interface CoachingCyclesTable {
  id: Generated<string>;
  district_id: string;
  school_id: string;
  coach_id: string;
  teacher_id: string;
  goal: string;
  baseline: string | null;
  baseline_on: DateCol | null;
  status: Default<CycleStatus>;
  agreed_at: Timestamp | null;
  closed_at: Timestamp | null;
  outcome: string | null;
  goal_met: boolean | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CoachingDebriefsTable {
  id: Generated<string>;
  cycle_id: string;
  held_on: DateCol;
  notes: string;
  next_step: string;
  recorded_by: string;
  created_at: Timestamp;
}
export interface CoachingCommentsTable {
  id: Generated<string>;
  cycle_id: string;
  author_id: string;
  body: string;
  created_at: Timestamp;
}
export type PeerRequestStatus = 'pending' | 'accepted' | 'declined' | 'cancelled' | 'visited';
export interface PeerVisitRequestsTable {
  id: Generated<string>;
  district_id: string;
  school_id: string;
  requester_id: string;
  host_id: string;
  topic: string;
  look_for_id: string | null;
  message: string | null;
  proposed_on: DateCol | null;
  status: Default<PeerRequestStatus>;
  response_note: string | null;
  responded_at: Timestamp | null;
  visit_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CurriculumMapsTable {
  id: Generated<string>;
  school_id: string;
  course: string;
  grade: string;
  version: Default<number>;
  created_by: string;
  updated_by: string | null;
  updated_at: Timestamp;
}
export interface CurriculumUnitsTable {
  id: Generated<string>;
  map_id: string;
  position: number;
  title: string;
  starts_on: DateCol;
  ends_on: DateCol;
}
export interface CurriculumStandardsTable {
  id: Generated<string>;
  map_id: string;
  position: number;
  code: string;
  description: Default<string>;
}
export interface CurriculumTargetsTable {
  id: Generated<string>;
  map_id: string;
  unit_id: string;
  position: number;
  statement: string;
}
export interface CurriculumTargetStandardsTable {
  target_id: string;
  standard_id: string;
}
export interface CurriculumTargetAssessmentsTable {
  id: Generated<string>;
  target_id: string;
  position: number;
  assessment_id: string | null;
  name: string | null;
}
export interface SchoolAgreementsTable {
  id: Generated<string>;
  school_id: string;
  title: string;
  description: Default<string>;
  adopted_on: DateCol;
  look_for_id: string | null;
  created_by: string;
  created_at: Timestamp;
}
export interface PracticeSelfAssessmentsTable {
  id: Generated<string>;
  school_id: string;
  period: string;
  rated_on: DateCol;
  recorded_by: string | null;
  updated_at: Timestamp;
}
export interface PracticeRatingsTable {
  self_assessment_id: string;
  practice: string;
  level: number;
  evidence: string;
}
export interface StaffPulsesTable {
  id: Generated<string>;
  school_id: string;
  title: string;
  opened_on: DateCol;
  closes_on: DateCol | null;
  closed_on: DateCol | null;
  created_by: string;
}
/** Who has responded to a pulse: the pulse and the person, nothing else. */
export interface StaffPulseRespondentsTable {
  pulse_id: string;
  person_id: string;
}
/** A pulse response: no person, no time. */
export interface StaffPulseResponsesTable {
  id: Generated<string>;
  pulse_id: string;
  answers: number[];
  comment: Default<string>;
}

/** The whole database as Kysely sees it. */
export type DecisionMode = 'leader' | 'leader_consults' | 'consensus' | 'delegated' | 'vote';
export type DecisionKind = 'coaching' | 'pd' | 'resources' | 'schedule' | 'staffing' | 'other';
export interface TeamsTable {
  id: Generated<string>;
  school_id: string;
  name: string;
  kind: 'ilt' | 'grade' | 'subject' | 'student_group' | 'other';
  purpose: Default<string>;
  created_by: string;
  created_at: Timestamp;
}
export interface TeamMembersTable {
  id: Generated<string>;
  team_id: string;
  person_id: string | null;
  name: string | null;
  stakeholder: 'teacher' | 'specialist' | 'family' | 'student' | 'leader' | 'other';
  role: Default<'facilitator' | 'note_taker' | 'timekeeper' | 'member'>;
  created_at: Timestamp;
}
export interface TeamMeetingsTable {
  id: Generated<string>;
  team_id: string;
  held_on: DateCol;
  agenda: Default<string>;
  notes: Default<string>;
  recorded_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface TeamActionItemsTable {
  id: Generated<string>;
  meeting_id: string;
  title: string;
  owner_id: string;
  due_on: DateCol | null;
  done: Default<boolean>;
  done_at: Timestamp | null;
  created_at: Timestamp;
}
export interface WorkPlansTable {
  id: Generated<string>;
  school_id: string;
  school_year: string;
  title: string;
  checkin_weeks: Default<number>;
  created_by: string;
  created_at: Timestamp;
}
export interface PlanGoalsTable {
  id: Generated<string>;
  plan_id: string;
  title: string;
  description: Default<string>;
  vision_goal_id: string | null;
  position: Default<number>;
  created_at: Timestamp;
}
export interface PlanStrategiesTable {
  id: Generated<string>;
  goal_id: string;
  title: string;
  description: Default<string>;
  position: Default<number>;
  created_at: Timestamp;
}
export type ActionStatus = 'not_started' | 'on_track' | 'at_risk' | 'done';
export interface PlanActionsTable {
  id: Generated<string>;
  strategy_id: string;
  title: string;
  owner_id: string;
  starts_on: DateCol | null;
  due_on: DateCol | null;
  status: Default<ActionStatus>;
  position: Default<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface PlanEvidenceTable {
  id: Generated<string>;
  action_id: string;
  note: string;
  link_path: string | null;
  view_id: string | null;
  assessment_id: string | null;
  pd_session_id: string | null;
  added_by: string;
  created_at: Timestamp;
}
export interface PlanCheckinsTable {
  id: Generated<string>;
  plan_id: string;
  goal_id: string | null;
  held_on: DateCol;
  rating: 'on_track' | 'at_risk' | 'off_track';
  note: Default<string>;
  recorded_by: string;
  created_at: Timestamp;
}
export interface PlanChangesTable {
  id: Generated<number>;
  plan_id: string;
  changed_by: string;
  changed_at: Timestamp;
  entity: 'plan' | 'goal' | 'strategy' | 'action' | 'evidence' | 'checkin';
  entity_id: string;
  change: 'created' | 'updated' | 'deleted';
  summary: string;
  details: Default<unknown>;
}
export interface PdSessionsTable {
  id: Generated<string>;
  school_id: string;
  held_on: DateCol;
  title: string;
  description: Default<string>;
  facilitator_id: string;
  created_by: string;
  created_at: Timestamp;
}
export interface PdSessionGoalsTable {
  session_id: string;
  goal_id: string;
}
export interface PdAttendanceTable {
  session_id: string;
  person_id: string;
}
export interface PdFeedbackTable {
  session_id: string;
  person_id: string;
  rating: number;
  comment: Default<string>;
  updated_at: Timestamp;
}
export interface SchoolDecisionModesTable {
  school_id: string;
  kind: DecisionKind;
  mode: DecisionMode;
  team_id: string | null;
  updated_by: string;
  updated_at: Timestamp;
}
export interface DecisionParticipantsTable {
  decision_id: string;
  person_id: string;
}

export interface EvaluationRubricsTable {
  id: Generated<string>;
  district_id: string;
  name: string;
  definition: unknown;
  uploaded_by: string;
  created_at: Timestamp;
}
export interface EvaluationCyclesTable {
  id: Generated<string>;
  district_id: string;
  school_id: string;
  teacher_id: string;
  evaluator_id: string;
  school_year: string;
  /** `rounds-generic` or the id of a district rubric; `rubric` is the copy the cycle uses. */
  rubric_key: string;
  rubric: unknown;
  evaluator_signed_at: Timestamp | null;
  teacher_signed_at: Timestamp | null;
  teacher_response: Default<string>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface EvaluationStepsTable {
  id: Generated<string>;
  cycle_id: string;
  kind: 'pre_conference' | 'observation' | 'mid_year_review' | 'ratings' | 'summative_conference' | 'sign_off';
  due_on: DateCol;
  completed_on: DateCol | null;
  notes: Default<string>;
  updated_at: Timestamp;
}
export interface EvaluationRatingsTable {
  cycle_id: string;
  component_key: string;
  level: number;
  evidence: string;
  rationale: string;
  rated_by: string;
  updated_at: Timestamp;
}
export interface EvaluationCitationsTable {
  id: Generated<string>;
  cycle_id: string;
  visit_id: string;
  component_key: string | null;
  note: Default<string>;
  cited_by: string;
  created_at: Timestamp;
}

export interface RetentionRunsTable {
  id: Generated<string>;
  district_id: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  trigger: 'schedule' | 'admin';
  removed: Default<unknown>;
}
export interface Database {
  evaluation_rubrics: EvaluationRubricsTable;
  evaluation_cycles: EvaluationCyclesTable;
  evaluation_steps: EvaluationStepsTable;
  evaluation_ratings: EvaluationRatingsTable;
  evaluation_citations: EvaluationCitationsTable;
  districts: DistrictsTable;
  schools: SchoolsTable;
  academic_sessions: AcademicSessionsTable;
  people: PeopleTable;
  person_schools: PersonSchoolsTable;
  role_assignments: RoleAssignmentsTable;
  student_demographics: StudentDemographicsTable;
  courses: CoursesTable;
  classes: ClassesTable;
  bell_periods: BellPeriodsTable;
  class_meetings: ClassMeetingsTable;
  enrollments: EnrollmentsTable;
  credentials: CredentialsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  login_successes: LoginSuccessesTable;
  district_sso: DistrictSsoTable;
  sso_requests: SsoRequestsTable;
  audit_log: AuditLogTable;
  retention_runs: RetentionRunsTable;
  roster_imports: RosterImportsTable;
  look_fors: LookForsTable;
  school_visit_settings: SchoolVisitSettingsTable;
  leader_goals: LeaderGoalsTable;
  visits: VisitsTable;
  visit_look_fors: VisitLookForsTable;
  habit_challenges: HabitChallengesTable;
  visit_blocks: VisitBlocksTable;
  calendar_feeds: CalendarFeedsTable;
  leader_tasks: LeaderTasksTable;
  visit_photos: VisitPhotosTable;
  reflections: ReflectionsTable;
  conversations: ConversationsTable;
  guiding_questions: GuidingQuestionsTable;
  teacher_evidence: TeacherEvidenceTable;
  teacher_strengths: TeacherStrengthsTable;
  notifications: NotificationsTable;
  email_outbox: EmailOutboxTable;
  insight_views: InsightViewsTable;
  decisions: DecisionsTable;
  visit_days: VisitDaysTable;
  visit_tag_days: VisitTagDaysTable;
  school_visions: SchoolVisionsTable;
  school_goals: SchoolGoalsTable;
  school_goal_look_fors: SchoolGoalLookForsTable;
  school_assessment_settings: SchoolAssessmentSettingsTable;
  assessments: AssessmentsTable;
  assessment_classes: AssessmentClassesTable;
  assessment_results: AssessmentResultsTable;
  assessment_counted_results: AssessmentCountedResultsTable;
  assessment_day_groups: AssessmentDayGroupsTable;
  assessment_student_spans: AssessmentStudentSpansTable;
  data_conversations: DataConversationsTable;
  curriculum_maps: CurriculumMapsTable;
  curriculum_units: CurriculumUnitsTable;
  curriculum_standards: CurriculumStandardsTable;
  curriculum_targets: CurriculumTargetsTable;
  curriculum_target_standards: CurriculumTargetStandardsTable;
  curriculum_target_assessments: CurriculumTargetAssessmentsTable;
  school_agreements: SchoolAgreementsTable;
  practice_self_assessments: PracticeSelfAssessmentsTable;
  practice_ratings: PracticeRatingsTable;
  staff_pulses: StaffPulsesTable;
  staff_pulse_respondents: StaffPulseRespondentsTable;
  staff_pulse_responses: StaffPulseResponsesTable;
  coaching_cycles: CoachingCyclesTable;
  coaching_debriefs: CoachingDebriefsTable;
  coaching_comments: CoachingCommentsTable;
  peer_visit_requests: PeerVisitRequestsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  team_meetings: TeamMeetingsTable;
  team_action_items: TeamActionItemsTable;
  work_plans: WorkPlansTable;
  plan_goals: PlanGoalsTable;
  plan_strategies: PlanStrategiesTable;
  plan_actions: PlanActionsTable;
  plan_evidence: PlanEvidenceTable;
  plan_checkins: PlanCheckinsTable;
  plan_changes: PlanChangesTable;
  pd_sessions: PdSessionsTable;
  pd_session_goals: PdSessionGoalsTable;
  pd_attendance: PdAttendanceTable;
  pd_feedback: PdFeedbackTable;
  school_decision_modes: SchoolDecisionModesTable;
  decision_participants: DecisionParticipantsTable;
}
