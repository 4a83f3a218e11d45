import { sql, type Kysely } from 'kysely';

/** Evidence shared with teachers: guiding questions, reflections, conversations, notifications and email. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE school_visit_settings
      ADD COLUMN share_mode text NOT NULL DEFAULT 'immediate' CHECK (share_mode IN ('immediate', 'held')),
      ADD COLUMN coach_visibility text NOT NULL DEFAULT 'school' CHECK (coach_visibility IN ('school', 'own')),
      ADD COLUMN follow_up_days integer NOT NULL DEFAULT 5 CHECK (follow_up_days BETWEEN 1 AND 60),
      ADD COLUMN questions_seeded boolean NOT NULL DEFAULT false;

    ALTER TABLE visits
      ADD COLUMN shared_at timestamptz,
      ADD COLUMN guiding_question text CHECK (length(guiding_question) <= 500);
    CREATE INDEX visits_teacher_shared_idx ON visits (teacher_id, shared_at DESC) WHERE shared_at IS NOT NULL;

    CREATE TABLE reflections (
      visit_id uuid PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
      teacher_id uuid NOT NULL REFERENCES people(id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      next_step text CHECK (length(next_step) <= 1000),
      wants_conversation boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE conversations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      visit_id uuid NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      school_id uuid NOT NULL REFERENCES schools(id),
      recorded_by uuid NOT NULL REFERENCES people(id),
      held_on date NOT NULL,
      notes text NOT NULL CHECK (length(notes) BETWEEN 1 AND 10000),
      next_step text CHECK (length(next_step) <= 1000),
      follow_up_on date,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX conversations_visit_idx ON conversations (visit_id);

    CREATE TABLE guiding_questions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      focus text NOT NULL CHECK (length(focus) BETWEEN 1 AND 80),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 300),
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX guiding_questions_school_idx ON guiding_questions (school_id, focus, position);

    CREATE TABLE teacher_evidence (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      teacher_id uuid NOT NULL REFERENCES people(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) <= 10000),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX teacher_evidence_teacher_idx ON teacher_evidence (teacher_id, created_at DESC);

    CREATE TABLE teacher_strengths (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      teacher_id uuid NOT NULL REFERENCES people(id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX teacher_strengths_unique_idx ON teacher_strengths (teacher_id, school_id, lower(body));

    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      kind text NOT NULL,
      title text NOT NULL,
      link text,
      visit_id uuid REFERENCES visits(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    );
    CREATE INDEX notifications_person_idx ON notifications (person_id, created_at DESC);

    -- Email leaves through this table: a sender process delivers pending rows over SMTP; with no SMTP
    -- configured they are held here for administrators to see.
    CREATE TABLE email_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid REFERENCES districts(id),
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'sent', 'held', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX email_outbox_pending_idx ON email_outbox (next_attempt_at) WHERE status = 'pending';
  `.execute(db);
}
