import { sql, type Kysely } from 'kysely';

/**
 * Cheaper rollup triggers on the visit write path, with the same counts.
 *
 * - Inserts and deletes of visits and tags update `visit_days` and `visit_tag_days` once per statement, from the
 *   statement's transition table (one upsert of grouped counts instead of one function call per row). The upsert
 *   runs after the statement's row triggers, so the hot rollup row (a school's day) is locked as late as possible.
 * - Moves (an edit of a visit's time or school) stay row-level: PostgreSQL allows no transition tables on a trigger
 *   with a column list, and a statement trigger on every UPDATE would also fire for sharing, editing evidence, etc.
 * - The trigger bodies are plain SQL statements in PL/pgSQL (their plans are cached per connection), not calls of
 *   SQL-language helper functions, which PostgreSQL 15 plans again on every call.
 * - A tag row that arrives with its school and day (the capture writes them, with its visit's kind, in the same
 *   statement as the visit) skips the fill trigger; the fill trigger still completes any row missing them.
 * - Each rollup table kept two indexes on the same key (the primary key, and a covering copy with the
 *   count for index-only reads), so every count change wrote both: the primary key now covers the count itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE UNIQUE INDEX visit_days_key ON visit_days (school_id, day) INCLUDE (visits);
    ALTER TABLE visit_days DROP CONSTRAINT visit_days_pkey, ADD CONSTRAINT visit_days_pkey PRIMARY KEY USING INDEX visit_days_key;
    DROP INDEX visit_days_cover_idx;
    CREATE UNIQUE INDEX visit_tag_days_key ON visit_tag_days (school_id, day, look_for_id) INCLUDE (visits);
    ALTER TABLE visit_tag_days DROP CONSTRAINT visit_tag_days_pkey, ADD CONSTRAINT visit_tag_days_pkey PRIMARY KEY USING INDEX visit_tag_days_key;
    DROP INDEX visit_tag_days_cover_idx;

    DROP TRIGGER visits_rollup ON visits;
    DROP TRIGGER visit_look_fors_rollup ON visit_look_fors;
    DROP TRIGGER visit_look_fors_fill ON visit_look_fors;

    CREATE FUNCTION visits_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO visit_days AS t (school_id, day, visits)
        SELECT n.school_id, (n.started_at AT TIME ZONE s.timezone)::date, count(*)::int
        FROM new_visits n JOIN schools s ON s.id = n.school_id
        WHERE n.kind = 'leader' GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (school_id, day) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      RETURN NULL;
    END $$;
    CREATE TRIGGER visits_rollup_inserted AFTER INSERT ON visits
      REFERENCING NEW TABLE AS new_visits FOR EACH STATEMENT EXECUTE FUNCTION visits_rollup_inserted();

    CREATE FUNCTION visits_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO visit_days AS t (school_id, day, visits)
        SELECT o.school_id, (o.started_at AT TIME ZONE s.timezone)::date, -count(*)::int
        FROM old_visits o JOIN schools s ON s.id = o.school_id
        WHERE o.kind = 'leader' GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (school_id, day) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      RETURN NULL;
    END $$;
    CREATE TRIGGER visits_rollup_deleted AFTER DELETE ON visits
      REFERENCING OLD TABLE AS old_visits FOR EACH STATEMENT EXECUTE FUNCTION visits_rollup_deleted();

    CREATE FUNCTION visits_rollup_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      old_day date;
      new_day date;
    BEGIN
      SELECT (OLD.started_at AT TIME ZONE s.timezone)::date INTO old_day FROM schools s WHERE s.id = OLD.school_id;
      SELECT (NEW.started_at AT TIME ZONE s.timezone)::date INTO new_day FROM schools s WHERE s.id = NEW.school_id;
      IF OLD.kind = 'leader' THEN
        INSERT INTO visit_days AS t (school_id, day, visits) VALUES (OLD.school_id, old_day, -1)
          ON CONFLICT (school_id, day) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      END IF;
      IF NEW.kind = 'leader' THEN
        INSERT INTO visit_days AS t (school_id, day, visits) VALUES (NEW.school_id, new_day, 1)
          ON CONFLICT (school_id, day) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      END IF;
      -- Tags follow their visit to its new day (their own trigger moves their counts).
      UPDATE visit_look_fors SET school_id = NEW.school_id, day = new_day WHERE visit_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER visits_rollup_moved AFTER UPDATE OF started_at, school_id ON visits
      FOR EACH ROW EXECUTE FUNCTION visits_rollup_moved();

    CREATE OR REPLACE FUNCTION visit_look_fors_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT v.kind, COALESCE(NEW.school_id, v.school_id), COALESCE(NEW.day, (v.started_at AT TIME ZONE s.timezone)::date)
        INTO NEW.visit_kind, NEW.school_id, NEW.day
        FROM visits v JOIN schools s ON s.id = v.school_id WHERE v.id = NEW.visit_id;
      RETURN NEW;
    END $$;
    -- A writer that supplies school and day supplies the visit's kind too (the capture does).
    CREATE TRIGGER visit_look_fors_fill BEFORE INSERT ON visit_look_fors
      FOR EACH ROW WHEN (NEW.school_id IS NULL OR NEW.day IS NULL) EXECUTE FUNCTION visit_look_fors_fill();

    CREATE FUNCTION visit_look_fors_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO visit_tag_days AS t (school_id, day, look_for_id, visits)
        SELECT school_id, day, look_for_id, count(*)::int FROM new_tags
        WHERE visit_kind = 'leader' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (school_id, day, look_for_id) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      RETURN NULL;
    END $$;
    CREATE TRIGGER visit_look_fors_rollup_inserted AFTER INSERT ON visit_look_fors
      REFERENCING NEW TABLE AS new_tags FOR EACH STATEMENT EXECUTE FUNCTION visit_look_fors_rollup_inserted();

    CREATE FUNCTION visit_look_fors_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO visit_tag_days AS t (school_id, day, look_for_id, visits)
        SELECT school_id, day, look_for_id, -count(*)::int FROM old_tags
        WHERE visit_kind = 'leader' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (school_id, day, look_for_id) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      RETURN NULL;
    END $$;
    CREATE TRIGGER visit_look_fors_rollup_deleted AFTER DELETE ON visit_look_fors
      REFERENCING OLD TABLE AS old_tags FOR EACH STATEMENT EXECUTE FUNCTION visit_look_fors_rollup_deleted();

    CREATE FUNCTION visit_look_fors_rollup_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.visit_kind = 'leader' THEN
        INSERT INTO visit_tag_days AS t (school_id, day, look_for_id, visits) VALUES (OLD.school_id, OLD.day, OLD.look_for_id, -1)
          ON CONFLICT (school_id, day, look_for_id) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      END IF;
      IF NEW.visit_kind = 'leader' THEN
        INSERT INTO visit_tag_days AS t (school_id, day, look_for_id, visits) VALUES (NEW.school_id, NEW.day, NEW.look_for_id, 1)
          ON CONFLICT (school_id, day, look_for_id) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER visit_look_fors_rollup_moved AFTER UPDATE OF school_id, day, look_for_id ON visit_look_fors
      FOR EACH ROW EXECUTE FUNCTION visit_look_fors_rollup_moved();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER visits_rollup_inserted ON visits;
    DROP TRIGGER visits_rollup_deleted ON visits;
    DROP TRIGGER visits_rollup_moved ON visits;
    DROP TRIGGER visit_look_fors_fill ON visit_look_fors;
    DROP TRIGGER visit_look_fors_rollup_inserted ON visit_look_fors;
    DROP TRIGGER visit_look_fors_rollup_deleted ON visit_look_fors;
    DROP TRIGGER visit_look_fors_rollup_moved ON visit_look_fors;
    DROP FUNCTION visits_rollup_inserted();
    DROP FUNCTION visits_rollup_deleted();
    DROP FUNCTION visits_rollup_moved();
    DROP FUNCTION visit_look_fors_rollup_inserted();
    DROP FUNCTION visit_look_fors_rollup_deleted();
    DROP FUNCTION visit_look_fors_rollup_moved();
    CREATE OR REPLACE FUNCTION visit_look_fors_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT v.kind, COALESCE(NEW.school_id, v.school_id), COALESCE(NEW.day, visit_local_day(v.school_id, v.started_at))
        INTO NEW.visit_kind, NEW.school_id, NEW.day FROM visits v WHERE v.id = NEW.visit_id;
      RETURN NEW;
    END $$;
    CREATE TRIGGER visits_rollup AFTER INSERT OR DELETE OR UPDATE OF started_at, school_id ON visits
      FOR EACH ROW EXECUTE FUNCTION visits_rollup();
    CREATE TRIGGER visit_look_fors_fill BEFORE INSERT ON visit_look_fors
      FOR EACH ROW EXECUTE FUNCTION visit_look_fors_fill();
    CREATE TRIGGER visit_look_fors_rollup AFTER INSERT OR DELETE OR UPDATE OF school_id, day, look_for_id ON visit_look_fors
      FOR EACH ROW EXECUTE FUNCTION visit_look_fors_rollup();

    ALTER TABLE visit_days DROP CONSTRAINT visit_days_pkey, ADD PRIMARY KEY (school_id, day);
    CREATE INDEX visit_days_cover_idx ON visit_days (school_id, day) INCLUDE (visits);
    ALTER TABLE visit_tag_days DROP CONSTRAINT visit_tag_days_pkey, ADD PRIMARY KEY (school_id, day, look_for_id);
    CREATE INDEX visit_tag_days_cover_idx ON visit_tag_days (school_id, day, look_for_id) INCLUDE (visits);
  `.execute(db);
}
