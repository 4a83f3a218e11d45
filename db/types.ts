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

/** The whole database as Kysely sees it. */
export interface Database {
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
  audit_log: AuditLogTable;
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
  data_conversations: DataConversationsTable;
}
