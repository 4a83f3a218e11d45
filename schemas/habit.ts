import { z } from 'zod';
import { schoolDate, schoolInstant } from './bounds';
import { Id } from './common';

/** One day of the 21-day challenge: a small action that builds the visit habit. */
export const ChallengeStep = z.object({
  day: z.number().int(),
  theme: z.enum(['visits', 'conversations', 'time', 'insights']),
  title: z.string(),
  action: z.string(),
});
export type ChallengeStep = z.infer<typeof ChallengeStep>;

/** The 21 steps, written for Rounds: build the visit habit, talk with teachers, protect the time, share what you learn. */
export const CHALLENGE_STEPS: ChallengeStep[] = [
  { day: 1, theme: 'visits', title: 'Three short visits', action: 'Visit three classrooms for five to ten minutes each. Write only what you see and hear.' },
  { day: 2, theme: 'time', title: 'Block the time', action: 'Put two visit blocks on your calendar for every day this week and add the Rounds feed to your calendar.' },
  { day: 3, theme: 'visits', title: 'Low-inference notes', action: 'In each visit today, record one direct quote and one count (how many students did what).' },
  { day: 4, theme: 'time', title: 'Empty the head', action: 'Move every open job from your head and inbox into the task list, so nothing pulls you out of a visit block.' },
  { day: 5, theme: 'visits', title: 'Someone you rarely see', action: 'Visit a teacher the planner says you have not seen for a while.' },
  { day: 6, theme: 'conversations', title: 'Share the evidence', action: 'Share the evidence of one visit with the teacher, with one open question about what they noticed.' },
  { day: 7, theme: 'visits', title: 'A different hour', action: 'Visit at a time of day you usually spend in the office.' },
  { day: 8, theme: 'conversations', title: 'A five-minute conversation', action: 'Have a short conversation about one visit. Ask, listen, and let the teacher name their next step.' },
  { day: 9, theme: 'time', title: 'Guard the first block', action: 'Start the day with a visit block before email. Note what you had to say no to.' },
  { day: 10, theme: 'visits', title: 'One look-for', action: 'Pick one school look-for and notice it in every visit today.' },
  { day: 11, theme: 'conversations', title: 'Ask, don\'t tell', action: 'In a conversation, ask at least three questions before you offer any idea of your own.' },
  { day: 12, theme: 'insights', title: 'Look across visits', action: 'Open coverage and the look-for tags of the last two weeks. Write down one pattern you see.' },
  { day: 13, theme: 'visits', title: 'Every grade or subject', action: 'Spread today\'s visits across grades or subjects you have seen least.' },
  { day: 14, theme: 'conversations', title: 'Close the loop', action: 'Follow up on a next step a teacher chose last week: visit to see how it is going.' },
  { day: 15, theme: 'time', title: 'Delegate one thing', action: 'Hand one recurring task to someone better placed to do it, and give the time to visits.' },
  { day: 16, theme: 'insights', title: 'A strength to spread', action: 'Find a practice you saw that colleagues could learn from, and ask the teacher if they would share it.' },
  { day: 17, theme: 'visits', title: 'Student voice', action: 'In each visit today, ask one student what they are learning and why.' },
  { day: 18, theme: 'conversations', title: 'A conversation you have put off', action: 'Have the conversation you have been postponing, starting from evidence, not judgement.' },
  { day: 19, theme: 'insights', title: 'Share a pattern', action: 'Share one school-wide pattern (never a person) with your leadership team and ask what it means.' },
  { day: 20, theme: 'time', title: 'Plan next week', action: 'Review your streak and coverage, and plan next week\'s blocks around the teachers you have seen least.' },
  { day: 21, theme: 'insights', title: 'Decide something', action: 'Name one decision (coaching, PD, schedule, resources) that your visits are telling you to make.' },
];

/** Query of `GET /api/habit`. */
export const HabitQuery = z.object({
  schoolId: Id,
  at: schoolInstant().optional(),
});

/** The leader's habit: today's progress, the streak, the last two weeks and the 21-day challenge. */
export const Habit = z.object({
  goal: z.number().int(),
  today: z.object({ date: z.string(), visits: z.number().int(), met: z.boolean() }),
  /** School days in a row with the goal met (today counts once it is met). */
  streak: z.object({ current: z.number().int(), best: z.number().int() }),
  recent: z.array(z.object({ date: z.string(), visits: z.number().int(), met: z.boolean() })),
  challenge: z
    .object({
      id: z.string(),
      startedOn: z.string(),
      status: z.enum(['active', 'completed', 'stopped']),
      /** Today's day of the challenge (school days since it started, 1-21). */
      day: z.number().int(),
      doneDays: z.array(z.number().int()),
      steps: z.array(ChallengeStep),
    })
    .nullable(),
});
export type Habit = z.infer<typeof Habit>;

export const ChallengeStepParams = z.object({ day: z.coerce.number().int().min(1, 'Days run from 1 to 21').max(21, 'Days run from 1 to 21') });
export const ChallengeStepBody = z.object({ done: z.boolean() });

/** A weekly visit block, in the leader's school time zone. */
export const VisitBlock = z.object({
  weekday: z.number().int().min(1, 'Monday is 1').max(7, 'Sunday is 7'),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 09:30'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 10:00'),
});
export const VisitBlocks = z.object({
  blocks: z.array(VisitBlock).max(50, 'At most 50 blocks a week'),
  /** The IANA time zone the blocks are in (the leader's school). */
  timezone: z.string(),
});
export const VisitBlocksUpdate = z.object({ blocks: VisitBlocks.shape.blocks, schoolId: Id });

/** The private iCalendar subscription URL (shown once; making a new one retires the old). */
export const CalendarFeed = z.object({ url: z.string() });

export const Task = z.object({ id: z.string(), title: z.string(), dueOn: z.string().nullable(), done: z.boolean(), createdAt: z.string() });
export const TaskCreate = z.object({
  title: z.string().trim().min(1, 'Write what needs doing').max(200, 'Keep it under 200 characters'),
  dueOn: schoolDate('2026-12-01').nullish(),
});
export const TaskUpdate = z.object({
  title: TaskCreate.shape.title.optional(),
  dueOn: TaskCreate.shape.dueOn,
  done: z.boolean().optional(),
});
export const TaskParams = z.object({ taskId: Id });
