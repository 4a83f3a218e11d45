import { sql, type Kysely } from 'kysely';

/**
 * One way to write a school year everywhere: "2026-27", as work plans already do (evaluation cycles said
 * "2026-2027"). Existing cycles are rewritten; the check now also requires the second year to follow the first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE evaluation_cycles DROP CONSTRAINT evaluation_cycles_school_year_check;
    UPDATE evaluation_cycles SET school_year = left(school_year, 5) || right(school_year, 2) WHERE school_year ~ '^[0-9]{4}-[0-9]{4}$';
    ALTER TABLE evaluation_cycles ADD CONSTRAINT evaluation_cycles_school_year_check
      CHECK (school_year ~ '^[0-9]{4}-[0-9]{2}$' AND (left(school_year, 4)::int + 1) % 100 = right(school_year, 2)::int);
    ALTER TABLE work_plans DROP CONSTRAINT work_plans_school_year_check;
    ALTER TABLE work_plans ADD CONSTRAINT work_plans_school_year_check
      CHECK (school_year ~ '^[0-9]{4}-[0-9]{2}$' AND (left(school_year, 4)::int + 1) % 100 = right(school_year, 2)::int);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE work_plans DROP CONSTRAINT work_plans_school_year_check;
    ALTER TABLE work_plans ADD CONSTRAINT work_plans_school_year_check CHECK (school_year ~ '^[0-9]{4}-[0-9]{2}$');
    ALTER TABLE evaluation_cycles DROP CONSTRAINT evaluation_cycles_school_year_check;
    UPDATE evaluation_cycles SET school_year = left(school_year, 5) || (left(school_year, 4)::int + 1)::text;
    ALTER TABLE evaluation_cycles ADD CONSTRAINT evaluation_cycles_school_year_check CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$');
  `.execute(db);
}
