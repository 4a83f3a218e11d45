import { sql, type Kysely } from 'kysely';

/**
 * Vision and goals of a school, formative assessments with their per-student results, and data conversations.
 * Results are student records: every table carries its school so every query is scoped by it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE school_visions (
      school_id uuid PRIMARY KEY REFERENCES schools(id),
      vision text NOT NULL CHECK (length(vision) <= 5000),
      for_students text NOT NULL DEFAULT '' CHECK (length(for_students) <= 2000),
      for_teachers text NOT NULL DEFAULT '' CHECK (length(for_teachers) <= 2000),
      for_principals text NOT NULL DEFAULT '' CHECK (length(for_principals) <= 2000),
      for_staff text NOT NULL DEFAULT '' CHECK (length(for_staff) <= 2000),
      updated_by uuid REFERENCES people(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE school_goals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      standard text NOT NULL CHECK (length(standard) BETWEEN 1 AND 100),
      grade text CHECK (length(grade) <= 20),
      threshold_percent numeric(5, 2) CHECK (threshold_percent BETWEEN 0 AND 100),
      baseline_percent numeric(5, 2) CHECK (baseline_percent BETWEEN 0 AND 100),
      target_percent numeric(5, 2) NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
      target_date date NOT NULL,
      position integer NOT NULL DEFAULT 0,
      created_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX school_goals_school_idx ON school_goals (school_id, position);
    CREATE TABLE school_goal_look_fors (
      goal_id uuid NOT NULL REFERENCES school_goals(id) ON DELETE CASCADE,
      look_for_id uuid NOT NULL REFERENCES look_fors(id),
      PRIMARY KEY (goal_id, look_for_id)
    );

    CREATE TABLE school_assessment_settings (
      school_id uuid PRIMARY KEY REFERENCES schools(id),
      minimum_group_size integer NOT NULL DEFAULT 10 CHECK (minimum_group_size BETWEEN 5 AND 50),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      given_on date NOT NULL,
      scale text NOT NULL CHECK (scale IN ('points', 'percent', 'rubric')),
      max_score numeric(8, 2) NOT NULL CHECK (max_score > 0),
      proficiency_cut numeric(8, 2) NOT NULL CHECK (proficiency_cut >= 0 AND proficiency_cut <= max_score),
      standards text[] NOT NULL DEFAULT '{}',
      created_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX assessments_school_idx ON assessments (school_id, given_on DESC);
    CREATE TABLE assessment_classes (
      assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
      class_id uuid NOT NULL REFERENCES classes(id),
      PRIMARY KEY (assessment_id, class_id)
    );
    CREATE INDEX assessment_classes_class_idx ON assessment_classes (class_id);
    CREATE TABLE assessment_results (
      assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
      student_id uuid NOT NULL REFERENCES people(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      score numeric(8, 2) NOT NULL CHECK (score >= 0),
      recorded_by uuid NOT NULL REFERENCES people(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (assessment_id, student_id)
    );
    CREATE INDEX assessment_results_student_idx ON assessment_results (school_id, student_id);

    CREATE TABLE data_conversations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
      held_on date NOT NULL,
      participants text[] NOT NULL DEFAULT '{}',
      questions text[] NOT NULL DEFAULT '{}',
      notice text NOT NULL DEFAULT '' CHECK (length(notice) <= 5000),
      wonder text NOT NULL DEFAULT '' CHECK (length(wonder) <= 5000),
      try_next text NOT NULL DEFAULT '' CHECK (length(try_next) <= 5000),
      next_step text NOT NULL DEFAULT '' CHECK (length(next_step) <= 2000),
      recorded_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX data_conversations_assessment_idx ON data_conversations (assessment_id, held_on DESC);
  `.execute(db);
}
