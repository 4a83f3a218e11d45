import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Db } from '../database';
import { rng } from './demo';

/** The look-fors every demo school starts with. */
export const DEMO_LOOK_FORS = [
  { name: 'Learning target posted and referenced', description: 'The target is visible and students can say what they are learning.' },
  { name: 'Student discourse', description: 'Students talk to each other about the content.' },
  { name: 'Checking for understanding', description: 'The teacher gathers evidence of what every student understands.' },
  { name: 'Higher-order questions', description: 'Questions ask students to explain, compare, justify or create.' },
  { name: 'Small-group instruction', description: 'The teacher works with a group on a specific need.' },
  { name: 'Independent practice', description: 'Students practise on their own with feedback.' },
];

const OPENERS = [
  'T: "Turn and tell your partner how you know."',
  'Learning target on the board: "I can compare fractions with unlike denominators."',
  'T asked: "What do you notice about these two examples?"',
  '4 students at the back table with T, working on decoding CVC words.',
  'Students in pairs with whiteboards; T circulating with a clipboard.',
  'T: "Show me on your fingers how confident you are, 1 to 5."',
  'Exit ticket on the projector: 3 questions on today\'s target.',
  'Students reading independently; T conferring with one student.',
  'Anchor chart "How to find the main idea" referenced twice by T.',
  'S1: "I disagree with Maya because the text says the dam broke first."',
];
const COUNTS = [
  '18 of 22 students talking about the problem at 9:42.',
  '3 hands up when T asked for a volunteer; T then used name sticks.',
  'T asked 6 questions in 5 minutes; 4 were recall, 2 asked students to explain.',
  'All students had whiteboards up within 10 seconds.',
  '5 students off the task page at 1:15; T moved closer and they restarted.',
  '12 of 24 students had written the target in their notebooks.',
  'Wait time after questions about 1-2 seconds.',
  'Two students asked each other before asking T.',
];
const QUOTES = [
  'S: "Can we use the number line again?"',
  'S: "I think it\'s 3/4 because the pieces are bigger."',
  'T: "Who can build on what Jamal said?"',
  'S: "We checked it by multiplying back."',
  'T: "What evidence from the text supports that?"',
  '',
];
const QUESTIONS = [
  'What did you notice about how students were thinking about the task?',
  'Who was doing most of the talking and thinking in the part I saw?',
  'How did you find out which students had reached the target?',
  'What went as you planned, and what did you adjust in the moment?',
];
const REFLECTIONS = [
  'I noticed the same four students waited for me before starting. I want them to have a way in without me.',
  'The turn-and-talk worked better than I expected; the quieter pairs used the sentence stems.',
  'I asked mostly recall questions in that stretch. I had planned two "why" questions and skipped them for time.',
  'The exit ticket showed half the class mixing up numerator and denominator, which matches what you saw.',
  'I was surprised how long the transition took. The materials were not out yet.',
];
const NEXT_STEPS = ['Start with a worked example for the back table.', 'Plan two "why" questions into every lesson this week.', 'Have materials out before the bell.', 'Try whiteboards for the whole class check.'];
const TALKS = [
  'Talked through the exit ticket results; the teacher will regroup tomorrow based on them.',
  'Looked at the evidence together. The teacher wants to try sentence stems in math too.',
  'Short conversation at the door: the teacher chose to plan the transition with the class.',
];
const NOTES = ['Follow up on the back table group.', 'Ask about the pacing of the unit.', 'Share the exit-ticket idea with grade 4.', 'Bring the anchor chart to the next PLC.'];

