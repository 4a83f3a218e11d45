import { sql, type Kysely } from 'kysely';

/**
 * Formal evaluation, kept apart from visits: rubrics a district uploads, evaluation cycles per teacher and school
 * year with their steps, ratings per rubric component, citations of shared visit evidence, and both signatures.
 * A cycle keeps a copy of its rubric, so a rubric uploaded later never changes a cycle under way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE evaluation_rubrics (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 160),
      definition jsonb NOT NULL,
      uploaded_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX evaluation_rubrics_district_idx ON evaluation_rubrics (district_id, created_at DESC);

    CREATE TABLE evaluation_cycles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      teacher_id uuid NOT NULL REFERENCES people(id),
      evaluator_id uuid NOT NULL REFERENCES people(id),
      school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
      rubric_key text NOT NULL,
      rubric jsonb NOT NULL,
      evaluator_signed_at timestamptz,
      teacher_signed_at timestamptz,
      teacher_response text NOT NULL DEFAULT '' CHECK (length(teacher_response) <= 5000),
      created_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (teacher_id <> evaluator_id),
      CHECK (teacher_signed_at IS NULL OR evaluator_signed_at IS NOT NULL)
    );
    CREATE UNIQUE INDEX evaluation_cycles_teacher_year_idx ON evaluation_cycles (school_id, teacher_id, school_year);
    CREATE INDEX evaluation_cycles_evaluator_idx ON evaluation_cycles (evaluator_id, school_year);
    CREATE INDEX evaluation_cycles_teacher_idx ON evaluation_cycles (teacher_id);

    CREATE TABLE evaluation_steps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('pre_conference', 'observation', 'mid_year_review', 'ratings', 'summative_conference', 'sign_off')),
      due_on date NOT NULL,
      completed_on date,
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX evaluation_steps_cycle_idx ON evaluation_steps (cycle_id, due_on);

    CREATE TABLE evaluation_ratings (
      cycle_id uuid NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,
      component_key text NOT NULL,
      level integer NOT NULL,
      evidence text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 5000),
      rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 3000),
      rated_by uuid NOT NULL REFERENCES people(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (cycle_id, component_key)
    );

    -- Only visits shared with the teacher are cited (checked by the service); the teacher sees every citation.
    CREATE TABLE evaluation_citations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,
      visit_id uuid NOT NULL REFERENCES visits(id),
      component_key text,
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
      cited_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (cycle_id, visit_id)
    );
    CREATE INDEX evaluation_citations_visit_idx ON evaluation_citations (visit_id);
  `.execute(db);
}
