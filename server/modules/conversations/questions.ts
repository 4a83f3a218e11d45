import type { Db } from '../../../db/database';
import { DEFAULT_EVALUATIVE_WORDS } from '../../../schemas/visits';
import { notFound } from '../../http/errors';

/** The questions a school starts with: open, non-judgemental, inviting the teacher's own view. */
export const DEFAULT_QUESTIONS: { focus: string; body: string }[] = [
  { focus: 'Student thinking', body: 'What did you notice about how students were thinking about the task?' },
  { focus: 'Student thinking', body: "Whose thinking surprised you in that part of the lesson, and why?" },
  { focus: 'Student talk', body: 'Who was doing most of the talking and thinking in the part I saw?' },
  { focus: 'Checking for understanding', body: 'How did you find out which students had reached the target?' },
  { focus: 'Checking for understanding', body: 'What will you try next with the students who are not there yet?' },
  { focus: 'Learning target', body: 'How would your students describe what they were learning, and why it matters?' },
  { focus: 'Small groups', body: 'What did you learn about the group you were working with?' },
  { focus: 'Any lesson', body: 'What went as you planned, and what did you adjust in the moment?' },
  { focus: 'Any lesson', body: 'If you taught this lesson again tomorrow, what would you keep and what would you change?' },
];

const toQuestion = (r: { id: string; focus: string; body: string; position: number }) => ({ id: r.id, focus: r.focus, body: r.body, position: r.position });

/** The school's guiding-question library, grouped by focus (the defaults are written on first use, then the school's own). */
export async function listQuestions(db: Db, schoolId: string) {
  const select = () =>
    db.selectFrom('guiding_questions').select(['id', 'focus', 'body', 'position']).where('school_id', '=', schoolId).orderBy('focus').orderBy('position').execute();
  const settings = await db.selectFrom('school_visit_settings').select('questions_seeded').where('school_id', '=', schoolId).executeTakeFirst();
  if (!settings?.questions_seeded) {
    // The defaults go in once; a school that later deletes them all keeps the library it chose.
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('school_visit_settings')
        .values({ school_id: schoolId, evaluative_words: DEFAULT_EVALUATIVE_WORDS, questions_seeded: true })
        .onConflict((oc) => oc.column('school_id').doUpdateSet({ questions_seeded: true }).where('school_visit_settings.questions_seeded', '=', false))
        .returning('school_id')
        .executeTakeFirst();
      if (claimed) await trx.insertInto('guiding_questions').values(DEFAULT_QUESTIONS.map((q, position) => ({ school_id: schoolId, ...q, position }))).execute();
    });
  }
  const rows = await select();
  return rows.map(toQuestion);
}

export async function addQuestion(db: Db, schoolId: string, input: { focus: string; body: string }) {
  const row = await db.insertInto('guiding_questions').values({ school_id: schoolId, focus: input.focus, body: input.body, position: 1000 }).returning(['id', 'focus', 'body', 'position']).executeTakeFirstOrThrow();
  return toQuestion(row);
}

export async function deleteQuestion(db: Db, schoolId: string, id: string) {
  const res = await db.deleteFrom('guiding_questions').where('id', '=', id).where('school_id', '=', schoolId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('That question');
}
