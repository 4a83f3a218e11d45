import { sql, type Kysely } from 'kysely';
import { foldSlotsSql } from '../rollups';

/*
 * Visit rollups without a hot row. `visit_days` kept one row per school and day, so every visit a school saved on a
 * day updated the same row, and concurrent saves queued on its lock until each one committed: a school's writes were
 * serialised behind one another's commits. Each rollup row now also has a `slot` (0-15) taken from the visit's id,
 * so concurrent saves spread over 16 rows; readers already sum the rows of a day. The hourly compaction
 * (`compactVisitRollups` in db/rollups.ts) folds the slots of past days back into slot 0.
 */

/** The slot of a visit's rows: from its id, so a visit always counts in the same one. */
const slotOf = (id: string) => `(get_byte(uuid_send(${id}), 15) % 16)::smallint`;

/** The rollup trigger functions, with slots (`up`) or without (`down`, as 20261127_0003 left them). */
function rollupFunctions(slotted: boolean): string {
  const S = {
    col: slotted ? ', slot' : '',
    value: (id: string) => (slotted ? `, ${slotOf(id)}` : ''),
    days: slotted ? '1, 2, 3' : '1, 2',
    tags: slotted ? '1, 2, 3, 4' : '1, 2, 3',
  };
  return `
    CREATE OR REPLACE FUNCTION visits_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO visit_days AS t (school_id, day${S.col}, visits)
        SELECT n.school_id, (n.started_at AT TIME ZONE s.timezone)::date${S.value('n.id')}, count(*)::int
        FROM new_visits n JOIN schools s ON s.id = n.school_id
        WHERE n.kind = 'leader' GROUP BY ${S.days} ORDER BY ${S.days}
      ON CONFLICT (school_id, day${S.col}) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION visits_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO visit_days AS t (school_id, day${S.col}, visits)
        SELECT o.school_id, (o.started_at AT TIME ZONE s.timezone)::date${S.value('o.id')}, -count(*)::int
        FROM old_visits o JOIN schools s ON s.id = o.school_id
        WHERE o.kind = 'leader' GROUP BY ${S.days} ORDER BY ${S.days}
      ON CONFLICT (school_id, day${S.col}) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION visits_rollup_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      old_day date;
      new_day date;
    BEGIN
      SELECT (OLD.started_at AT TIME ZONE s.timezone)::date INTO old_day FROM schools s WHERE s.id = OLD.school_id;
      SELECT (NEW.started_at AT TIME ZONE s.timezone)::date INTO new_day FROM schools s WHERE s.id = NEW.school_id;
      IF OLD.kind = 'leader' THEN
        INSERT INTO visit_days AS t (school_id, day${S.col}, visits) VALUES (OLD.school_id, old_day${S.value('OLD.id')}, -1)
          ON CONFLICT (school_id, day${S.col}) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      END IF;
      IF NEW.kind = 'leader' THEN
        INSERT INTO visit_days AS t (school_id, day${S.col}, visits) VALUES (NEW.school_id, new_day${S.value('NEW.id')}, 1)
          ON CONFLICT (school_id, day${S.col}) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      END IF;
      -- Tags follow their visit to its new day (their own trigger moves their counts).
      UPDATE visit_look_fors SET school_id = NEW.school_id, day = new_day WHERE visit_id = NEW.id;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION visit_look_fors_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO visit_tag_days AS t (school_id, day, look_for_id${S.col}, visits)
        SELECT school_id, day, look_for_id${S.value('visit_id')}, count(*)::int FROM new_tags
        WHERE visit_kind = 'leader' GROUP BY ${S.tags} ORDER BY ${S.tags}
      ON CONFLICT (school_id, day, look_for_id${S.col}) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION visit_look_fors_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO visit_tag_days AS t (school_id, day, look_for_id${S.col}, visits)
        SELECT school_id, day, look_for_id${S.value('visit_id')}, -count(*)::int FROM old_tags
        WHERE visit_kind = 'leader' GROUP BY ${S.tags} ORDER BY ${S.tags}
      ON CONFLICT (school_id, day, look_for_id${S.col}) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      RETURN NULL;
    END $$;

    CREATE OR REPLACE FUNCTION visit_look_fors_rollup_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.visit_kind = 'leader' THEN
        INSERT INTO visit_tag_days AS t (school_id, day, look_for_id${S.col}, visits)
          VALUES (OLD.school_id, OLD.day, OLD.look_for_id${S.value('OLD.visit_id')}, -1)
          ON CONFLICT (school_id, day, look_for_id${S.col}) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      END IF;
      IF NEW.visit_kind = 'leader' THEN
        INSERT INTO visit_tag_days AS t (school_id, day, look_for_id${S.col}, visits)
          VALUES (NEW.school_id, NEW.day, NEW.look_for_id${S.value('NEW.visit_id')}, 1)
          ON CONFLICT (school_id, day, look_for_id${S.col}) DO UPDATE SET visits = t.visits + EXCLUDED.visits;
      END IF;
      RETURN NULL;
    END $$;
`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `ALTER TABLE visit_days ADD COLUMN slot smallint NOT NULL DEFAULT 0 CHECK (slot BETWEEN 0 AND 15);
       ALTER TABLE visit_days DROP CONSTRAINT visit_days_pkey;
       CREATE UNIQUE INDEX visit_days_slot_key ON visit_days (school_id, day, slot) INCLUDE (visits);
       ALTER TABLE visit_days ADD CONSTRAINT visit_days_pkey PRIMARY KEY USING INDEX visit_days_slot_key;
       ALTER TABLE visit_tag_days ADD COLUMN slot smallint NOT NULL DEFAULT 0 CHECK (slot BETWEEN 0 AND 15);
       ALTER TABLE visit_tag_days DROP CONSTRAINT visit_tag_days_pkey;
       CREATE UNIQUE INDEX visit_tag_days_slot_key ON visit_tag_days (school_id, day, look_for_id, slot) INCLUDE (visits);
       ALTER TABLE visit_tag_days ADD CONSTRAINT visit_tag_days_pkey PRIMARY KEY USING INDEX visit_tag_days_slot_key;
       ${rollupFunctions(true)}`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `${foldSlotsSql(false)}
       ALTER TABLE visit_days DROP CONSTRAINT visit_days_pkey;
       CREATE UNIQUE INDEX visit_days_key ON visit_days (school_id, day) INCLUDE (visits);
       ALTER TABLE visit_days ADD CONSTRAINT visit_days_pkey PRIMARY KEY USING INDEX visit_days_key;
       ALTER TABLE visit_days DROP COLUMN slot;
       ALTER TABLE visit_tag_days DROP CONSTRAINT visit_tag_days_pkey;
       CREATE UNIQUE INDEX visit_tag_days_key ON visit_tag_days (school_id, day, look_for_id) INCLUDE (visits);
       ALTER TABLE visit_tag_days ADD CONSTRAINT visit_tag_days_pkey PRIMARY KEY USING INDEX visit_tag_days_key;
       ALTER TABLE visit_tag_days DROP COLUMN slot;
       ${rollupFunctions(false)}`,
    )
    .execute(db);
}
