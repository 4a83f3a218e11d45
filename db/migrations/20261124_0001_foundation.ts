import { sql, type Kysely } from 'kysely';

/** Districts, schools, terms, people, roles, courses, classes, bell schedules, enrollments and demographics. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE districts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      sourced_id text UNIQUE,
      name text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE schools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      sourced_id text NOT NULL,
      name text NOT NULL,
      identifier text,
      grade_band text,
      timezone text NOT NULL DEFAULT 'America/Chicago',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (district_id, sourced_id)
    );
    CREATE INDEX schools_district_idx ON schools (district_id);

    CREATE TABLE academic_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      sourced_id text NOT NULL,
      title text NOT NULL,
      type text NOT NULL CHECK (type IN ('schoolYear', 'term', 'semester', 'gradingPeriod')),
      start_date date NOT NULL,
      end_date date NOT NULL CHECK (end_date >= start_date),
      parent_id uuid REFERENCES academic_sessions(id),
      school_year integer NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (district_id, sourced_id)
    );

    CREATE TABLE people (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      sourced_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('staff', 'student')),
      given_name text NOT NULL,
      family_name text NOT NULL,
      email text,
      username text,
      identifier text,
      grades text[] NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (district_id, sourced_id)
    );
    CREATE UNIQUE INDEX people_email_idx ON people (lower(email)) WHERE email IS NOT NULL AND kind = 'staff';
    CREATE INDEX people_district_kind_idx ON people (district_id, kind);

    -- Which schools a person belongs to (OneRoster users.orgSourcedIds).
    CREATE TABLE person_schools (
      person_id uuid NOT NULL REFERENCES people(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      PRIMARY KEY (person_id, school_id)
    );
    CREATE INDEX person_schools_school_idx ON person_schools (school_id);

    -- Roles: district-wide roles have school_id NULL; school roles name their school.
    CREATE TABLE role_assignments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      district_id uuid NOT NULL REFERENCES districts(id),
      school_id uuid REFERENCES schools(id),
      role text NOT NULL CHECK (role IN ('district_admin', 'district_leader', 'principal', 'assistant_principal', 'coach', 'teacher')),
      source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'roster', 'demo')),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((role IN ('district_admin', 'district_leader')) = (school_id IS NULL))
    );
    CREATE UNIQUE INDEX role_assignments_unique_idx
      ON role_assignments (person_id, COALESCE(school_id, '00000000-0000-0000-0000-000000000000'::uuid), role);
    CREATE INDEX role_assignments_school_idx ON role_assignments (school_id, role);

    CREATE TABLE student_demographics (
      person_id uuid PRIMARY KEY REFERENCES people(id),
      birth_date date,
      gender text,
      race_ethnicity text[] NOT NULL DEFAULT '{}',
      hispanic_latino boolean,
      english_learner boolean,
      special_education boolean,
      free_reduced_lunch boolean,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE courses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      school_id uuid REFERENCES schools(id),
      sourced_id text NOT NULL,
      title text NOT NULL,
      course_code text,
      grades text[] NOT NULL DEFAULT '{}',
      subjects text[] NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (district_id, sourced_id)
    );

    CREATE TABLE classes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      course_id uuid REFERENCES courses(id),
      sourced_id text NOT NULL,
      title text NOT NULL,
      class_code text,
      class_type text NOT NULL DEFAULT 'scheduled' CHECK (class_type IN ('homeroom', 'scheduled')),
      location text,
      grades text[] NOT NULL DEFAULT '{}',
      subjects text[] NOT NULL DEFAULT '{}',
      periods text[] NOT NULL DEFAULT '{}',
      term_ids uuid[] NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (district_id, sourced_id)
    );
    CREATE INDEX classes_school_idx ON classes (school_id);

    -- A school's bell schedule: the named periods of a day.
    CREATE TABLE bell_periods (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      period text NOT NULL,
      start_time time NOT NULL,
      end_time time NOT NULL CHECK (end_time > start_time),
      kind text NOT NULL DEFAULT 'class' CHECK (kind IN ('class', 'lunch', 'break')),
      UNIQUE (school_id, period)
    );

    -- When and where a class meets (weekday 1 = Monday .. 7 = Sunday).
    CREATE TABLE class_meetings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      class_id uuid NOT NULL REFERENCES classes(id),
      weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      period text,
      start_time time NOT NULL,
      end_time time NOT NULL CHECK (end_time > start_time),
      room text,
      UNIQUE (class_id, weekday, start_time)
    );

    CREATE TABLE enrollments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      sourced_id text NOT NULL,
      class_id uuid NOT NULL REFERENCES classes(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      person_id uuid NOT NULL REFERENCES people(id),
      role text NOT NULL CHECK (role IN ('teacher', 'student', 'aide')),
      is_primary boolean NOT NULL DEFAULT false,
      begin_date date,
      end_date date,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (district_id, sourced_id)
    );
    CREATE INDEX enrollments_class_idx ON enrollments (class_id, role);
    CREATE INDEX enrollments_person_idx ON enrollments (person_id);
  `.execute(db);
}
