import { sql } from 'kysely';
import type { Db } from '../database';
import { rng } from './demo';

interface DemoMap {
  course: string;
  units: { title: string; startsOn: string; endsOn: string }[];
  standards: { code: string; description: string }[];
  /** unit position, statement, standard codes, and assessments: `tag:<standard tag>` links the latest demo assessments so tagged, anything else is a planned one. */
  targets: [number, string, string[], string[]][];
}

/**
 * Grade 3 maps of the demo elementary school. Each has one deliberate gap of each kind for the alignment view:
 * a standard no target addresses yet, and a target with no assessment.
 */
const MAPS: DemoMap[] = [
  {
    course: 'English Language Arts',
    units: [
      { title: 'Readers ask questions', startsOn: '2026-08-17', endsOn: '2026-09-25' },
      { title: 'Main idea and key details', startsOn: '2026-09-28', endsOn: '2026-11-06' },
      { title: 'Characters and their choices', startsOn: '2026-11-09', endsOn: '2026-12-18' },
      { title: 'Opinion writing', startsOn: '2027-01-19', endsOn: '2027-03-05' },
    ],
    standards: [
      { code: 'RL.3.1', description: 'Ask and answer questions about a text, referring to it for the answers' },
      { code: 'RL.3.2', description: 'Recount stories and determine their central message' },
      { code: 'RL.3.3', description: 'Describe characters and how their actions move the events along' },
      { code: 'RI.3.2', description: 'Find the main idea of an informational text and the key details that support it' },
      { code: 'W.3.1', description: 'Write opinion pieces that support a point of view with reasons' },
    ],
    targets: [
      [0, 'I can ask questions before, during and after reading, and answer them with details from the text.', ['RL.3.1'], ['tag:RL.3.1 Ask and answer questions']],
      [1, 'I can retell a story in order and say its central message.', ['RL.3.2'], ['tag:RL.3.2 Main idea']],
      [1, 'I can name the main idea of an article and the details that support it.', ['RI.3.2'], ['Article main-idea exit ticket']],
      [2, 'I can describe a character’s traits, feelings and motivations.', ['RL.3.3'], ['tag:RL.3.3 Characters']],
      [2, 'I can explain how a character’s actions change the events of a story.', ['RL.3.3', 'RL.3.1'], []],
    ],
  },
  {
    course: 'Mathematics',
    units: [
      { title: 'Multiplication and division within 100', startsOn: '2026-08-17', endsOn: '2026-10-02' },
      { title: 'Place value and rounding', startsOn: '2026-10-05', endsOn: '2026-10-30' },
      { title: 'Fractions as numbers', startsOn: '2026-11-02', endsOn: '2026-12-18' },
      { title: 'Measurement and data', startsOn: '2027-01-19', endsOn: '2027-02-26' },
    ],
    standards: [
      { code: '3.OA.1', description: 'Interpret products of whole numbers as equal groups' },
      { code: '3.OA.7', description: 'Multiply and divide within 100 fluently' },
      { code: '3.NBT.1', description: 'Round whole numbers to the nearest 10 or 100' },
      { code: '3.NBT.2', description: 'Add and subtract within 1000 using place value' },
      { code: '3.NF.1', description: 'Understand a unit fraction as one part of a whole' },
      { code: '3.NF.2', description: 'Understand a fraction as a number on the number line' },
      { code: '3.NF.3', description: 'Explain equivalence of fractions and compare fractions' },
      { code: '3.MD.1', description: 'Tell and write time to the nearest minute' },
    ],
    targets: [
      [0, 'I can explain multiplication as equal groups.', ['3.OA.1'], ['Equal groups quick check']],
      [0, 'I can multiply and divide within 100 fluently.', ['3.OA.7'], ['Fact fluency check', 'Unit 1 assessment']],
      [1, 'I can round numbers to the nearest 10 or 100.', ['3.NBT.1'], ['Rounding exit ticket']],
      [1, 'I can add and subtract within 1000 using place value.', ['3.NBT.2', '3.NBT.1'], ['Unit 2 assessment']],
      [2, 'I can explain a unit fraction as one part of a whole.', ['3.NF.1'], ['Fraction strips task']],
      [2, 'I can place fractions on a number line.', ['3.NF.2', '3.NF.1'], ['Number line exit ticket']],
      [2, 'I can compare fractions and find equivalent fractions.', ['3.NF.3'], []],
    ],
  },
];

