import type { Db } from '../database';
import { seedDemoAssessments } from './demo-assessments';
import { seedDemoLeadership } from './demo-leadership';
import { seedDemoCoaching } from './demo-coaching';
import { seedDemoCurriculum } from './demo-curriculum';
import { seedDemoEvaluation } from './demo-evaluation';
import { seedDemoTwoStep } from './demo-sign-in';
import { seedDemoVisits } from './demo-visits';
import { createBellPeriods, createClass, createDistrict, createSchool, createStaff, createStudents, createTerm, type StudentInput } from './builders';

/** The roster id of the demo district: its presence marks a demo install. */
export const DEMO_DISTRICT_SOURCED_ID = 'demo-district';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'rounds-demo';

/** The named demo accounts, printed at start-up. */
export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.test', role: 'district admin (two-step code: demo key in README)' },
  { email: 'district@demo.test', role: 'district leader (two-step code: demo key in README)' },
  { email: 'principal@demo.test', role: 'principal, Maple Grove Elementary' },
  { email: 'principal.ms@demo.test', role: 'principal, Cedar Ridge Middle School' },
  { email: 'ap@demo.test', role: 'assistant principal, Maple Grove Elementary' },
  { email: 'coach@demo.test', role: 'instructional coach, both schools' },
  { email: 'teacher@demo.test', role: 'grade 3 teacher, Maple Grove Elementary' },
] as const;

/** A small deterministic random generator (mulberry32), so the demo district is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const FIRST = ['Aaliyah', 'Aiden', 'Amara', 'Andre', 'Ava', 'Benjamin', 'Camila', 'Carlos', 'Chloe', 'Daniel', 'Diego', 'Elena', 'Elijah', 'Emma', 'Ethan', 'Fatima', 'Gabriel', 'Grace', 'Hana', 'Isaac', 'Isabella', 'Jada', 'Jamal', 'Jasmine', 'Jayden', 'Kai', 'Laila', 'Leo', 'Liam', 'Lucia', 'Maya', 'Mateo', 'Mia', 'Mohamed', 'Naomi', 'Noah', 'Nora', 'Olivia', 'Omar', 'Priya', 'Rosa', 'Samuel', 'Sofia', 'Tariq', 'Theo', 'Valeria', 'Wei', 'Xavier', 'Yusuf', 'Zoe'];
const LAST = ['Adams', 'Ahmed', 'Alvarez', 'Bailey', 'Baker', 'Chen', 'Clark', 'Diaz', 'Edwards', 'Evans', 'Flores', 'Garcia', 'Gonzalez', 'Green', 'Hall', 'Harris', 'Hernandez', 'Hill', 'Jackson', 'Johnson', 'Kim', 'King', 'Lee', 'Lewis', 'Lopez', 'Martin', 'Martinez', 'Mitchell', 'Moore', 'Nguyen', 'Okafor', 'Patel', 'Perez', 'Phillips', 'Ramirez', 'Reyes', 'Robinson', 'Rodriguez', 'Sanchez', 'Scott', 'Singh', 'Taylor', 'Thomas', 'Thompson', 'Torres', 'Walker', 'White', 'Williams', 'Wilson', 'Young'];
const RACES = ['white', 'black', 'asian', 'americanIndianOrAlaskaNative', 'nativeHawaiianOrOtherPacificIslander'];

const WEEKDAYS = [1, 2, 3, 4, 5];
const GRADE_LABEL: Record<string, string> = { KG: 'Kindergarten', '01': 'Grade 1', '02': 'Grade 2', '03': 'Grade 3', '04': 'Grade 4', '05': 'Grade 5', '06': 'Grade 6', '07': 'Grade 7', '08': 'Grade 8' };

/** True when the database has no district yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('districts').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * Seeds the demo district: an elementary and a middle school with ~40 teachers, real-looking bell schedules,
 * ~800 students with demographics and the named demo accounts. Deterministic for a given seed.
 */
