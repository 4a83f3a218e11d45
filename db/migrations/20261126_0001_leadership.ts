import { sql, type Kysely } from 'kysely';

/**
 * Shared leadership: teams (the ILT, grade-level, subject and student-group teams) with members, meetings and action
 * items; the annual work plan (goals, strategies, action steps, evidence, check-ins) with its append-only change
 * history; professional learning sessions with attendance and feedback; and the school's decision-making model.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE teams (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      kind text NOT NULL CHECK (kind IN ('ilt', 'grade', 'subject', 'student_group', 'other')),
      purpose text NOT NULL DEFAULT '' CHECK (length(purpose) <= 2000),
      created_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX teams_school_idx ON teams (school_id, name);
    CREATE UNIQUE INDEX teams_one_ilt ON teams (school_id) WHERE kind = 'ilt';

    CREATE TABLE team_members (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
      person_id uuid REFERENCES people(id),
      name text CHECK (length(name) BETWEEN 1 AND 120),
      stakeholder text NOT NULL CHECK (stakeholder IN ('teacher', 'specialist', 'family', 'student', 'leader', 'other')),
      role text NOT NULL DEFAULT 'member' CHECK (role IN ('facilitator', 'note_taker', 'timekeeper', 'member')),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((person_id IS NULL) <> (name IS NULL))
    );
    CREATE UNIQUE INDEX team_members_person ON team_members (team_id, person_id) WHERE person_id IS NOT NULL;

    CREATE TABLE team_meetings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
      held_on date NOT NULL,
      agenda text NOT NULL DEFAULT '' CHECK (length(agenda) <= 5000),
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
      recorded_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX team_meetings_team_idx ON team_meetings (team_id, held_on DESC);

    CREATE TABLE team_action_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL REFERENCES team_meetings(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      owner_id uuid NOT NULL REFERENCES people(id),
      due_on date,
      done boolean NOT NULL DEFAULT false,
      done_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX team_action_items_meeting_idx ON team_action_items (meeting_id);
    CREATE INDEX team_action_items_owner_idx ON team_action_items (owner_id) WHERE NOT done;

    CREATE TABLE work_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{2}$'),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      checkin_weeks integer NOT NULL DEFAULT 6 CHECK (checkin_weeks BETWEEN 1 AND 26),
      created_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (school_id, school_year)
    );

    CREATE TABLE plan_goals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      vision_goal_id uuid REFERENCES school_goals(id) ON DELETE SET NULL,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX plan_goals_plan_idx ON plan_goals (plan_id, position);

    CREATE TABLE plan_strategies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      goal_id uuid NOT NULL REFERENCES plan_goals(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX plan_strategies_goal_idx ON plan_strategies (goal_id, position);

    CREATE TABLE plan_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      strategy_id uuid NOT NULL REFERENCES plan_strategies(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      owner_id uuid NOT NULL REFERENCES people(id),
      starts_on date,
      due_on date,
      status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'on_track', 'at_risk', 'done')),
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (starts_on IS NULL OR due_on IS NULL OR starts_on <= due_on)
    );
    CREATE INDEX plan_actions_strategy_idx ON plan_actions (strategy_id, position);
    CREATE INDEX plan_actions_owner_idx ON plan_actions (owner_id);

    CREATE TABLE pd_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      held_on date NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      facilitator_id uuid NOT NULL REFERENCES people(id),
      created_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX pd_sessions_school_idx ON pd_sessions (school_id, held_on DESC);
    CREATE TABLE pd_session_goals (
      session_id uuid NOT NULL REFERENCES pd_sessions(id) ON DELETE CASCADE,
      goal_id uuid NOT NULL REFERENCES plan_goals(id) ON DELETE CASCADE,
      PRIMARY KEY (session_id, goal_id)
    );
    CREATE TABLE pd_attendance (
      session_id uuid NOT NULL REFERENCES pd_sessions(id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES people(id),
      PRIMARY KEY (session_id, person_id)
    );
    CREATE TABLE pd_feedback (
      session_id uuid NOT NULL,
      person_id uuid NOT NULL,
      rating integer NOT NULL CHECK (rating BETWEEN 1 AND 4),
      comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (session_id, person_id),
      FOREIGN KEY (session_id, person_id) REFERENCES pd_attendance (session_id, person_id) ON DELETE CASCADE
    );

    CREATE TABLE plan_evidence (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      action_id uuid NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
      note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
      link_path text CHECK (link_path ~ '^/[^/]' AND length(link_path) <= 500),
      view_id uuid REFERENCES insight_views(id) ON DELETE SET NULL,
      assessment_id uuid REFERENCES assessments(id) ON DELETE SET NULL,
      pd_session_id uuid REFERENCES pd_sessions(id) ON DELETE SET NULL,
      added_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX plan_evidence_action_idx ON plan_evidence (action_id, created_at);

    CREATE TABLE plan_checkins (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
      goal_id uuid REFERENCES plan_goals(id) ON DELETE CASCADE,
      held_on date NOT NULL,
      rating text NOT NULL CHECK (rating IN ('on_track', 'at_risk', 'off_track')),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
      recorded_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX plan_checkins_plan_idx ON plan_checkins (plan_id, held_on DESC);

    -- Append-only: written in the transaction of each change; never updated or deleted by the app.
    CREATE TABLE plan_changes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
      changed_by uuid NOT NULL REFERENCES people(id),
      changed_at timestamptz NOT NULL DEFAULT now(),
      entity text NOT NULL CHECK (entity IN ('plan', 'goal', 'strategy', 'action', 'evidence', 'checkin')),
      entity_id uuid NOT NULL,
      change text NOT NULL CHECK (change IN ('created', 'updated', 'deleted')),
      summary text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX plan_changes_plan_idx ON plan_changes (plan_id, id DESC);

    CREATE TABLE school_decision_modes (
      school_id uuid NOT NULL REFERENCES schools(id),
      kind text NOT NULL CHECK (kind IN ('coaching', 'pd', 'resources', 'schedule', 'staffing', 'other')),
      mode text NOT NULL CHECK (mode IN ('leader', 'leader_consults', 'consensus', 'delegated', 'vote')),
      team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
      updated_by uuid NOT NULL REFERENCES people(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (school_id, kind)
    );

    ALTER TABLE decisions
      ADD COLUMN mode text CHECK (mode IN ('leader', 'leader_consults', 'consensus', 'delegated', 'vote')),
      ADD COLUMN stated_mode text CHECK (stated_mode IN ('leader', 'leader_consults', 'consensus', 'delegated', 'vote')),
      ADD COLUMN team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
      ADD COLUMN evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 5000),
      ADD COLUMN follow_up text NOT NULL DEFAULT '' CHECK (length(follow_up) <= 5000),
      ADD COLUMN follow_up_on date;
    CREATE TABLE decision_participants (
      decision_id uuid NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES people(id),
      PRIMARY KEY (decision_id, person_id)
    );
  `.execute(db);
}