const AGREEMENTS = [
  { title: 'Learning targets are posted and used', description: 'Every lesson starts from a posted learning target in student-friendly words, and students can say what they are learning and why.', adoptedOn: '2026-08-12', lookFor: 'Learning target posted and referenced' },
  { title: 'Every student answers, every lesson', description: 'We check for understanding with whiteboards, exit tickets or turn-and-talks so that every student shows their thinking, not just volunteers.', adoptedOn: '2026-09-09', lookFor: 'Checking for understanding' },
  { title: 'We greet every student by name at the door', description: 'Each morning and after each transition.', adoptedOn: '2026-08-12', lookFor: null },
];

/** Two self-assessments of the ILT: the end of last year and this fall (the six practices in order). */
const SELF_ASSESSMENTS = [
  {
    period: 'Spring 2026',
    ratedOn: '2026-05-21',
    levels: [2, 1, 2, 2, 2, 2],
    evidence: [
      'The vision statement exists but few staff could say it in their own words at the May staff meeting.',
      'Benchmarks three times a year; no common formative assessments; data meetings were about compliance.',
      'The ILT met monthly but had no work plan; teams set their own agendas.',
      'PD days were chosen by the district; feedback after observations was mostly evaluative.',
      'No shared curriculum maps in grades 3-5; agreements were not written down.',
      'Staff survey showed trust was low between grade levels.',
    ],
  },
  {
    period: 'Fall 2026',
    ratedOn: '2026-11-18',
    levels: [3, 3, 2, 3, 2, 2],
    evidence: [
      'Vision rewritten with staff in August; posted in every room and used to decide the literacy block schedule.',
      'Weekly reading checks in grade 3 and exit tickets in grade 5; teams hold data conversations every other week.',
      'The ILT has members from each grade band but no decision-making model is published yet.',
      'Leaders visit about three classrooms a day and share descriptive evidence; two coaching cycles under way.',
      'Grade 3 maps drafted, with gaps still open; two schoolwide agreements adopted.',
      'Pulse results showed collaboration time is the lowest-rated statement.',
    ],
  },
];
const PRACTICE_ORDER = ['vision', 'evidence_based_improvement', 'shared_leadership', 'professional_learning', 'high_quality_instruction', 'professional_culture'];

const COMMENTS = [
  'Grade-level planning time is the first thing to go when there is a sub shortage.',
  'I like the short visits. The feedback is specific and it does not feel like an evaluation.',
  'More time to look at student work together, please.',
  'Staff meetings could be shorter and more about teaching.',
  'I feel supported by my team this year.',
  'It would help to see what other grades are doing with the learning targets.',
];

/**
 * The demo elementary school's grade 3 curriculum maps, its schoolwide agreements (two linked to look-fors), two
 * core-practice self-assessments and two staff pulses: a closed one with enough responses to show results, and an
 * open one with a few (teacher@demo.test has not answered it yet). Pulse responses carry no person, as in the app.
 */
