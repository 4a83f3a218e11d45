import { sql, type Kysely } from 'kysely';

/**
 * The results that count in the assessment analysis, one row per (assessment, student), kept by triggers in the same
 * transaction as every change they depend on (never a cache that can go stale). A result counts when its student is
 * actively enrolled in one of the assessment's classes; the row carries what the analysis reads: the assessment's
 * school, date and standards, the score as a percent of the maximum, whether it reaches the proficiency cut, and the
 * assessed classes the student is enrolled in (one entry per active enrollment, as the analysis counts them).
 *
 * `assessment_counted_results_source` is the definition; the table holds exactly its rows. Each trigger works out the
 * (assessment, student) pairs a statement may have changed and recomputes just those from the definition, so the
 * triggers stay set-based (one statement each for a roster import of thousands of enrollments).
 *
 * Two rollups of those rows answer a school's analysis over any range of dates without reading them:
 * `assessment_day_groups` (per school, date and group: results, sum of percents, results at the cut; the day's
 * distinct students) and `assessment_student_spans` (per school, student and group: the dates with a result, so the
 * distinct students of a range are the spans overlapping it). Both are recomputed for the dates and students whose
 * counted results changed, and for a student whose grade or demographics changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE VIEW assessment_counted_results_source AS
      SELECT res.assessment_id, res.student_id, a.school_id, a.given_on,
             res.score * 100.0 / a.max_score AS pct, (res.score >= a.proficiency_cut)::int AS proficient,
             a.standards, c.class_ids
      FROM assessment_results res
      JOIN assessments a ON a.id = res.assessment_id AND a.school_id = res.school_id
      CROSS JOIN LATERAL (
        SELECT array_agg(ac.class_id ORDER BY ac.class_id) AS class_ids
        FROM assessment_classes ac
        JOIN enrollments e ON e.class_id = ac.class_id AND e.person_id = res.student_id AND e.role = 'student' AND e.status = 'active'
        WHERE ac.assessment_id = res.assessment_id
      ) c
      WHERE c.class_ids IS NOT NULL;

    CREATE TABLE assessment_counted_results (
      assessment_id uuid NOT NULL,
      student_id uuid NOT NULL,
      school_id uuid NOT NULL,
      given_on date NOT NULL,
      pct numeric NOT NULL,
      proficient integer NOT NULL,
      standards text[] NOT NULL,
      class_ids uuid[] NOT NULL,
      PRIMARY KEY (assessment_id, student_id)
    );
    CREATE INDEX assessment_counted_results_school_idx ON assessment_counted_results (school_id, given_on);
    CREATE INDEX assessment_counted_results_student_idx ON assessment_counted_results (student_id);

    -- Per school and assessment date, per group: results, the sum of their percents and how many reached the cut
    -- (sums add up over any range of dates). Groups: all (with the day's distinct students and assessments), grade,
    -- subgroup dimensions (the student's current grade and demographics), standard, class.
    CREATE TABLE assessment_day_groups (
      school_id uuid NOT NULL REFERENCES schools(id),
      given_on date NOT NULL,
      dim text NOT NULL,
      key text NOT NULL,
      results integer NOT NULL,
      pct_sum numeric NOT NULL,
      proficient integer NOT NULL,
      students integer,
      assessments integer,
      PRIMARY KEY (school_id, given_on, dim, key)
    );
    -- Per school and student, the dates with a counted result: overall, per standard and per class, so the distinct
    -- students of any range of dates are a count of the spans that overlap it.
    CREATE TABLE assessment_student_spans (
      school_id uuid NOT NULL REFERENCES schools(id),
      student_id uuid NOT NULL,
      dim text NOT NULL,
      key text NOT NULL,
      dates datemultirange NOT NULL,
      PRIMARY KEY (school_id, student_id, dim, key)
    );
    CREATE INDEX assessment_student_spans_student_idx ON assessment_student_spans (student_id);

    CREATE FUNCTION assessment_day_groups_of(for_school uuid, for_day date) RETURNS TABLE (dim text, key text, results integer, pct_sum numeric, proficient integer, students integer, assessments integer)
    LANGUAGE sql STABLE AS $$
      WITH x AS (
        SELECT f.student_id, f.assessment_id, f.pct, f.proficient, f.standards, f.class_ids, p.grades[1] AS grade,
               d.english_learner, d.special_education, d.free_reduced_lunch, d.hispanic_latino, d.race_ethnicity, d.gender
        FROM assessment_counted_results f JOIN people p ON p.id = f.student_id LEFT JOIN student_demographics d ON d.person_id = f.student_id
        WHERE f.school_id = for_school AND f.given_on = for_day
      )
      , day AS (SELECT count(DISTINCT student_id)::int AS students, count(DISTINCT assessment_id)::int AS assessments FROM x)
      SELECT g.dim, g.key, g.results, g.pct_sum, g.proficient,
             CASE WHEN g.dim = 'all' THEN day.students END, CASE WHEN g.dim = 'all' THEN day.assessments END
      FROM (SELECT g.dim, g.key, count(*)::int AS results, sum(x.pct) AS pct_sum, sum(x.proficient)::int AS proficient
      FROM x CROSS JOIN LATERAL (
        SELECT 'all', '' UNION ALL
        SELECT 'grade', COALESCE(x.grade, 'none') UNION ALL
        SELECT 'english_learner', x.english_learner::text WHERE x.english_learner IS NOT NULL UNION ALL
        SELECT 'special_education', x.special_education::text WHERE x.special_education IS NOT NULL UNION ALL
        SELECT 'free_reduced_lunch', x.free_reduced_lunch::text WHERE x.free_reduced_lunch IS NOT NULL UNION ALL
        SELECT 'hispanic_latino', x.hispanic_latino::text WHERE x.hispanic_latino IS NOT NULL UNION ALL
        SELECT 'race_ethnicity', r FROM unnest(x.race_ethnicity) r UNION ALL
        SELECT 'gender', lower(x.gender) WHERE x.gender IS NOT NULL AND x.gender <> '' UNION ALL
        SELECT 'standard', st FROM unnest(x.standards) st UNION ALL
        SELECT 'class', c::text FROM unnest(x.class_ids) c
      ) AS g(dim, key)
      GROUP BY g.dim, g.key) g CROSS JOIN day $$;

    CREATE FUNCTION assessment_student_spans_of(for_student uuid) RETURNS TABLE (school_id uuid, dim text, key text, dates datemultirange)
    LANGUAGE sql STABLE AS $$
      SELECT f.school_id, g.dim, g.key, range_agg(daterange(f.given_on, f.given_on, '[]'))
      FROM assessment_counted_results f CROSS JOIN LATERAL (
        SELECT 'all', '' UNION ALL
        SELECT 'standard', st FROM unnest(f.standards) st UNION ALL
        SELECT 'class', c::text FROM unnest(f.class_ids) c
      ) AS g(dim, key)
      WHERE f.student_id = for_student
      GROUP BY f.school_id, g.dim, g.key $$;

    -- Refreshes of one school's rollups take turns (a transaction-level lock per school, in a fixed order): each one
    -- then reads what the others committed, so two teachers saving results of the same day cannot lose an update.
    CREATE FUNCTION lock_assessment_rollups(schools uuid[]) RETURNS void LANGUAGE sql AS $$
      SELECT pg_advisory_xact_lock(k) FROM (
        SELECT DISTINCT hashtextextended('assessment-rollups:' || school_id::text, 0) AS k FROM unnest(schools) AS x(school_id) ORDER BY 1) locks $$;

    -- Recomputes the day groups of the given school dates, and the spans of the given students.
    CREATE FUNCTION refresh_assessment_day_groups(p_schools uuid[], p_days date[], p_students uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM lock_assessment_rollups(p_schools || ARRAY(SELECT DISTINCT school_id FROM assessment_counted_results WHERE student_id = ANY(p_students)));
      IF cardinality(p_schools) > 0 THEN
        DELETE FROM assessment_day_groups g USING unnest(p_schools, p_days) AS k(school_id, given_on)
          WHERE g.school_id = k.school_id AND g.given_on = k.given_on;
        INSERT INTO assessment_day_groups (school_id, given_on, dim, key, results, pct_sum, proficient, students, assessments)
          SELECT k.school_id, k.given_on, x.dim, x.key, x.results, x.pct_sum, x.proficient, x.students, x.assessments
          FROM (SELECT DISTINCT school_id, given_on FROM unnest(p_schools, p_days) AS k(school_id, given_on)) k
          CROSS JOIN LATERAL assessment_day_groups_of(k.school_id, k.given_on) x;
      END IF;
      IF cardinality(p_students) > 0 THEN
        DELETE FROM assessment_student_spans s WHERE s.student_id = ANY(p_students);
        INSERT INTO assessment_student_spans (school_id, student_id, dim, key, dates)
          SELECT x.school_id, k.student_id, x.dim, x.key, x.dates
          FROM (SELECT DISTINCT student_id FROM unnest(p_students) AS k(student_id)) k
          CROSS JOIN LATERAL assessment_student_spans_of(k.student_id) x;
      END IF;
    END $$;

    -- Recomputes the given (assessment, student) pairs from the definition.
    -- Recomputes the given (assessment, student) pairs from the definition, then the day groups of the dates whose
    -- rows changed and the spans of the students whose dates, standards or classes changed (a corrected score
    -- touches one date and no span).
    CREATE FUNCTION refresh_assessment_counted_results(assessment_ids uuid[], student_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE before assessment_counted_results[]; after assessment_counted_results[]; schools uuid[]; days date[]; students uuid[];
    BEGIN
      IF cardinality(assessment_ids) = 0 THEN RETURN; END IF;
      PERFORM lock_assessment_rollups(ARRAY(
        SELECT school_id FROM assessments WHERE id = ANY(assessment_ids)
        UNION SELECT school_id FROM assessment_counted_results WHERE assessment_id = ANY(assessment_ids)));
      WITH gone AS (
        DELETE FROM assessment_counted_results f USING unnest(assessment_ids, student_ids) AS k(assessment_id, student_id)
          WHERE f.assessment_id = k.assessment_id AND f.student_id = k.student_id
          RETURNING f
      ) SELECT array_agg(gone.f) INTO before FROM gone;
      WITH added AS (
        INSERT INTO assessment_counted_results AS f (assessment_id, student_id, school_id, given_on, pct, proficient, standards, class_ids)
          SELECT s.assessment_id, s.student_id, s.school_id, s.given_on, s.pct, s.proficient, s.standards, s.class_ids
          FROM (SELECT DISTINCT k.assessment_id, k.student_id FROM unnest(assessment_ids, student_ids) AS k(assessment_id, student_id)) k
          JOIN assessment_counted_results_source s ON s.assessment_id = k.assessment_id AND s.student_id = k.student_id
          RETURNING f
      ) SELECT array_agg(added.f) INTO after FROM added;
      before := COALESCE(before, '{}');
      after := COALESCE(after, '{}');
      SELECT array_agg(x.school_id), array_agg(x.given_on) INTO schools, days FROM (SELECT DISTINCT school_id, given_on FROM (
        (SELECT * FROM unnest(before) EXCEPT SELECT * FROM unnest(after)) UNION ALL (SELECT * FROM unnest(after) EXCEPT SELECT * FROM unnest(before))) c) x;
      SELECT array_agg(DISTINCT x.student_id) INTO students FROM (
        (SELECT assessment_id, student_id, school_id, given_on, standards, class_ids FROM unnest(before)
         EXCEPT SELECT assessment_id, student_id, school_id, given_on, standards, class_ids FROM unnest(after))
        UNION ALL
        (SELECT assessment_id, student_id, school_id, given_on, standards, class_ids FROM unnest(after)
         EXCEPT SELECT assessment_id, student_id, school_id, given_on, standards, class_ids FROM unnest(before))) x;
      PERFORM refresh_assessment_day_groups(COALESCE(schools, '{}'), COALESCE(days, '{}'), COALESCE(students, '{}'));
    END $$;

    -- Results: the pairs written, changed or removed.
    CREATE FUNCTION assessment_results_counted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE pair_a uuid[]; pair_s uuid[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(assessment_id), array_agg(student_id) INTO pair_a, pair_s FROM new_rows;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(assessment_id), array_agg(student_id) INTO pair_a, pair_s FROM old_rows;
      ELSE
        SELECT array_agg(x.assessment_id), array_agg(x.student_id) INTO pair_a, pair_s
          FROM (SELECT assessment_id, student_id FROM old_rows UNION SELECT assessment_id, student_id FROM new_rows) x;
      END IF;
      PERFORM refresh_assessment_counted_results(COALESCE(pair_a, '{}'), COALESCE(pair_s, '{}'));
      RETURN NULL;
    END $$;
    CREATE TRIGGER assessment_results_counted_insert AFTER INSERT ON assessment_results
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_results_counted();
    CREATE TRIGGER assessment_results_counted_update AFTER UPDATE ON assessment_results
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_results_counted();
    CREATE TRIGGER assessment_results_counted_delete AFTER DELETE ON assessment_results
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_results_counted();

    -- Assessments: every result of one whose school, date, scale or standards changed.
    CREATE FUNCTION assessments_counted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE pair_a uuid[]; pair_s uuid[];
    BEGIN
      SELECT array_agg(res.assessment_id), array_agg(res.student_id) INTO pair_a, pair_s
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN assessment_results res ON res.assessment_id = n.id
        WHERE (o.school_id, o.given_on, o.max_score, o.proficiency_cut, o.standards) IS DISTINCT FROM (n.school_id, n.given_on, n.max_score, n.proficiency_cut, n.standards);
      PERFORM refresh_assessment_counted_results(COALESCE(pair_a, '{}'), COALESCE(pair_s, '{}'));
      RETURN NULL;
    END $$;
    CREATE TRIGGER assessments_counted_update AFTER UPDATE ON assessments
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessments_counted();

    -- Assessed classes: every result of the assessments whose classes changed.
    CREATE FUNCTION assessment_classes_counted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE pair_a uuid[]; pair_s uuid[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(res.assessment_id), array_agg(res.student_id) INTO pair_a, pair_s
          FROM assessment_results res WHERE res.assessment_id IN (SELECT assessment_id FROM new_rows);
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(res.assessment_id), array_agg(res.student_id) INTO pair_a, pair_s
          FROM assessment_results res WHERE res.assessment_id IN (SELECT assessment_id FROM old_rows);
      ELSE
        SELECT array_agg(res.assessment_id), array_agg(res.student_id) INTO pair_a, pair_s
          FROM assessment_results res WHERE res.assessment_id IN (SELECT assessment_id FROM old_rows UNION SELECT assessment_id FROM new_rows);
      END IF;
      PERFORM refresh_assessment_counted_results(COALESCE(pair_a, '{}'), COALESCE(pair_s, '{}'));
      RETURN NULL;
    END $$;
    CREATE TRIGGER assessment_classes_counted_insert AFTER INSERT ON assessment_classes
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_classes_counted();
    CREATE TRIGGER assessment_classes_counted_update AFTER UPDATE ON assessment_classes
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_classes_counted();
    CREATE TRIGGER assessment_classes_counted_delete AFTER DELETE ON assessment_classes
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION assessment_classes_counted();

    -- Enrollments: a student's results on assessments of a class they joined, left, or whose enrollment changed.
    -- Roster imports write thousands of enrollments per statement: joined to the assessed classes first, so a district
    -- without assessments pays one empty join (pairs may repeat; the refresh takes each once).
    CREATE FUNCTION enrollments_counted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE pair_a uuid[]; pair_s uuid[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(res.assessment_id), array_agg(res.student_id) INTO pair_a, pair_s
          FROM new_rows e
          JOIN assessment_classes ac ON ac.class_id = e.class_id
          JOIN assessment_results res ON res.assessment_id = ac.assessment_id AND res.student_id = e.person_id
          WHERE e.role = 'student';
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(res.assessment_id), array_agg(res.student_id) INTO pair_a, pair_s
          FROM old_rows e
          JOIN assessment_classes ac ON ac.class_id = e.class_id
          JOIN assessment_results res ON res.assessment_id = ac.assessment_id AND res.student_id = e.person_id
          WHERE e.role = 'student';
      ELSE
        -- Only rows whose class, person, role or status changed (a re-import touching other columns costs nothing).
        SELECT array_agg(res.assessment_id), array_agg(res.student_id) INTO pair_a, pair_s
          FROM (SELECT DISTINCT class_id, person_id FROM (
                  (SELECT id, class_id, person_id, role, status FROM old_rows EXCEPT SELECT id, class_id, person_id, role, status FROM new_rows)
                  UNION ALL
                  (SELECT id, class_id, person_id, role, status FROM new_rows EXCEPT SELECT id, class_id, person_id, role, status FROM old_rows)
                ) changed WHERE role = 'student') e
          JOIN assessment_classes ac ON ac.class_id = e.class_id
          JOIN assessment_results res ON res.assessment_id = ac.assessment_id AND res.student_id = e.person_id;
      END IF;
      PERFORM refresh_assessment_counted_results(COALESCE(pair_a, '{}'), COALESCE(pair_s, '{}'));
      RETURN NULL;
    END $$;
    CREATE TRIGGER enrollments_counted_insert AFTER INSERT ON enrollments
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrollments_counted();
    CREATE TRIGGER enrollments_counted_update AFTER UPDATE ON enrollments
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrollments_counted();
    CREATE TRIGGER enrollments_counted_delete AFTER DELETE ON enrollments
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enrollments_counted();

    -- A student's grade or demographics: the day groups of every date they have a counted result on.
    CREATE FUNCTION assessment_student_days(p_students uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE schools uuid[]; days date[];
    BEGIN
      SELECT array_agg(school_id), array_agg(given_on) INTO schools, days
        FROM (SELECT DISTINCT school_id, given_on FROM assessment_counted_results WHERE student_id = ANY(p_students)) x;
      PERFORM refresh_assessment_day_groups(COALESCE(schools, '{}'), COALESCE(days, '{}'), '{}');
    END $$;
    CREATE FUNCTION people_grades_counted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE students uuid[];
    BEGIN
      SELECT array_agg(n.id) INTO students FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.grades[1] IS DISTINCT FROM n.grades[1];
      IF students IS NOT NULL THEN PERFORM assessment_student_days(students); END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER people_grades_counted AFTER UPDATE ON people
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_grades_counted();
    CREATE FUNCTION student_demographics_counted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE students uuid[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(person_id) INTO students FROM new_rows;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(person_id) INTO students FROM old_rows;
      ELSE
        SELECT array_agg(DISTINCT person_id) INTO students FROM (
          (SELECT person_id, gender, race_ethnicity, hispanic_latino, english_learner, special_education, free_reduced_lunch FROM old_rows
           EXCEPT SELECT person_id, gender, race_ethnicity, hispanic_latino, english_learner, special_education, free_reduced_lunch FROM new_rows)
          UNION ALL
          (SELECT person_id, gender, race_ethnicity, hispanic_latino, english_learner, special_education, free_reduced_lunch FROM new_rows
           EXCEPT SELECT person_id, gender, race_ethnicity, hispanic_latino, english_learner, special_education, free_reduced_lunch FROM old_rows)) x;
      END IF;
      IF students IS NOT NULL THEN PERFORM assessment_student_days(students); END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER student_demographics_counted_insert AFTER INSERT ON student_demographics
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION student_demographics_counted();
    CREATE TRIGGER student_demographics_counted_update AFTER UPDATE ON student_demographics
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION student_demographics_counted();
    CREATE TRIGGER student_demographics_counted_delete AFTER DELETE ON student_demographics
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION student_demographics_counted();

    -- Bulk loads can switch the triggers off and rebuild everything in one call.
    CREATE FUNCTION rebuild_assessment_rollups() RETURNS void LANGUAGE sql AS $$
      TRUNCATE assessment_counted_results, assessment_day_groups, assessment_student_spans;
      INSERT INTO assessment_counted_results (assessment_id, student_id, school_id, given_on, pct, proficient, standards, class_ids)
        SELECT assessment_id, student_id, school_id, given_on, pct, proficient, standards, class_ids FROM assessment_counted_results_source;
      INSERT INTO assessment_day_groups (school_id, given_on, dim, key, results, pct_sum, proficient, students, assessments)
        SELECT k.school_id, k.given_on, x.* FROM (SELECT DISTINCT school_id, given_on FROM assessment_counted_results) k
        CROSS JOIN LATERAL assessment_day_groups_of(k.school_id, k.given_on) x;
      INSERT INTO assessment_student_spans (school_id, student_id, dim, key, dates)
        SELECT x.school_id, k.student_id, x.dim, x.key, x.dates FROM (SELECT DISTINCT student_id FROM assessment_counted_results) k
        CROSS JOIN LATERAL assessment_student_spans_of(k.student_id) x;
    $$;
    SELECT rebuild_assessment_rollups();
  `.execute(db);
}
