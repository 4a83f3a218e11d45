import { sql, type Kysely } from 'kysely';

/** Decisions taken from evidence, and named insight views that can be shared as links. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE insight_views (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      created_by uuid NOT NULL REFERENCES people(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      filters jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX insight_views_school_idx ON insight_views (school_id, created_at DESC);

    CREATE TABLE decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools(id),
      recorded_by uuid NOT NULL REFERENCES people(id),
      kind text NOT NULL CHECK (kind IN ('coaching', 'pd', 'resources', 'schedule', 'staffing', 'other')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      rationale text NOT NULL CHECK (length(rationale) <= 5000),
      decided_on date NOT NULL,
      decided_by text NOT NULL CHECK (length(decided_by) BETWEEN 1 AND 200),
      how_decided text NOT NULL CHECK (length(how_decided) BETWEEN 1 AND 200),
      view_id uuid REFERENCES insight_views(id),
      visit_ids uuid[] NOT NULL DEFAULT '{}',
      effect text CHECK (length(effect) <= 5000),
      effect_recorded_on date,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX decisions_school_idx ON decisions (school_id, decided_on DESC);
  `.execute(db);
}
