import { sql, type Kysely } from 'kysely';

/**
 * A participant's feedback on a PD session is theirs: it referenced their attendance row with ON DELETE CASCADE, so a
 * facilitator correcting the attendance list silently deleted the feedback of whoever they took off it. Feedback now
 * belongs to the session (deleted with it) and to its author; attendance is still required to give it (pd.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE pd_feedback DROP CONSTRAINT pd_feedback_session_id_person_id_fkey;
    ALTER TABLE pd_feedback ADD CONSTRAINT pd_feedback_session_id_fkey FOREIGN KEY (session_id) REFERENCES pd_sessions(id) ON DELETE CASCADE;
    ALTER TABLE pd_feedback ADD CONSTRAINT pd_feedback_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM pd_feedback f WHERE NOT EXISTS (SELECT 1 FROM pd_attendance a WHERE a.session_id = f.session_id AND a.person_id = f.person_id);
    ALTER TABLE pd_feedback DROP CONSTRAINT pd_feedback_person_id_fkey;
    ALTER TABLE pd_feedback DROP CONSTRAINT pd_feedback_session_id_fkey;
    ALTER TABLE pd_feedback ADD CONSTRAINT pd_feedback_session_id_person_id_fkey
      FOREIGN KEY (session_id, person_id) REFERENCES pd_attendance (session_id, person_id) ON DELETE CASCADE;
  `.execute(db);
}
