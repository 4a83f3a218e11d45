import { sql, type Kysely } from 'kysely';

/**
 * Coaching cycles (goal, baseline, observations that are visits, debriefs, outcome), peer-visit requests between
 * teachers, and peer visits: visits of kind `peer`, recorded by a teacher about a colleague's classroom. Peer visits
 * belong to the visited teacher: the rollups (and every leader count) leave them out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE coaching_cycles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      coach_id uuid NOT NULL REFERENCES people(id),
      teacher_id uuid NOT NULL REFERENCES people(id),
      goal text NOT NULL CHECK (length(goal) BETWEEN 1 AND 1000),
      baseline text CHECK (length(baseline) <= 5000),
      baseline_on date,
      status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'active', 'completed', 'cancelled')),
      agreed_at timestamptz,
      closed_at timestamptz,
      outcome text CHECK (length(outcome) <= 5000),
      goal_met boolean,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (coach_id <> teacher_id),
      CHECK (status <> 'completed' OR (outcome IS NOT NULL AND goal_met IS NOT NULL))
    );
    CREATE INDEX coaching_cycles_school_idx ON coaching_cycles (school_id, created_at DESC);
    CREATE INDEX coaching_cycles_teacher_idx ON coaching_cycles (teacher_id);
    CREATE INDEX coaching_cycles_coach_idx ON coaching_cycles (coach_id);

    CREATE TABLE coaching_debriefs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES coaching_cycles(id) ON DELETE CASCADE,
      held_on date NOT NULL,
      notes text NOT NULL CHECK (length(notes) BETWEEN 1 AND 10000),
      next_step text NOT NULL CHECK (length(next_step) BETWEEN 1 AND 1000),
      recorded_by uuid NOT NULL REFERENCES people(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX coaching_debriefs_cycle_idx ON coaching_debriefs (cycle_id, held_on);

    CREATE TABLE coaching_comments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES coaching_cycles(id) ON DELETE CASCADE,
      author_id uuid NOT NULL REFERENCES people(id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX coaching_comments_cycle_idx ON coaching_comments (cycle_id, created_at);

    ALTER TABLE visits
      ADD COLUMN kind text NOT NULL DEFAULT 'leader' CHECK (kind IN ('leader', 'peer')),
      ADD COLUMN shared_with_leaders_at timestamptz,
      ADD COLUMN coaching_cycle_id uuid REFERENCES coaching_cycles(id),
      ADD CONSTRAINT visits_peer_shape CHECK (kind = 'peer' OR shared_with_leaders_at IS NULL),
      ADD CONSTRAINT visits_cycle_leader_only CHECK (kind = 'leader' OR coaching_cycle_id IS NULL);
    CREATE INDEX visits_coaching_cycle_idx ON visits (coaching_cycle_id, started_at) WHERE coaching_cycle_id IS NOT NULL;
    -- The expertise map counts shared visits per teacher and look-for.
    CREATE INDEX visits_teacher_kind_idx ON visits (school_id, teacher_id, started_at) WHERE shared_at IS NOT NULL AND kind = 'leader';

    CREATE TABLE peer_visit_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      district_id uuid NOT NULL REFERENCES districts(id),
      school_id uuid NOT NULL REFERENCES schools(id),
      requester_id uuid NOT NULL REFERENCES people(id),
      host_id uuid NOT NULL REFERENCES people(id),
      topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
      look_for_id uuid REFERENCES look_fors(id),
      message text CHECK (length(message) <= 1000),
      proposed_on date,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled', 'visited')),
      response_note text CHECK (length(response_note) <= 1000),
      responded_at timestamptz,
      visit_id uuid REFERENCES visits(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (requester_id <> host_id),
      CHECK ((status = 'visited') = (visit_id IS NOT NULL))
    );
    CREATE INDEX peer_visit_requests_requester_idx ON peer_visit_requests (requester_id, created_at DESC);
    CREATE INDEX peer_visit_requests_host_idx ON peer_visit_requests (host_id, created_at DESC);
    CREATE UNIQUE INDEX peer_visit_requests_visit_idx ON peer_visit_requests (visit_id) WHERE visit_id IS NOT NULL;

    -- A tag row carries its visit's kind, as it carries its school and day: peer tags never reach the rollups.
    ALTER TABLE visit_look_fors ADD COLUMN visit_kind text NOT NULL DEFAULT 'leader';

    CREATE OR REPLACE FUNCTION visits_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = 'leader' THEN
        PERFORM bump_visit_day(OLD.school_id, visit_local_day(OLD.school_id, OLD.started_at), -1);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'leader' THEN
        PERFORM bump_visit_day(NEW.school_id, visit_local_day(NEW.school_id, NEW.started_at), 1);
      END IF;
      IF TG_OP = 'UPDATE' THEN
        UPDATE visit_look_fors SET school_id = NEW.school_id, day = visit_local_day(NEW.school_id, NEW.started_at)
          WHERE visit_id = NEW.id;
      END IF;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION visit_look_fors_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT v.kind, COALESCE(NEW.school_id, v.school_id), COALESCE(NEW.day, visit_local_day(v.school_id, v.started_at))
        INTO NEW.visit_kind, NEW.school_id, NEW.day FROM visits v WHERE v.id = NEW.visit_id;
      RETURN NEW;
    END $$;
    DROP TRIGGER visit_look_fors_fill ON visit_look_fors;
    CREATE TRIGGER visit_look_fors_fill BEFORE INSERT ON visit_look_fors
      FOR EACH ROW EXECUTE FUNCTION visit_look_fors_fill();

    CREATE OR REPLACE FUNCTION visit_look_fors_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.visit_kind = 'leader' THEN
        PERFORM bump_visit_tag_day(OLD.school_id, OLD.day, OLD.look_for_id, -1);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.visit_kind = 'leader' THEN
        PERFORM bump_visit_tag_day(NEW.school_id, NEW.day, NEW.look_for_id, 1);
      END IF;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION rebuild_visit_rollups() RETURNS void LANGUAGE sql AS $$
      TRUNCATE visit_days, visit_tag_days;
      INSERT INTO visit_days (school_id, day, visits)
        SELECT v.school_id, (v.started_at AT TIME ZONE s.timezone)::date, count(*) FROM visits v JOIN schools s ON s.id = v.school_id
        WHERE v.kind = 'leader' GROUP BY 1, 2;
      INSERT INTO visit_tag_days (school_id, day, look_for_id, visits)
        SELECT school_id, day, look_for_id, count(*) FROM visit_look_fors WHERE visit_kind = 'leader' GROUP BY 1, 2, 3;
    $$;
  `.execute(db);
}
