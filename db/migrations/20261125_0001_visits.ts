import { sql, type Kysely } from 'kysely';

/** Classroom visits with their look-for tags, per-school visit settings and leaders' daily goals. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE look_fors (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      description text,
      active boolean NOT NULL DEFAULT true,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX look_fors_school_name_idx ON look_fors (school_id, lower(name));

    CREATE TABLE school_visit_settings (
      school_id uuid PRIMARY KEY REFERENCES schools(id),
      evaluative_words text[] NOT NULL,
      unvisited_days integer NOT NULL DEFAULT 14 CHECK (unvisited_days BETWEEN 1 AND 365),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE leader_goals (
      person_id uuid PRIMARY KEY REFERENCES people(id),
      daily_visits integer NOT NULL DEFAULT 3 CHECK (daily_visits BETWEEN 1 AND 20),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- The id is made on the device that captured the visit: it is the idempotency key of offline retries.
    CREATE TABLE visits (
      id uuid PRIMARY KEY,
      district_id uuid NOT NULL REFERENCES districts(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      observer_id uuid NOT NULL REFERENCES people(id),
      teacher_id uuid NOT NULL REFERENCES people(id),
      class_id uuid REFERENCES classes(id),
      started_at timestamptz NOT NULL,
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 240),
      evidence text NOT NULL CHECK (length(evidence) <= 20000),
      private_note text CHECK (length(private_note) <= 10000),
      create_hash text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX visits_school_started_idx ON visits (school_id, started_at DESC, id);
    CREATE INDEX visits_teacher_started_idx ON visits (teacher_id, started_at DESC);
    CREATE INDEX visits_observer_started_idx ON visits (observer_id, started_at DESC);

    CREATE TABLE visit_look_fors (
      visit_id uuid NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      look_for_id uuid NOT NULL REFERENCES look_fors(id),
      PRIMARY KEY (visit_id, look_for_id)
    );
    CREATE INDEX visit_look_fors_tag_idx ON visit_look_fors (look_for_id);
  `.execute(db);
}