export async function seedDemoCurriculum(db: Db, input: { schoolId: string; principalId: string; today: string }) {
  const r = rng(8080);
  const demoTeacher = await db.selectFrom('people').select('id').where('email', '=', 'teacher@demo.test').executeTakeFirst();
  for (const m of MAPS) {
    const map = await db.insertInto('curriculum_maps').values({ school_id: input.schoolId, course: m.course, grade: '03', created_by: input.principalId, updated_by: input.principalId }).returning('id').executeTakeFirstOrThrow();
    const units = await db.insertInto('curriculum_units').values(m.units.map((u, position) => ({ map_id: map.id, position, title: u.title, starts_on: u.startsOn, ends_on: u.endsOn }))).returning(['id', 'position']).execute();
    const standards = await db.insertInto('curriculum_standards').values(m.standards.map((s, position) => ({ map_id: map.id, position, code: s.code, description: s.description }))).returning(['id', 'code']).execute();
    for (const [position, [unit, statement, codes, assessments]] of m.targets.entries()) {
      const target = await db
        .insertInto('curriculum_targets')
        .values({ map_id: map.id, unit_id: units.find((u) => u.position === unit)!.id, position, statement })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('curriculum_target_standards').values(codes.map((c) => ({ target_id: target.id, standard_id: standards.find((s) => s.code === c)!.id }))).execute();
      const rows: { target_id: string; position: number; assessment_id: string | null; name: string | null }[] = [];
      for (const a of assessments) {
        if (!a.startsWith('tag:')) {
          rows.push({ target_id: target.id, position: rows.length, assessment_id: null, name: a });
          continue;
        }
        // The two most recent demo assessments carrying the tag (the weekly reading checks).
        const linked = await sql<{ id: string }>`
          SELECT id FROM assessments WHERE school_id = ${input.schoolId} AND ${a.slice(4)} = ANY(standards) ORDER BY given_on DESC, name LIMIT 2`.execute(db);
        for (const l of linked.rows) rows.push({ target_id: target.id, position: rows.length, assessment_id: l.id, name: null });
      }
      if (rows.length > 0) await db.insertInto('curriculum_target_assessments').values(rows).execute();
    }
  }

  const lookFors = await db.selectFrom('look_fors').select(['id', 'name']).where('school_id', '=', input.schoolId).execute();
  await db
    .insertInto('school_agreements')
    .values(AGREEMENTS.map((a) => ({ school_id: input.schoolId, title: a.title, description: a.description, adopted_on: a.adoptedOn, look_for_id: lookFors.find((l) => l.name === a.lookFor)?.id ?? null, created_by: input.principalId })))
    .execute();

  for (const s of SELF_ASSESSMENTS) {
    if (s.ratedOn > input.today) continue;
    const row = await db.insertInto('practice_self_assessments').values({ school_id: input.schoolId, period: s.period, rated_on: s.ratedOn, recorded_by: input.principalId }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('practice_ratings').values(PRACTICE_ORDER.map((practice, i) => ({ self_assessment_id: row.id, practice, level: s.levels[i]!, evidence: s.evidence[i]! }))).execute();
  }

  const staff = await sql<{ id: string }>`
    SELECT DISTINCT ra.person_id AS id FROM role_assignments ra
    WHERE ra.school_id = ${input.schoolId} AND ra.role IN ('principal', 'assistant_principal', 'coach', 'teacher') ORDER BY 1`.execute(db);
  const others = staff.rows.map((s) => s.id).filter((id) => id !== demoTeacher?.id);
  const pulses = [
    { title: 'October staff pulse', opened_on: '2026-10-05', closes_on: '2026-10-16', closed_on: '2026-10-16', respondents: others.filter(() => r.chance(0.75)) },
    { title: 'November staff pulse', opened_on: '2026-11-16', closes_on: '2026-12-04', closed_on: null, respondents: others.slice(0, 3) },
  ];
  for (const p of pulses) {
    if (p.opened_on > input.today) continue;
    const pulse = await db.insertInto('staff_pulses').values({ school_id: input.schoolId, title: p.title, opened_on: p.opened_on, closes_on: p.closes_on, closed_on: p.closed_on, created_by: input.principalId }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('staff_pulse_respondents').values(p.respondents.map((person_id) => ({ pulse_id: pulse.id, person_id }))).execute();
    // Collaboration time is the weak spot; trust in colleagues the strong one.
    const lean = [0.8, 0.3, -0.9, 0.2, 0.4, 0];
    let next = 0;
    const responses = p.respondents.map(() => ({
      pulse_id: pulse.id,
      answers: lean.map((l) => Math.min(5, Math.max(1, Math.round(3.4 + l + (r.next() - 0.5) * 2.4)))),
      comment: r.chance(0.4) && next < COMMENTS.length ? COMMENTS[next++]! : '',
    }));
    await db.insertInto('staff_pulse_responses').values(responses).execute();
  }
}