/** School days (Monday-Friday) from `start` up to but not including `end` (YYYY-MM-DD). */
function schoolDays(start: string, end: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${start}T12:00:00Z`); d.toISOString().slice(0, 10) < end; d.setUTCDate(d.getUTCDate() + 1)) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** The UTC instant of a local wall-clock time in a fixed-offset approximation of America/Chicago. */
function chicagoInstant(date: string, minutes: number): Date {
  // Central time is UTC-5 until the first Sunday of November, UTC-6 after; good enough for demo data.
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const offset = month > 11 || month < 3 || (month === 11 && day >= 2) || (month === 3 && day < 8) ? 6 : 5;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 0, minutes + offset * 60));
}

/**
 * Gives the demo schools their look-fors and a term of visit history up to yesterday: each leader makes two to
 * four short visits most school days, spread unevenly (as in real schools) so coverage and the planner have
 * something to show.
 */
export async function seedDemoVisits(db: Db, input: { districtId: string; schools: { id: string; leaders: string[] }[]; termStart: string; today: string; seed?: number }) {
  const r = rng(input.seed ?? 21);
  for (const school of input.schools) {
    const lookFors = await db
      .insertInto('look_fors')
      .values(DEMO_LOOK_FORS.map((l, position) => ({ school_id: school.id, name: l.name, description: l.description, position })))
      .returning('id')
      .execute();
    const meetings = await db
      .selectFrom('class_meetings as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .innerJoin('enrollments as e', (j) => j.onRef('e.class_id', '=', 'c.id').on('e.role', '=', 'teacher'))
      .select(['m.weekday', 'm.start_time', 'm.end_time', 'c.id as class_id', 'e.person_id as teacher_id'])
      .where('c.school_id', '=', school.id)
      .execute();
    const teacherIds = [...new Set(meetings.map((m) => m.teacher_id))];
    // Some classrooms are simply visited more than others: the coverage page should show it.
    const visibility = new Map(teacherIds.map((id) => [id, 0.3 + r.next() * 1.7]));
    const visits: { id: string; district_id: string; school_id: string; observer_id: string; teacher_id: string; class_id: string; started_at: Date; duration_minutes: number; evidence: string; private_note: string | null; create_hash: string; shared_at: Date | null; guiding_question: string | null }[] = [];
    const reflections: { visit_id: string; teacher_id: string; body: string; next_step: string | null; wants_conversation: boolean }[] = [];
    const talks: { visit_id: string; school_id: string; recorded_by: string; held_on: string; notes: string; next_step: string | null }[] = [];
    const tags: { visit_id: string; look_for_id: string }[] = [];
    for (const date of schoolDays(input.termStart, input.today)) {
      const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
      const todays = meetings.filter((m) => m.weekday === weekday);
      if (todays.length === 0) continue;
      for (const observer of school.leaders) {
        if (r.chance(0.15)) continue; // a day lost to meetings and duties
        const count = 2 + r.int(3);
        const seen = new Set<string>();
        for (let k = 0; k < count; k++) {
          // Pick a class in session, weighted by how visible its teacher is; nobody twice in a day.
          const open = todays.filter((x) => !seen.has(x.teacher_id));
          if (open.length === 0) break;
          const total = open.reduce((sum, x) => sum + visibility.get(x.teacher_id)!, 0);
          let ticket = r.next() * total;
          const m = open.find((x) => (ticket -= visibility.get(x.teacher_id)!) <= 0) ?? open[open.length - 1]!;
          seen.add(m.teacher_id);
          const [sh, sm] = m.start_time.split(':').map(Number) as [number, number];
          const [eh, em] = m.end_time.split(':').map(Number) as [number, number];
          const startMin = sh * 60 + sm + r.int(Math.max(1, eh * 60 + em - (sh * 60 + sm) - 12));
          const evidence = [r.pick(OPENERS), r.pick(COUNTS), r.pick(QUOTES)].filter(Boolean).join('\n');
          const id = randomUUID();
          visits.push({
            id,
            district_id: input.districtId,
            school_id: school.id,
            observer_id: observer,
            teacher_id: m.teacher_id,
            class_id: m.class_id,
            started_at: chicagoInstant(date, startMin),
            duration_minutes: 5 + r.int(11),
            evidence,
            private_note: r.chance(0.15) ? r.pick(NOTES) : null,
            create_hash: createHash('sha256').update(id).digest('hex'),
            // Most evidence reaches the teacher the same day; some of it is answered and talked about.
            shared_at: r.chance(0.85) ? chicagoInstant(date, startMin + 30 + r.int(300)) : null,
            guiding_question: null,
          });
          const v = visits[visits.length - 1]!;
          if (v.shared_at) {
            if (r.chance(0.5)) v.guiding_question = r.pick(QUESTIONS);
            if (r.chance(0.45)) {
              const wants = r.chance(0.3);
              reflections.push({ visit_id: id, teacher_id: m.teacher_id, body: r.pick(REFLECTIONS), next_step: r.chance(0.6) ? r.pick(NEXT_STEPS) : null, wants_conversation: wants });
              if (r.chance(0.6)) {
                const held = new Date(v.shared_at.getTime() + (1 + r.int(6)) * 86_400_000).toISOString().slice(0, 10);
                if (held < input.today) talks.push({ visit_id: id, school_id: school.id, recorded_by: observer, held_on: held, notes: r.pick(TALKS), next_step: r.chance(0.5) ? r.pick(NEXT_STEPS) : null });
              }
            }
          }
          const first = lookFors[Math.min(lookFors.length - 1, Math.floor(r.next() ** 1.6 * lookFors.length))]!;
          tags.push({ visit_id: id, look_for_id: first.id });
          if (r.chance(0.5)) {
            const second = r.pick(lookFors);
            if (second.id !== first.id) tags.push({ visit_id: id, look_for_id: second.id });
          }
        }
      }
    }
    for (let i = 0; i < visits.length; i += 500) await db.insertInto('visits').values(visits.slice(i, i + 500)).execute();
    for (let i = 0; i < tags.length; i += 2000) await db.insertInto('visit_look_fors').values(tags.slice(i, i + 2000)).execute();
    for (let i = 0; i < reflections.length; i += 1000) await db.insertInto('reflections').values(reflections.slice(i, i + 1000)).execute();
    for (let i = 0; i < talks.length; i += 1000) await db.insertInto('conversations').values(talks.slice(i, i + 1000)).execute();
  }
}
