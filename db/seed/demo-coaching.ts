import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../database';

/** The school day `n` weekdays before `date` (YYYY-MM-DD). */
function weekdaysBefore(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}
/** A wall-clock time in Chicago (central time: UTC-5 until early November, UTC-6 after; enough for demo data). */
function at(date: string, time: string): Date {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const offset = month > 11 || month < 3 || (month === 11 && day >= 2) || (month === 3 && day < 8) ? '-06:00' : '-05:00';
  return new Date(`${date}T${time.slice(0, 5)}:00${offset}`);
}
const plusMinutes = (time: string, minutes: number) => {
  const total = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/** Strengths demo teachers named themselves, so "Who could I learn from?" has more than visit tags to go on. */
const STRENGTHS = [
  ['Number talks with dot cards', 'Higher-order questions in read-alouds'],
  ['Turn-and-talk routines for student discourse'],
  ['Checking for understanding with whiteboards', 'Small-group guided reading'],
  ['Socratic questioning in science'],
];

/**
 * Coaching and peer learning at Maple Grove: the coach's active cycle with the demo teacher (a baseline, one
 * observation visit and a debrief), a completed cycle with a colleague, named strengths, and a colleague's request
 * to visit the demo teacher's classroom.
 */
export async function seedDemoCoaching(db: Db, input: { districtId: string; schoolId: string; coachId: string; today: string }) {
  const teacher = await db.selectFrom('people').select('id').where('email', '=', 'teacher@demo.test').executeTakeFirstOrThrow();
  const colleagues = await db
    .selectFrom('people as p')
    .innerJoin('role_assignments as ra', 'ra.person_id', 'p.id')
    .select(['p.id', 'p.grades'])
    .where('ra.school_id', '=', input.schoolId)
    .where('ra.role', '=', 'teacher')
    .where('p.id', '<>', teacher.id)
    .orderBy('p.grades')
    .orderBy('p.family_name')
    .execute();
  const gradeThree = colleagues.filter((c) => c.grades.includes('03'));
  const peer = gradeThree[0] ?? colleagues[0]!;
  const completedWith = gradeThree[1] ?? colleagues[1]!;
  const lookFors = new Map((await db.selectFrom('look_fors').select(['id', 'name']).where('school_id', '=', input.schoolId).execute()).map((l) => [l.name, l.id]));
  /** The teacher's math class and when it starts (observations happen while it meets, every weekday). */
  const mathClassOf = async (teacherId: string) =>
    db
      .selectFrom('classes as c')
      .innerJoin('enrollments as e', (j) => j.onRef('e.class_id', '=', 'c.id').on('e.role', '=', 'teacher'))
      .innerJoin('class_meetings as m', 'm.class_id', 'c.id')
      .select(['c.id', 'm.start_time'])
      .where('e.person_id', '=', teacherId)
      .where('c.school_id', '=', input.schoolId)
      .where((eb) => eb(eb.val('Mathematics'), '=', eb.fn.any('c.subjects')))
      .orderBy('m.start_time')
      .executeTakeFirstOrThrow();

  // Named strengths: four colleagues spread over the grades.
  const namers = [peer, ...colleagues.filter((c) => c.id !== peer.id && c.id !== completedWith.id).filter((_, i) => i % 5 === 0)].slice(0, STRENGTHS.length);
  await db
    .insertInto('teacher_strengths')
    .values(namers.flatMap((c, i) => STRENGTHS[i]!.map((body) => ({ school_id: input.schoolId, teacher_id: c.id, body }))))
    .onConflict((oc) => oc.doNothing())
    .execute();

  const observation = async (cycleId: string, teacherId: string, date: string, evidence: string, tag: string) => {
    const id = randomUUID();
    const cls = await mathClassOf(teacherId);
    await db
      .insertInto('visits')
      .values({
        id,
        district_id: input.districtId,
        school_id: input.schoolId,
        observer_id: input.coachId,
        teacher_id: teacherId,
        class_id: cls.id,
        started_at: at(date, plusMinutes(cls.start_time, 10)),
        duration_minutes: 20,
        evidence,
        create_hash: createHash('sha256').update(id).digest('hex'),
        shared_at: at(date, plusMinutes(cls.start_time, 90)),
        coaching_cycle_id: cycleId,
      })
      .execute();
    const tagId = lookFors.get(tag);
    if (tagId) await db.insertInto('visit_look_fors').values({ visit_id: id, look_for_id: tagId }).execute();
    return id;
  };

  // The active cycle: goal agreed three weeks ago, a baseline, one observation and its debrief.
  const started = weekdaysBefore(input.today, 15);
  const active = await db
    .insertInto('coaching_cycles')
    .values({
      district_id: input.districtId,
      school_id: input.schoolId,
      coach_id: input.coachId,
      teacher_id: teacher.id,
      goal: 'During math talks, most students explain their strategy to a partner before sharing with the class.',
      baseline: 'Baseline math talk: 4 of 25 students explained a strategy; the same 3 students answered every question.',
      baseline_on: started,
      status: 'active',
      agreed_at: at(started, '15:30'),
      created_at: at(weekdaysBefore(input.today, 17), '15:30'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const observedOn = weekdaysBefore(input.today, 6);
  await observation(
    active.id,
    teacher.id,
    observedOn,
    'T: "Turn and tell your partner how you solved 38 + 27." 14 of 25 students explained a strategy to a partner.\nS: "I made 40 and then took 2 away."\n3 pairs sat without talking until T came by.',
    'Student discourse',
  );
  const debriefOn = weekdaysBefore(input.today, 5);
  await db
    .insertInto('coaching_debriefs')
    .values({
      cycle_id: active.id,
      held_on: debriefOn,
      notes: 'Looked at the count together: 14 of 25 explained, up from 4. The quiet pairs were the ones without a sentence starter.',
      next_step: 'Post two sentence starters on the board and give 20 seconds of think time before turn-and-talk.',
      recorded_by: input.coachId,
      created_at: at(debriefOn, '15:15'),
    })
    .execute();
  await db.insertInto('coaching_comments').values({ cycle_id: active.id, author_id: teacher.id, body: 'Tried the sentence starters on Monday: two of the quiet pairs talked.', created_at: at(weekdaysBefore(input.today, 2), '16:00') }).execute();

  // A completed cycle from earlier in the term.
  const earlier = weekdaysBefore(input.today, 45);
  const done = await db
    .insertInto('coaching_cycles')
    .values({
      district_id: input.districtId,
      school_id: input.schoolId,
      coach_id: input.coachId,
      teacher_id: completedWith.id,
      goal: 'Check every student’s understanding before independent practice.',
      baseline: 'Exit tickets showed 9 of 22 students at the target; no check before practice.',
      baseline_on: earlier,
      status: 'completed',
      agreed_at: at(earlier, '15:30'),
      closed_at: at(weekdaysBefore(input.today, 20), '15:30'),
      outcome: 'Whiteboard checks before practice every day; exit tickets at the target went from 9 to 17 of 22.',
      goal_met: true,
      created_at: at(earlier, '15:00'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await observation(done.id, completedWith.id, weekdaysBefore(input.today, 35), 'All students had whiteboards up within 10 seconds; T re-taught the 5 who wrote 3/8.', 'Checking for understanding');
  await db
    .insertInto('coaching_debriefs')
    .values({ cycle_id: done.id, held_on: weekdaysBefore(input.today, 34), notes: 'The check took 2 minutes and found 5 students to re-teach.', next_step: 'Keep the check; add a second one halfway through practice.', recorded_by: input.coachId })
    .execute();

  // A colleague asks to see the demo teacher's math talks.
  await db
    .insertInto('peer_visit_requests')
    .values({
      district_id: input.districtId,
      school_id: input.schoolId,
      requester_id: peer.id,
      host_id: teacher.id,
      topic: 'Student discourse',
      look_for_id: lookFors.get('Student discourse') ?? null,
      message: 'I would love to see how your turn-and-talks run during math. Any morning next week?',
      proposed_on: input.today,
    })
    .execute();
}