export async function seedDemo(db: Db, options: { passwordHash: string; seed?: number; today?: string }) {
  const r = rng(options.seed ?? 2026);
  const usedNames = new Set<string>();
  const personName = () => {
    for (;;) {
      const given = r.pick(FIRST);
      const family = r.pick(LAST);
      if (!usedNames.has(`${given} ${family}`)) {
        usedNames.add(`${given} ${family}`);
        return { given, family };
      }
    }
  };
  const teacherEmail = (n: { given: string; family: string }) => `${n.given}.${n.family}@demo.test`.toLowerCase();
  const passwordHash = options.passwordHash;

  return db.transaction().execute(async (trx) => {
    const district = await createDistrict(trx, { name: 'Riverside Unified School District', sourcedId: DEMO_DISTRICT_SOURCED_ID });
    const elementary = await createSchool(trx, { districtId: district.id, name: 'Maple Grove Elementary', sourcedId: 'demo-maple', gradeBand: 'K-5' });
    const middle = await createSchool(trx, { districtId: district.id, name: 'Cedar Ridge Middle School', sourcedId: 'demo-cedar', gradeBand: '6-8' });
    const year = await createTerm(trx, { districtId: district.id, title: '2026-2027', type: 'schoolYear', start: '2026-08-17', end: '2027-06-04' });
    const fall = await createTerm(trx, { districtId: district.id, title: 'Fall 2026', type: 'semester', start: '2026-08-17', end: '2027-01-15', parentId: year.id });
    const spring = await createTerm(trx, { districtId: district.id, title: 'Spring 2027', type: 'semester', start: '2027-01-19', end: '2027-06-04', parentId: year.id });
    const terms = [fall.id, spring.id];
    const staff = (email: string, given: string, family: string, roles: Parameters<typeof createStaff>[1]['roles'], grades: string[] = []) =>
      createStaff(trx, { districtId: district.id, email, givenName: given, familyName: family, roles, passwordHash, grades, source: 'demo', sourcedId: `demo-${email}` });

    const districtAdmin = await staff('admin@demo.test', 'Dana', 'Whitfield', [{ role: 'district_admin' }]);
    const districtLeader = await staff('district@demo.test', 'Marcus', 'Bell', [{ role: 'district_leader' }]);
    await seedDemoTwoStep(trx, [districtAdmin.id, districtLeader.id]);
    const principal = await staff('principal@demo.test', 'Renee', 'Alvarado', [{ role: 'principal', schoolId: elementary.id }]);
    const principalMs = await staff('principal.ms@demo.test', 'Howard', 'Okoye', [{ role: 'principal', schoolId: middle.id }]);
    const ap = await staff('ap@demo.test', 'Janelle', 'Price', [{ role: 'assistant_principal', schoolId: elementary.id }]);
    const coach = await staff('coach@demo.test', 'Tomás', 'Ferreira', [
      { role: 'coach', schoolId: elementary.id },
      { role: 'coach', schoolId: middle.id },
    ]);

    const makeStudents = (count: number, grade: string, prefix: string): StudentInput[] =>
      Array.from({ length: count }, (_, i) => {
        const n = personName();
        const hispanic = r.chance(0.3);
        return {
          givenName: n.given,
          familyName: n.family,
          grade,
          sourcedId: `${prefix}-${i}`,
          demographics: {
            gender: r.chance(0.5) ? 'female' : r.chance(0.97) ? 'male' : 'other',
            raceEthnicity: [r.pick(RACES)],
            hispanicLatino: hispanic,
            englishLearner: r.chance(hispanic ? 0.35 : 0.08),
            specialEducation: r.chance(0.13),
            freeReducedLunch: r.chance(0.45),
            birthDate: `${2026 - (grade === 'KG' ? 5 : Number(grade) + 5)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`,
          },
        };
      });

    // Maple Grove Elementary: three self-contained homerooms per grade; specials are the teachers' planning time.
    await createBellPeriods(trx, elementary.id, [
      { period: 'Literacy', start: '08:00', end: '09:30' },
      { period: 'Math', start: '09:35', end: '10:35' },
      { period: 'Block 3', start: '10:40', end: '11:25' },
      { period: 'Lunch', start: '11:30', end: '12:10', kind: 'lunch' },
      { period: 'Block 4', start: '12:15', end: '13:00' },
      { period: 'Block 5', start: '13:05', end: '13:50' },
      { period: 'Block 6', start: '13:55', end: '14:40' },
    ]);
    const elementaryGrades = ['KG', '01', '02', '03', '04', '05'];
    const homeroomsByGrade = new Map<string, { teacherId: string; studentIds: string[] }[]>();
    let teacherAccountMade = false;
    for (const [gi, grade] of elementaryGrades.entries()) {
      const early = gi < 3; // K-2 have specials in block 3, grades 3-5 in block 5
      const blocks = early
        ? [
            { title: 'Literacy', subject: 'English Language Arts', period: 'Literacy', start: '08:00', end: '09:30' },
            { title: 'Math', subject: 'Mathematics', period: 'Math', start: '09:35', end: '10:35' },
            { title: 'Science & Social Studies', subject: 'Science', period: 'Block 4', start: '12:15', end: '13:00' },
            { title: 'Intervention & Enrichment', subject: 'English Language Arts', period: 'Block 5', start: '13:05', end: '13:50' },
            { title: 'Writing', subject: 'English Language Arts', period: 'Block 6', start: '13:55', end: '14:40' },
          ]
        : [
            { title: 'Literacy', subject: 'English Language Arts', period: 'Literacy', start: '08:00', end: '09:30' },
            { title: 'Math', subject: 'Mathematics', period: 'Math', start: '09:35', end: '10:35' },
            { title: 'Science & Social Studies', subject: 'Science', period: 'Block 3', start: '10:40', end: '11:25' },
            { title: 'Writing', subject: 'English Language Arts', period: 'Block 4', start: '12:15', end: '13:00' },
            { title: 'Intervention & Enrichment', subject: 'Mathematics', period: 'Block 6', start: '13:55', end: '14:40' },
          ];
      const homerooms: { teacherId: string; studentIds: string[] }[] = [];
      for (let h = 0; h < 3; h++) {
        const isDemoTeacher = grade === '03' && !teacherAccountMade;
        const n = isDemoTeacher ? { given: 'Grace', family: 'Nakamura' } : personName();
        usedNames.add(`${n.given} ${n.family}`);
        if (isDemoTeacher) teacherAccountMade = true;
        const teacher = await staff(isDemoTeacher ? 'teacher@demo.test' : teacherEmail(n), n.given, n.family, [{ role: 'teacher', schoolId: elementary.id }], [grade]);
        const students = await createStudents(trx, district.id, elementary.id, makeStudents(20 + r.int(5), grade, `demo-maple-${grade}-${h}`));
        const room = `${gi === 0 ? 'K' : gi}${String(h + 1).padStart(2, '0')}`;
        for (const b of blocks) {
          await createClass(trx, {
            districtId: district.id,
            schoolId: elementary.id,
            title: `${GRADE_LABEL[grade]} ${b.title} — ${n.family}`,
            courseTitle: `${GRADE_LABEL[grade]} ${b.title}`,
            subjects: [b.subject],
            grades: [grade],
            room: `Room ${room}`,
            termIds: terms,
            teacherIds: [teacher.id],
            studentIds: students.map((s) => s.id),
            meetings: WEEKDAYS.map((weekday) => ({ weekday, period: b.period, start: b.start, end: b.end })),
          });
        }
        homerooms.push({ teacherId: teacher.id, studentIds: students.map((s) => s.id) });
      }
      homeroomsByGrade.set(grade, homerooms);
    }
    // Specialists rotate: each day each specialist takes one grade of the group whose specials block it is.
    const specials = [
      { subject: 'Art', room: 'Art Room' },
      { subject: 'Music', room: 'Music Room' },
      { subject: 'Physical Education', room: 'Gym' },
    ];
    for (const [si, sp] of specials.entries()) {
      const n = personName();
      const teacher = await staff(teacherEmail(n), n.given, n.family, [{ role: 'teacher', schoolId: elementary.id }], elementaryGrades);
      for (const [gi, grade] of elementaryGrades.entries()) {
        const early = gi < 3;
        const slot = early ? { period: 'Block 3', start: '10:40', end: '11:25' } : { period: 'Block 5', start: '13:05', end: '13:50' };
        const days = WEEKDAYS.filter((d) => (si + d) % 3 === gi % 3);
        await createClass(trx, {
          districtId: district.id,
          schoolId: elementary.id,
          title: `${sp.subject} — ${GRADE_LABEL[grade]}`,
          subjects: [sp.subject],
          grades: [grade],
          room: sp.room,
          termIds: terms,
          teacherIds: [teacher.id],
          studentIds: homeroomsByGrade.get(grade)!.flatMap((h) => h.studentIds),
          meetings: days.map((weekday) => ({ weekday, ...slot })),
        });
      }
    }

    // Cedar Ridge Middle School: seven periods; each grade's core teachers teach five cohorts, electives fill the rest.
    const msPeriods = [
      { period: '1', start: '08:00', end: '08:50' },
      { period: '2', start: '08:55', end: '09:45' },
      { period: '3', start: '09:50', end: '10:40' },
      { period: '4', start: '10:45', end: '11:35' },
      { period: '5', start: '12:15', end: '13:05' },
      { period: '6', start: '13:10', end: '14:00' },
      { period: '7', start: '14:05', end: '14:55' },
    ];
    await createBellPeriods(trx, middle.id, [
      ...msPeriods.slice(0, 4),
      { period: 'Lunch', start: '11:40', end: '12:10', kind: 'lunch' },
      ...msPeriods.slice(4),
    ]);
    const period = (p: string) => msPeriods.find((x) => x.period === p)!;
    const corePeriods: Record<string, string[]> = { '06': ['1', '2', '3', '5', '6'], '07': ['1', '2', '4', '6', '7'], '08': ['2', '3', '4', '5', '7'] };
    const electivePeriods: Record<string, string[]> = { '06': ['4', '7'], '07': ['3', '5'], '08': ['1', '6'] };
    const core = [
      { subject: 'English Language Arts', short: 'ELA' },
      { subject: 'Mathematics', short: 'Math' },
      { subject: 'Science', short: 'Science' },
      { subject: 'Social Studies', short: 'Social Studies' },
    ];
    const cohortsByGrade = new Map<string, string[][]>();
    let roomNo = 100;
    for (const grade of ['06', '07', '08']) {
      const students = await createStudents(trx, district.id, middle.id, makeStudents(128 + r.int(6), grade, `demo-cedar-${grade}`));
      const ids = students.map((s) => s.id);
      const cohorts = Array.from({ length: 5 }, (_, c) => ids.filter((_, i) => i % 5 === c));
      cohortsByGrade.set(grade, cohorts);
      for (const [s, subj] of core.entries()) {
        const n = personName();
        const teacher = await staff(teacherEmail(n), n.given, n.family, [{ role: 'teacher', schoolId: middle.id }], [grade]);
        const room = `Room ${(roomNo += 1)}`;
        for (let c = 0; c < 5; c++) {
          const p = period(corePeriods[grade]![(c + s) % 5]!);
          await createClass(trx, {
            districtId: district.id,
            schoolId: middle.id,
            title: `${subj.short} ${Number(grade)} — Period ${p.period}`,
            courseTitle: `${subj.subject} ${Number(grade)}`,
            subjects: [subj.subject],
            grades: [grade],
            room,
            termIds: terms,
            teacherIds: [teacher.id],
            studentIds: cohorts[c]!,
            meetings: WEEKDAYS.map((weekday) => ({ weekday, period: p.period, start: p.start, end: p.end })),
          });
        }
      }
    }
    const electives = [
      { subject: 'Physical Education', room: 'Gym' },
      { subject: 'Physical Education', room: 'Field House' },
      { subject: 'Art', room: 'Studio' },
      { subject: 'Spanish', room: 'Room 140' },
    ];
    for (const [e, el] of electives.entries()) {
      const n = personName();
      const teacher = await staff(teacherEmail(n), n.given, n.family, [{ role: 'teacher', schoolId: middle.id }], ['06', '07', '08']);
      for (const grade of ['06', '07', '08']) {
        const all = cohortsByGrade.get(grade)!.flat();
        for (const [k, p] of electivePeriods[grade]!.entries()) {
          const bp = period(p);
          await createClass(trx, {
            districtId: district.id,
            schoolId: middle.id,
            title: `${el.subject} ${Number(grade)} — Period ${p}`,
            courseTitle: `${el.subject} ${Number(grade)}`,
            subjects: [el.subject],
            grades: [grade],
            room: el.room,
            termIds: terms,
            teacherIds: [teacher.id],
            studentIds: all.filter((_, i) => (i + k) % electives.length === e),
            meetings: WEEKDAYS.map((weekday) => ({ weekday, period: p, start: bp.start, end: bp.end })),
          });
        }
      }
    }
    // The demo teacher's homeroom has 25 students, a full class to record an exit ticket for. The extra students are
    // made last, so every person generated before them stays the same; they join each class of the homeroom.
    const demoRoom = homeroomsByGrade.get('03')![0]!;
    const extra = await createStudents(trx, district.id, elementary.id, makeStudents(Math.max(0, 25 - demoRoom.studentIds.length), '03', 'demo-maple-03-0-more'));
    const roomClasses = await trx.selectFrom('enrollments').select(['class_id', 'sourced_id']).where('person_id', '=', demoRoom.studentIds[0]!).where('role', '=', 'student').execute();
    if (extra.length > 0) {
      await trx
        .insertInto('enrollments')
        .values(roomClasses.flatMap((c) => extra.map((st, i) => ({ district_id: district.id, sourced_id: `${c.sourced_id}-more-${i}`, class_id: c.class_id, school_id: elementary.id, person_id: st.id, role: 'student' as const }))))
        .execute();
    }
    // A term of visit history up to yesterday, so the planner, coverage and streaks are alive on first start.
    const today = options.today ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
    await seedDemoVisits(trx, {
      districtId: district.id,
      termStart: '2026-08-17',
      today: today < '2027-06-04' ? today : '2027-06-04',
      schools: [
        { id: elementary.id, leaders: [principal.id, ap.id, coach.id] },
        { id: middle.id, leaders: [principalMs.id] },
      ],
    });
    await seedDemoAssessments(trx, { districtId: district.id, schoolId: elementary.id, principalId: principal.id, today: today < '2027-06-04' ? today : '2027-06-04' });
    await seedDemoLeadership(trx, { schoolId: elementary.id, today: today < '2027-06-04' ? today : '2027-06-04' });
    await seedDemoCoaching(trx, { districtId: district.id, schoolId: elementary.id, coachId: coach.id, today: today < '2027-06-04' ? today : '2027-06-04' });
    await seedDemoCurriculum(trx, { schoolId: elementary.id, principalId: principal.id, today: today < '2027-06-04' ? today : '2027-06-04' });
    await seedDemoEvaluation(trx, { districtId: district.id, schoolId: elementary.id, principalId: principal.id, today: today < '2027-06-04' ? today : '2027-06-04' });
    return { districtId: district.id, elementaryId: elementary.id, middleId: middle.id };
  });
}
