import { sql } from 'kysely';
import type { Db } from '../database';

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Shared leadership at Maple Grove: an ILT of several stakeholder groups and a grade 3 team with meetings and action
 * items; the annual work plan (goals tied to the vision goals, strategies, teacher-owned actions with evidence, a
 * check-in, its history); a teacher-led PD session with attendance and feedback; the decision-making model.
 */
export async function seedDemoLeadership(db: Db, input: { schoolId: string; today: string }) {
  const { schoolId, today } = input;
  const byEmail = async (email: string) => (await db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const principal = await byEmail('principal@demo.test');
  const ap = await byEmail('ap@demo.test');
  const coach = await byEmail('coach@demo.test');
  const grace = await byEmail('teacher@demo.test');
  const teachersOf = async (grade: string) =>
    (
      await sql<{ id: string }>`
        SELECT p.id FROM people p JOIN role_assignments ra ON ra.person_id = p.id
        WHERE ra.school_id = ${schoolId} AND ra.role = 'teacher' AND ${grade} = ANY(p.grades) AND p.id <> ${grace}
        ORDER BY p.family_name, p.given_name`.execute(db)
    ).rows.map((r) => r.id);
  const [g3a, g3b] = (await teachersOf('03')) as [string, string];
  const [g5a, g5b] = (await teachersOf('05')) as [string, string];
  const [k1] = (await teachersOf('KG')) as [string];

  // Teams.
  const team = async (name: string, kind: 'ilt' | 'grade', purpose: string) =>
    (await db.insertInto('teams').values({ school_id: schoolId, name, kind, purpose, created_by: principal }).returning('id').executeTakeFirstOrThrow()).id;
  const ilt = await team('Instructional Leadership Team', 'ilt', 'Writes the annual work plan with the whole school, monitors it every six weeks, and decides how professional learning time is used.');
  await db
    .insertInto('team_members')
    .values([
      { team_id: ilt, person_id: principal, stakeholder: 'leader', role: 'facilitator' },
      { team_id: ilt, person_id: ap, stakeholder: 'leader', role: 'note_taker' },
      { team_id: ilt, person_id: coach, stakeholder: 'specialist', role: 'member' },
      { team_id: ilt, person_id: grace, stakeholder: 'teacher', role: 'member' },
      { team_id: ilt, person_id: g5a, stakeholder: 'teacher', role: 'timekeeper' },
      { team_id: ilt, person_id: k1, stakeholder: 'teacher', role: 'member' },
      { team_id: ilt, name: 'Maria López (PTA)', stakeholder: 'family', role: 'member' },
      { team_id: ilt, name: 'Jordan Price (grade 5 student council)', stakeholder: 'student', role: 'member' },
    ])
    .execute();
  const grade3 = await team('Grade 3 team', 'grade', 'Plans reading instruction together and looks at student work every week.');
  await db
    .insertInto('team_members')
    .values([
      { team_id: grade3, person_id: grace, stakeholder: 'teacher', role: 'facilitator' },
      { team_id: grade3, person_id: g3a, stakeholder: 'teacher', role: 'note_taker' },
      { team_id: grade3, person_id: g3b, stakeholder: 'teacher', role: 'member' },
      { team_id: grade3, person_id: coach, stakeholder: 'specialist', role: 'member' },
    ])
    .execute();
  const meeting = async (teamId: string, heldOn: string, agenda: string, notes: string, items: { title: string; owner: string; dueOn: string; done: boolean }[]) => {
    const m = await db.insertInto('team_meetings').values({ team_id: teamId, held_on: heldOn, agenda, notes, recorded_by: principal }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('team_action_items').values(items.map((i) => ({ meeting_id: m.id, title: i.title, owner_id: i.owner, due_on: i.dueOn, done: i.done, done_at: i.done ? new Date() : null }))).execute();
  };
  await meeting(
    ilt,
    addDays(today, -14),
    '1. Six-week check-in on the work plan\n2. Grade 3 reading data\n3. December PD day',
    'Grade 3 guided reading is running in all rooms; running records are behind in two. Agreed to give the December PD slot to running records, led by Grace.',
    [
      { title: 'Prepare the running-records PD session', owner: grace, dueOn: addDays(today, 3), done: false },
      { title: 'Share the updated plan with families at the PTA meeting', owner: ap, dueOn: addDays(today, -3), done: true },
    ],
  );
  await meeting(grade3, addDays(today, -7), 'Look at last week’s reading checks together', 'Three students moved up a level. Two need more decoding practice: add them to the Tuesday group.', [
    { title: 'Move two students to the Tuesday decoding group', owner: g3a, dueOn: addDays(today, 2), done: false },
  ]);

  // The work plan.
  const [startYear, startMonth] = today.split('-').map(Number) as [number, number];
  const first = startMonth >= 7 ? startYear : startYear - 1;
  const year = `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
  const plan = (await db.insertInto('work_plans').values({ school_id: schoolId, school_year: year, title: `Maple Grove work plan ${year}`, checkin_weeks: 6, created_by: principal }).returning('id').executeTakeFirstOrThrow()).id;
  const log = (entity: 'plan' | 'goal' | 'strategy' | 'action' | 'evidence' | 'checkin', entityId: string, summary: string, by = principal, change: 'created' | 'updated' = 'created') =>
    db.insertInto('plan_changes').values({ plan_id: plan, changed_by: by, entity, entity_id: entityId, change, summary }).execute();
  await log('plan', plan, `Started the work plan “Maple Grove work plan ${year}” for ${year}`);
  const vision = await db.selectFrom('school_goals').select(['id', 'title']).where('school_id', '=', schoolId).orderBy('position').execute();
  const goal = async (title: string, description: string, visionGoalId: string | null, position: number) => {
    const id = (await db.insertInto('plan_goals').values({ plan_id: plan, title, description, vision_goal_id: visionGoalId, position }).returning('id').executeTakeFirstOrThrow()).id;
    await log('goal', id, `Added the goal “${title}”`);
    return id;
  };
  const strategy = async (goalId: string, title: string, position: number) => {
    const id = (await db.insertInto('plan_strategies').values({ goal_id: goalId, title, position }).returning('id').executeTakeFirstOrThrow()).id;
    await log('strategy', id, `Added the strategy “${title}”`);
    return id;
  };
  const action = async (strategyId: string, a: { title: string; owner: string; startsOn: string; dueOn: string; status: 'not_started' | 'on_track' | 'at_risk' | 'done'; position: number }) => {
    const id = (await db.insertInto('plan_actions').values({ strategy_id: strategyId, title: a.title, owner_id: a.owner, starts_on: a.startsOn, due_on: a.dueOn, status: a.status, position: a.position }).returning('id').executeTakeFirstOrThrow()).id;
    await log('action', id, `Added the action “${a.title}”`);
    return id;
  };
  const reading = await goal('75% of grade 3 students read at level 3 by May', 'From 42% in September, measured on the weekly reading checks.', vision[0]?.id ?? null, 0);
  const guided = await strategy(reading, 'Daily small-group guided reading at each student’s level', 0);
  const groups = await action(guided, { title: 'Run guided reading groups four days a week', owner: grace, startsOn: `${first}-09-08`, dueOn: `${first + 1}-05-28`, status: 'on_track', position: 0 });
  const records = await action(guided, { title: 'Take a running record of every student below level every two weeks', owner: g3a, startsOn: `${first}-10-01`, dueOn: `${first + 1}-05-28`, status: 'at_risk', position: 1 });
  const cfu = await strategy(reading, 'Check for understanding in every reading lesson', 1);
  await action(cfu, { title: 'Model exit tickets in each grade 3 room', owner: coach, startsOn: `${first}-09-15`, dueOn: `${first}-10-31`, status: 'done', position: 0 });
  await action(cfu, { title: 'Use exit-ticket results to regroup students each Friday', owner: g3b, startsOn: `${first}-11-01`, dueOn: `${first + 1}-03-31`, status: 'not_started', position: 1 });
  const math = await goal('70% of grade 5 students at 80% on fraction and decimal exit tickets', 'From 38% in September.', vision[1]?.id ?? null, 1);
  const talk = await strategy(math, 'Students explain their reasoning in every math lesson', 0);
  await action(talk, { title: 'Number talks three times a week', owner: g5a, startsOn: `${first}-10-06`, dueOn: `${first + 1}-05-28`, status: 'on_track', position: 0 });
  await action(talk, { title: 'Peer visits to see number talks in a colleague’s room', owner: g5b, startsOn: `${first}-11-03`, dueOn: `${first + 1}-01-30`, status: 'not_started', position: 1 });

  // Professional learning, led by a teacher, tied to the reading goal.
  const pd = (
    await db
      .insertInto('pd_sessions')
      .values({ school_id: schoolId, held_on: addDays(today, -10), title: 'Running records that drive small groups', description: 'How to take a running record in five minutes and use it to regroup students.', facilitator_id: grace, created_by: coach })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db.insertInto('pd_session_goals').values({ session_id: pd, goal_id: reading }).execute();
  await db.insertInto('pd_attendance').values([g3a, g3b, coach, k1, ap].map((person_id) => ({ session_id: pd, person_id }))).execute();
  await db
    .insertInto('pd_feedback')
    .values([
      { session_id: pd, person_id: g3a, rating: 4, comment: 'The five-minute version is something I can actually do every week.' },
      { session_id: pd, person_id: g3b, rating: 3, comment: 'More time to practise scoring would help.' },
      { session_id: pd, person_id: k1, rating: 4, comment: '' },
    ])
    .execute();

  // Progress: evidence on the teachers' actions and the last check-in.
  const evidence = async (actionId: string, note: string, by: string, extra: { link_path?: string; pd_session_id?: string } = {}) => {
    const id = (await db.insertInto('plan_evidence').values({ action_id: actionId, note, added_by: by, ...extra }).returning('id').executeTakeFirstOrThrow()).id;
    await log('evidence', id, `Added evidence: ${note}`, by);
  };
  await log('action', groups, 'Changed the action “Run guided reading groups four days a week”: Status: not started → on track', grace, 'updated');
  await evidence(groups, 'Groups met four days in each of the last three weeks; 5 students moved up a level.', grace, { link_path: `/schools/${schoolId}/insights?grade=03` });
  await evidence(records, 'Running records are up to date for 11 of 18 students; the PD session showed a faster way.', g3a, { pd_session_id: pd });
  await log('action', records, 'Changed the action “Take a running record of every student below level every two weeks”: Status: on track → at risk', g3a, 'updated');
  const checkin = (
    await db
      .insertInto('plan_checkins')
      .values({ plan_id: plan, goal_id: null, held_on: addDays(today, -14), rating: 'on_track', note: 'Guided reading is in place in every grade 3 room; running records lag in two rooms, so the December PD slot goes to them. Grade 5 number talks started in October.', recorded_by: principal })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await log('checkin', checkin, `Recorded the ${addDays(today, -14)} check-in: on track`);

  // How the school decides.
  const modes: { kind: 'coaching' | 'pd' | 'resources' | 'schedule' | 'staffing' | 'other'; mode: 'leader' | 'leader_consults' | 'consensus' | 'delegated' | 'vote'; team_id: string | null }[] = [
    { kind: 'coaching', mode: 'leader_consults', team_id: ilt },
    { kind: 'pd', mode: 'consensus', team_id: ilt },
    { kind: 'resources', mode: 'leader_consults', team_id: ilt },
    { kind: 'schedule', mode: 'delegated', team_id: grade3 },
    { kind: 'staffing', mode: 'leader', team_id: null },
    { kind: 'other', mode: 'vote', team_id: null },
  ];
  await db.insertInto('school_decision_modes').values(modes.map((m) => ({ school_id: schoolId, ...m, updated_by: principal }))).execute();
  const decision = (
    await db
      .insertInto('decisions')
      .values({
        school_id: schoolId,
        recorded_by: principal,
        kind: 'pd',
        title: 'December PD day: running records, led by Grace Nakamura',
        rationale: 'Running records drive the regrouping that guided reading depends on.',
        decided_on: addDays(today, -14),
        decided_by: 'Instructional Leadership Team',
        how_decided: 'Team consensus',
        mode: 'consensus',
        stated_mode: 'consensus',
        team_id: ilt,
        evidence: 'Running records up to date for only 11 of 18 students below level at the six-week check-in.',
        follow_up: 'Check running-record completion at the next check-in.',
        follow_up_on: addDays(today, 28),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db.insertInto('decision_participants').values([principal, ap, coach, grace, g5a].map((person_id) => ({ decision_id: decision, person_id }))).execute();
}
