import { sql, type Kysely } from 'kysely';

/** The visit habit: 21-day challenges, calendar blocks with a private feed, and a leader's small task list. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE habit_challenges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      started_on date NOT NULL,
      done_days integer[] NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'stopped')),
      created_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz
    );
    CREATE UNIQUE INDEX habit_challenges_one_active_idx ON habit_challenges (person_id) WHERE status = 'active';

    -- Weekly time blocks a leader keeps for visits (weekday 1 = Monday), in the school's time zone.
    CREATE TABLE visit_blocks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      start_time time NOT NULL,
      end_time time NOT NULL CHECK (end_time > start_time),
      timezone text NOT NULL
    );
    CREATE INDEX visit_blocks_person_idx ON visit_blocks (person_id);

    -- The private calendar subscription URL carries a random token; only its SHA-256 is kept.
    CREATE TABLE calendar_feeds (
      person_id uuid PRIMARY KEY REFERENCES people(id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE leader_tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      due_on date,
      done_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX leader_tasks_person_idx ON leader_tasks (person_id, done_at, due_on);
  `.execute(db);
}
