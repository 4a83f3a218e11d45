/**
 * The data inventory: every table and column Rounds keeps, classified. A test compares it with the migrated database,
 * so a new column cannot land unclassified. The classes decide retention, export and deletion:
 *
 * - `student_record`: education records about a student (FERPA): results, demographics, enrolments.
 * - `staff_record`: about a staff member's work: their roles, schedule, goals, evaluations, plans they own.
 * - `visit_note`: what a leader saw in a classroom and the conversation after it, including private notes.
 * - `operational`: what keeps the service running: settings, sessions, rollups, logs, migrations.
 */
export const DATA_CLASSES = ['student_record', 'staff_record', 'visit_note', 'operational'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

interface TableEntry {
  /** The class of every column not listed in `columns`. */
  class: DataClass;
  columns?: Record<string, DataClass>;
  /** What the table holds, in a sentence for a district's privacy officer. */
  purpose: string;
}

const op = (purpose: string, columns?: Record<string, DataClass>): TableEntry => ({ class: 'operational', purpose, columns });
const staff = (purpose: string, columns?: Record<string, DataClass>): TableEntry => ({ class: 'staff_record', purpose, columns });
const student = (purpose: string, columns?: Record<string, DataClass>): TableEntry => ({ class: 'student_record', purpose, columns });
const note = (purpose: string, columns?: Record<string, DataClass>): TableEntry => ({ class: 'visit_note', purpose, columns });

export const INVENTORY: Record<string, TableEntry> = {
  // Organisation and roster
  districts: op('The district (name, roster id).'),
  schools: op('Schools of the district (name, time zone).'),
  academic_sessions: op('School years and terms from the roster.'),
  courses: op('Courses from the roster.'),
  classes: op('Classes from the roster.'),
  class_meetings: op('When and where each class meets.'),
  bell_periods: op("Each school's bell schedule."),
  people: staff('Staff and students: names, emails, roster ids. Student rows are student records.', { grades: 'student_record' }),
  person_schools: staff('Which schools a person belongs to.'),
  role_assignments: staff("Staff members' roles."),
  enrollments: student('Who teaches and who is enrolled in each class.'),
  student_demographics: student('Student demographics and programs (English learner, special education, free/reduced lunch).'),
  roster_imports: op('The history of roster imports and their reports.'),
  // Accounts and security
  credentials: op('Password hashes (argon2id). Never exported.'),
  sessions: op('Signed-in sessions (token hashes, address, browser).'),
  login_failures: op('Failed sign-ins, for throttling.'),
  login_successes: op('Recent sign-ins, for throttling that never locks the owner out.'),
  totp_factors: op('Two-step verification secrets. Never exported.'),
  recovery_codes: op('Two-step recovery code hashes. Never exported.'),
  district_sso: op("The district's single sign-on settings (client secret never exported)."),
  sso_requests: op('Single sign-on requests in flight (minutes long).'),
  audit_log: op('Append-only record of sign-ins, reads of student results and changes.'),
  email_outbox: op('Email to staff: links to shared visits, never their content.'),
  notifications: op('In-app notifications to staff.'),
  calendar_feeds: op('Private calendar subscription tokens (hashes).'),
  schema_migrations: op('Which database migrations have run.'),
  schema_migrations_lock: op('Lock taken while migrations run.'),
  // Visits and the conversation after them
  visits: note('Classroom visits: evidence seen and heard, tags, and the private note.', {
    id: 'operational',
    district_id: 'operational',
    school_id: 'operational',
    create_hash: 'operational',
    version: 'operational',
    created_at: 'operational',
    updated_at: 'operational',
  }),
  visit_look_fors: note('The look-fors tagged on each visit.'),
  visit_photos: note('Photos of student work or the board taken during a visit (re-encoded, no metadata).'),
  reflections: note("Teachers' reflections on shared visits."),
  conversations: note('Notes of follow-up conversations after visits.'),
  guiding_questions: op("Each school's library of guiding questions."),
  look_fors: op("Each school's look-for tags."),
  school_visit_settings: op('Visit settings of each school (sharing, coach visibility, evaluative words).'),
  visit_days: op('Visits per school per day (kept by triggers, counts only).'),
  visit_tag_days: op('Visits per look-for per school per day (kept by triggers, counts only).'),
  visit_blocks: staff("Leaders' weekly calendar blocks for visits."),
  leader_goals: staff("Leaders' daily visit goals."),
  leader_tasks: staff("Leaders' own task lists."),
  habit_challenges: staff("Leaders' 21-day challenges."),
  teacher_evidence: staff('Evidence teachers add to their own classroom page.'),
  teacher_strengths: staff('Strengths teachers name for themselves.'),
  insight_views: op('Saved views of school insights (filters only).'),
  decisions: op('The decision log of each school.'),
  decision_participants: staff('Who took part in each decision.'),
  school_decision_modes: op('How each kind of decision is made in a school.'),
  // Coaching and peer learning
  coaching_cycles: staff('Coaching cycles: goal, baseline, outcome.'),
  coaching_debriefs: staff('Coaching debrief notes.'),
  coaching_comments: staff("Comments on a coaching cycle by its teacher and coach."),
  peer_visit_requests: staff('Requests to visit a colleague to learn from them.'),
  // Vision, goals and assessment
  school_visions: op("Each school's vision and action statements."),
  school_goals: op("Each school's goals and targets."),
  school_goal_look_fors: op('Look-fors linked to goals.'),
  school_assessment_settings: op('Minimum group size for reporting.'),
  assessments: op('Formative assessments (name, date, scale).'),
  assessment_classes: op('The classes each assessment was given to.'),
  assessment_results: student("Each student's score on each assessment."),
  assessment_counted_results: student('Each student result as counted in analysis (kept by triggers).'),
  assessment_day_groups: op('Results per school, day and group (kept by triggers; counts and sums only).'),
  assessment_student_spans: student('Which groups each student belonged to when (kept by triggers).'),
  data_conversations: op("Teams' notes on an assessment's results (no student names)."),
  // Shared leadership
  teams: op('Teams of each school (the ILT, grade and subject teams).'),
  team_members: staff('Team members with their stakeholder group; non-staff members by name.'),
  team_meetings: op('Team meetings: agenda and notes.'),
  team_action_items: staff('Action items from team meetings with their owners.'),
  work_plans: op("Each school's annual work plan."),
  plan_goals: op('Work-plan goals.'),
  plan_strategies: op('Work-plan strategies.'),
  plan_actions: staff('Work-plan action steps with their owners.'),
  plan_evidence: op('Evidence of progress on action steps.'),
  plan_checkins: op('Progress-monitoring check-ins.'),
  plan_changes: op('History of changes to the work plan.'),
  pd_sessions: op('Professional learning sessions.'),
  pd_session_goals: op('Work-plan goals each session supports.'),
  pd_attendance: staff('Who attended each session.'),
  pd_feedback: staff("Participants' feedback on sessions."),
  // Curriculum and culture
  curriculum_maps: op('Curriculum maps per course and grade.'),
  curriculum_units: op('Units of a curriculum map.'),
  curriculum_standards: op('Standards of a curriculum map.'),
  curriculum_targets: op('Learning targets of a curriculum map.'),
  curriculum_target_standards: op('Which standards each target addresses.'),
  curriculum_target_assessments: op('Assessments of each target.'),
  school_agreements: op('Schoolwide agreements.'),
  practice_self_assessments: op("The leadership team's self-assessment of the school."),
  practice_ratings: op('Ratings of each core practice.'),
  staff_pulses: op('Anonymous staff pulse surveys.'),
  staff_pulse_responses: op('Anonymous pulse answers: no person is recorded with them.'),
  staff_pulse_respondents: staff('Who has answered a pulse (never linked to an answer).'),
  // Formal evaluation (kept apart from visits)
  evaluation_rubrics: op('Evaluation rubrics uploaded by the district.'),
  evaluation_cycles: staff("Teachers' formal evaluation cycles and sign-offs."),
  evaluation_steps: staff('Steps of each evaluation cycle.'),
  evaluation_ratings: staff('Ratings per rubric component.'),
  evaluation_citations: staff('Shared visit evidence cited in an evaluation.'),
  // Privacy operations
  retention_runs: op('When the retention job ran in each district and what it removed there (counts only).'),
};

/** Columns never exported (secrets): hashes, tokens and keys. */
export const SECRET_COLUMNS = new Set([
  'credentials.password_hash',
  'sessions.token_hash',
  'totp_factors.secret',
  'totp_factors.pending_secret',
  'recovery_codes.code_hash',
  'district_sso.client_secret',
  'calendar_feeds.token_hash',
  'sso_requests.code_verifier',
  'sso_requests.nonce',
  'sso_requests.state_hash',
  'visit_photos.bytes',
]);

/**
 * Columns only their author may ever read, with the column naming the author: a private note leaves Rounds only in
 * an export of the leader who wrote it, never in one of the teacher it is about or of the school.
 */
export const AUTHOR_ONLY_COLUMNS: Record<string, string> = { 'visits.private_note': 'observer_id' };

/** The class of one column. */
export function classOf(table: string, column: string): DataClass | undefined {
  const entry = INVENTORY[table];
  return entry ? (entry.columns?.[column] ?? entry.class) : undefined;
}

/**
 * Every column that holds a person's id, and what deleting that person does to the row:
 * `subject` rows are about the person and are deleted with them; `author` rows are someone else's record that the
 * person wrote or owns, kept with the person replaced by the district's "Former staff member".
 */
export const PERSON_REFERENCES: Record<string, 'subject' | 'author'> = {
  'assessment_results.student_id': 'subject',
  'assessment_results.recorded_by': 'author',
  'assessment_counted_results.student_id': 'subject',
  'assessment_student_spans.student_id': 'subject',
  'assessments.created_by': 'author',
  'calendar_feeds.person_id': 'subject',
  'coaching_comments.author_id': 'author',
  'coaching_cycles.coach_id': 'author',
  'coaching_cycles.teacher_id': 'subject',
  'coaching_debriefs.recorded_by': 'author',
  'conversations.recorded_by': 'author',
  'credentials.person_id': 'subject',
  'curriculum_maps.created_by': 'author',
  'curriculum_maps.updated_by': 'author',
  'data_conversations.recorded_by': 'author',
  'decision_participants.person_id': 'subject',
  'decisions.recorded_by': 'author',
  'district_sso.updated_by': 'author',
  'enrollments.person_id': 'subject',
  'evaluation_citations.cited_by': 'author',
  'evaluation_cycles.created_by': 'author',
  'evaluation_cycles.evaluator_id': 'author',
  'evaluation_cycles.teacher_id': 'subject',
  'evaluation_ratings.rated_by': 'author',
  'evaluation_rubrics.uploaded_by': 'author',
  'habit_challenges.person_id': 'subject',
  'insight_views.created_by': 'author',
  'leader_goals.person_id': 'subject',
  'leader_tasks.person_id': 'subject',
  'notifications.person_id': 'subject',
  'pd_attendance.person_id': 'subject',
  'pd_feedback.person_id': 'subject',
  'pd_sessions.created_by': 'author',
  'pd_sessions.facilitator_id': 'author',
  'peer_visit_requests.host_id': 'subject',
  'peer_visit_requests.requester_id': 'subject',
  'person_schools.person_id': 'subject',
  'plan_actions.owner_id': 'author',
  'plan_changes.changed_by': 'author',
  'plan_checkins.recorded_by': 'author',
  'plan_evidence.added_by': 'author',
  'practice_self_assessments.recorded_by': 'author',
  'recovery_codes.person_id': 'subject',
  'reflections.teacher_id': 'subject',
  'role_assignments.person_id': 'subject',
  'school_agreements.created_by': 'author',
  'school_decision_modes.updated_by': 'author',
  'school_goals.created_by': 'author',
  'school_visions.updated_by': 'author',
  'sessions.person_id': 'subject',
  'staff_pulse_respondents.person_id': 'subject',
  'staff_pulses.created_by': 'author',
  'student_demographics.person_id': 'subject',
  'teacher_evidence.teacher_id': 'subject',
  'teacher_strengths.teacher_id': 'subject',
  'team_action_items.owner_id': 'author',
  'team_meetings.recorded_by': 'author',
  'team_members.person_id': 'subject',
  'teams.created_by': 'author',
  'totp_factors.person_id': 'subject',
  'visit_blocks.person_id': 'subject',
  'visits.observer_id': 'author',
  'visits.teacher_id': 'subject',
  'work_plans.created_by': 'author',
};

/** Columns that hold a person's email address (no foreign key): rows matching the person's email go with them. */
export const EMAIL_REFERENCES = ['email_outbox.to_address', 'login_failures.email', 'login_successes.email'];
