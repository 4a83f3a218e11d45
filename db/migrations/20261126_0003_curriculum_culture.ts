import { sql, type Kysely } from 'kysely';

/**
 * Curriculum maps (units, standards, learning targets aligned to standards, the assessments of each target),
 * schoolwide agreements linked to look-fors, the core-practice self-assessment, and the anonymous staff pulse.
 * Pulse responses carry no person: who has responded is kept apart (pulse + person only), so one response per
 * person is enforced without ever linking a person to an answer. Neither table has a timestamp to match up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE curriculum_maps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      course text NOT NULL CHECK (length(course) BETWEEN 1 AND 120),
      grade text NOT NULL CHECK (length(grade) BETWEEN 1 AND 20),
      version integer NOT NULL DEFAULT 1,
      created_by uuid NOT NULL REFERENCES people(id),
      updated_by uuid REFERENCES people(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX curriculum_maps_course_grade_idx ON curriculum_maps (school_id, lower(course), lower(grade));
    CREATE TABLE curriculum_units (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      map_id uuid NOT NULL REFERENCES curriculum_maps(id) ON DELETE CASCADE,
      position integer NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      CHECK (ends_on >= starts_on),
      UNIQUE (map_id, position)
    );
    CREATE TABLE curriculum_standards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      map_id uuid NOT NULL REFERENCES curriculum_maps(id) ON DELETE CASCADE,
      position integer NOT NULL,
      code text NOT NULL CHECK (length(code) BETWEEN 1 AND 60),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
      UNIQUE (map_id, position)
    );
    CREATE UNIQUE INDEX curriculum_standards_code_idx ON curriculum_standards (map_id, lower(code));
    CREATE TABLE curriculum_targets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      map_id uuid NOT NULL REFERENCES curriculum_maps(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES curriculum_units(id) ON DELETE CASCADE,
      position integer NOT NULL,
      statement text NOT NULL CHECK (length(statement) BETWEEN 1 AND 500),
      UNIQUE (map_id, position)
    );
    CREATE INDEX curriculum_targets_unit_idx ON curriculum_targets (unit_id);
    CREATE TABLE curriculum_target_standards (
      target_id uuid NOT NULL REFERENCES curriculum_targets(id) ON DELETE CASCADE,
      standard_id uuid NOT NULL REFERENCES curriculum_standards(id) ON DELETE CASCADE,
      PRIMARY KEY (target_id, standard_id)
    );
    CREATE INDEX curriculum_target_standards_standard_idx ON curriculum_target_standards (standard_id);
    CREATE TABLE curriculum_target_assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      target_id uuid NOT NULL REFERENCES curriculum_targets(id) ON DELETE CASCADE,
      position integer NOT NULL,
      -- A formative assessment of the school (its removal removes the link), or a planned one by name.
      assessment_id uuid REFERENCES assessments(id) ON DELETE CASCADE,
      name text CHECK (length(name) BETWEEN 1 AND 200),
      CHECK (assessment_id IS NOT NULL OR name IS NOT NULL),
      UNIQUE (target_id, position)
    );
    CREATE INDEX curriculum_target_assessments_assessment_idx ON curriculum_target_assessments (assessment_id);

    CREATE TABLE school_agreements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
      adopted_on date NOT NULL,
      look_for_id uuid REFERENCES look_fors(id),
      created_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX school_agreements_school_idx ON school_agreements (school_id, adopted_on);

    CREATE TABLE practice_self_assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      period text NOT NULL CHECK (length(period) BETWEEN 1 AND 80),
      rated_on date NOT NULL,
      recorded_by uuid REFERENCES people(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX practice_self_assessments_period_idx ON practice_self_assessments (school_id, lower(period));
    CREATE TABLE practice_ratings (
      self_assessment_id uuid NOT NULL REFERENCES practice_self_assessments(id) ON DELETE CASCADE,
      practice text NOT NULL CHECK (practice IN ('vision', 'evidence_based_improvement', 'shared_leadership', 'professional_learning', 'high_quality_instruction', 'professional_culture')),
      level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
      evidence text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 3000),
      PRIMARY KEY (self_assessment_id, practice)
    );

    CREATE TABLE staff_pulses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      opened_on date NOT NULL,
      closes_on date,
      closed_on date,
      created_by uuid NOT NULL REFERENCES people(id)
    );
    CREATE INDEX staff_pulses_school_idx ON staff_pulses (school_id, opened_on DESC);
    -- Who has responded: nothing but the pulse and the person.
    CREATE TABLE staff_pulse_respondents (
      pulse_id uuid NOT NULL REFERENCES staff_pulses(id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES people(id),
      PRIMARY KEY (pulse_id, person_id)
    );
    -- The answers: no person, no time.
    CREATE TABLE staff_pulse_responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      pulse_id uuid NOT NULL REFERENCES staff_pulses(id) ON DELETE CASCADE,
      answers smallint[] NOT NULL CHECK (cardinality(answers) = 6 AND 1 <= ALL(answers) AND 5 >= ALL(answers)),
      comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 1000)
    );
    CREATE INDEX staff_pulse_responses_pulse_idx ON staff_pulse_responses (pulse_id);
  `.execute(db);
}
