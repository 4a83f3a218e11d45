import { sql, type Kysely } from 'kysely';

/**
 * Daily rollups of visits and look-for tags per school, maintained by triggers in the same transaction as every
 * change (never a cache that can go stale). District insights read these instead of millions of visits.
 * A tag row carries its visit's school and local day, so its counts move with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE visit_look_fors ADD COLUMN school_id uuid, ADD COLUMN day date;
    UPDATE visit_look_fors vl SET school_id = v.school_id, day = (v.started_at AT TIME ZONE s.timezone)::date
      FROM visits v JOIN schools s ON s.id = v.school_id WHERE v.id = vl.visit_id;
    ALTER TABLE visit_look_fors ALTER COLUMN school_id SET NOT NULL, ALTER COLUMN day SET NOT NULL;

    CREATE TABLE visit_days (
      school_id uuid NOT NULL REFERENCES schools(id),
      day date NOT NULL,
      visits integer NOT NULL,
      PRIMARY KEY (school_id, day)
    );
    CREATE TABLE visit_tag_days (
      school_id uuid NOT NULL REFERENCES schools(id),
      day date NOT NULL,
      look_for_id uuid NOT NULL REFERENCES look_fors(id),
      visits integer NOT NULL,
      PRIMARY KEY (school_id, day, look_for_id)
    );

    -- Covering indexes: district questions read the counts without visiting the table.
    CREATE INDEX visit_days_cover_idx ON visit_days (school_id, day) INCLUDE (visits);
    CREATE INDEX visit_tag_days_cover_idx ON visit_tag_days (school_id, day, look_for_id) INCLUDE (visits);

    CREATE FUNCTION visit_local_day(school uuid, at timestamptz) RETURNS date
      LANGUAGE sql STABLE AS $$ SELECT (at AT TIME ZONE s.timezone)::date FROM schools s WHERE s.id = school $$;

    CREATE FUNCTION bump_visit_day(school uuid, d date, delta integer) RETURNS void LANGUAGE sql AS $$
      INSERT INTO visit_days AS t (school_id, day, visits) VALUES (school, d, delta)
      ON CONFLICT (school_id, day) DO UPDATE SET visits = t.visits + EXCLUDED.visits $$;
    CREATE FUNCTION bump_visit_tag_day(school uuid, d date, tag uuid, delta integer) RETURNS void LANGUAGE sql AS $$
      INSERT INTO visit_tag_days AS t (school_id, day, look_for_id, visits) VALUES (school, d, tag, delta)
      ON CONFLICT (school_id, day, look_for_id) DO UPDATE SET visits = t.visits + EXCLUDED.visits $$;

    CREATE FUNCTION visits_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bump_visit_day(OLD.school_id, visit_local_day(OLD.school_id, OLD.started_at), -1);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bump_visit_day(NEW.school_id, visit_local_day(NEW.school_id, NEW.started_at), 1);
      END IF;
      IF TG_OP = 'UPDATE' THEN
        -- Tags follow their visit to its new day (their own trigger moves their counts).
        UPDATE visit_look_fors SET school_id = NEW.school_id, day = visit_local_day(NEW.school_id, NEW.started_at)
          WHERE visit_id = NEW.id;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER visits_rollup AFTER INSERT OR DELETE OR UPDATE OF started_at, school_id ON visits
      FOR EACH ROW EXECUTE FUNCTION visits_rollup();

    CREATE FUNCTION visit_look_fors_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT v.school_id, visit_local_day(v.school_id, v.started_at) INTO NEW.school_id, NEW.day FROM visits v WHERE v.id = NEW.visit_id;
      RETURN NEW;
    END $$;
    CREATE TRIGGER visit_look_fors_fill BEFORE INSERT ON visit_look_fors
      FOR EACH ROW WHEN (NEW.school_id IS NULL OR NEW.day IS NULL) EXECUTE FUNCTION visit_look_fors_fill();

    CREATE FUNCTION visit_look_fors_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bump_visit_tag_day(OLD.school_id, OLD.day, OLD.look_for_id, -1);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bump_visit_tag_day(NEW.school_id, NEW.day, NEW.look_for_id, 1);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER visit_look_fors_rollup AFTER INSERT OR DELETE OR UPDATE OF school_id, day, look_for_id ON visit_look_fors
      FOR EACH ROW EXECUTE FUNCTION visit_look_fors_rollup();

    -- Bulk loads (the scale generator) switch the triggers off and rebuild the rollups in one statement each.
    CREATE FUNCTION rebuild_visit_rollups() RETURNS void LANGUAGE sql AS $$
      TRUNCATE visit_days, visit_tag_days;
      INSERT INTO visit_days (school_id, day, visits)
        SELECT v.school_id, (v.started_at AT TIME ZONE s.timezone)::date, count(*) FROM visits v JOIN schools s ON s.id = v.school_id GROUP BY 1, 2;
      INSERT INTO visit_tag_days (school_id, day, look_for_id, visits)
        SELECT school_id, day, look_for_id, count(*) FROM visit_look_fors GROUP BY 1, 2, 3;
    $$;
    SELECT rebuild_visit_rollups();
  `.execute(db);
}
