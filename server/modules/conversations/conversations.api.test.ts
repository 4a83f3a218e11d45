import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { simpleParser } from 'mailparser';
import { PDFParse } from 'pdf-parse';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailSender } from '../notifications/email-sender';
import { freshDatabase, makeDistrict, sessionCookie, testApp, type TestContext } from '../../test/helpers';

let t: TestContext;
let fx: Awaited<ReturnType<typeof makeDistrict>>;
let smtp: SMTPServer;
let smtpPort: number;
const received: { to: string[]; raw: string }[] = [];
let principal: string;
let teacher: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  t = await testApp({ config: { smtpUrl: `smtp://127.0.0.1:${smtpPort}` } });
  fx = await makeDistrict(t.db);
  principal = await sessionCookie(t.db, fx.users.principal.id);
  teacher = await sessionCookie(t.db, fx.users.teacher.id);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const capture = async (over: Record<string, unknown> = {}, cookie = principal) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/visits',
    headers: { cookie },
    payload: {
      id: randomUUID(),
      schoolId: fx.school.id,
      teacherId: fx.users.teacher.id,
      startedAt: '2026-11-20T10:00:00-06:00',
      durationMinutes: 9,
      evidence: 'T: "Explain it to your partner." 15 of 20 students explaining.',
      privateNote: 'PRIVATE-NOTE-TEXT: ask about pacing',
      tags: [],
      ...over,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; status: string };
};
const sendMail = () => new EmailSender(t.db, `smtp://127.0.0.1:${smtpPort}`, 'Rounds <rounds@school.test>').runOnce();

describe('sharing, reflection and conversation', () => {
  it('held until shared: the teacher sees nothing, then the evidence with the question, by app and by one email without private text', async () => {
    await t.app.inject({ method: 'PUT', url: `/api/schools/${fx.school.id}/visit-settings`, headers: { cookie: principal }, payload: { shareMode: 'held' } });
    const visit = await capture();
    expect(visit.status).toBe('captured');
    expect((await t.app.inject({ method: 'GET', url: `/api/visits/${visit.id}`, headers: { cookie: teacher } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/my/visits', headers: { cookie: teacher } })).json()).toEqual([]);

    const before = received.length;
    const share = await t.app.inject({
      method: 'POST',
      url: `/api/visits/${visit.id}/share`,
      headers: { cookie: principal, host: 'rounds.school.test' },
      payload: { guidingQuestion: 'What did you notice about the students who were not explaining?' },
    });
    expect(share.statusCode).toBe(200);
    expect(share.json()).toMatchObject({ status: 'shared', guidingQuestion: 'What did you notice about the students who were not explaining?' });
    const again = await t.app.inject({ method: 'POST', url: `/api/visits/${visit.id}/share`, headers: { cookie: principal }, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(await sendMail()).toBe(1);
    expect(received.length).toBe(before + 1);
    const mail = await simpleParser(received.at(-1)!.raw);
    expect(received.at(-1)!.to).toEqual([fx.users.teacher.email]);
    expect(mail.subject).toBe(`${fx.users.principal.name} shared what they saw in your classroom`);
    expect(mail.text).toContain(`http://rounds.school.test/my-classroom/visits/${visit.id}`);
    expect(mail.text).not.toContain('PRIVATE-NOTE-TEXT');
    expect(mail.text).not.toContain('15 of 20');
    expect(await sendMail()).toBe(0); // nothing goes out twice

    const mine = await t.app.inject({ method: 'GET', url: '/api/my/visits', headers: { cookie: teacher } });
    expect(mine.json()).toHaveLength(1);
    expect(mine.body).not.toContain('PRIVATE-NOTE-TEXT');
    const notes = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: teacher } });
    expect(notes.json()[0]).toMatchObject({ kind: 'visit.shared', link: `/my-classroom/visits/${visit.id}`, read: false });

    const empty = await t.app.inject({ method: 'PUT', url: `/api/visits/${visit.id}/reflection`, headers: { cookie: teacher }, payload: { body: '   ' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toEqual([{ path: 'body.body', message: 'Write your reflection' }]);
    const reflection = await t.app.inject({
      method: 'PUT',
      url: `/api/visits/${visit.id}/reflection`,
      headers: { cookie: teacher },
      payload: { body: 'The five who were not explaining had not started.', nextStep: 'Start with a worked example for that group.', wantsConversation: true },
    });
    expect(reflection.statusCode).toBe(200);
    expect(reflection.json()).toMatchObject({ status: 'reflected', reflection: { nextStep: 'Start with a worked example for that group.', wantsConversation: true } });
    const leaderView = await t.app.inject({ method: 'GET', url: `/api/visits/${visit.id}`, headers: { cookie: principal } });
    expect(leaderView.json().reflection.body).toBe('The five who were not explaining had not started.');
    const followUp = await t.app.inject({ method: 'GET', url: `/api/follow-up?schoolId=${fx.school.id}`, headers: { cookie: principal } });
    expect(followUp.json()).toEqual([expect.objectContaining({ visitId: visit.id, requested: true, reflected: true })]);

    const talk = await t.app.inject({
      method: 'POST',
      url: `/api/visits/${visit.id}/conversations`,
      headers: { cookie: principal },
      payload: { heldOn: '2026-11-23', notes: 'Talked about starting routines.', nextStep: 'Worked example first', followUpOn: '2026-12-01' },
    });
    expect(talk.statusCode).toBe(201);
    expect(talk.json().status).toBe('discussed');
    const teacherView = await t.app.inject({ method: 'GET', url: `/api/visits/${visit.id}`, headers: { cookie: teacher } });
    expect(teacherView.json().conversations[0]).toMatchObject({ notes: 'Talked about starting routines.', recordedBy: { id: fx.users.principal.id } });
    expect(teacherView.json()).not.toHaveProperty('privateNote');
    expect((await t.app.inject({ method: 'GET', url: `/api/follow-up?schoolId=${fx.school.id}`, headers: { cookie: principal } })).json()).toEqual([]);

    const through = await t.app.inject({ method: 'GET', url: `/api/follow-through?schoolId=${fx.school.id}`, headers: { cookie: await sessionCookie(t.db, fx.users.district_leader.id) } });
    expect(through.statusCode).toBe(200);
    const row = through.json().leaders.find((l: { observer: { id: string } }) => l.observer.id === fx.users.principal.id);
    expect(row).toMatchObject({ visits: 1, shared: 1, reflected: 1, discussed: 1, shareRate: 1, reflectionRate: 1, medianDaysToConversation: 3 });
  });

  it('bad input changes nothing: reflecting on someone else\'s visit, a conversation about an unshared visit', async () => {
    const visit = await capture({ teacherId: fx.otherTeacher.id, privateNote: null });
    const res = await t.app.inject({ method: 'PUT', url: `/api/visits/${visit.id}/reflection`, headers: { cookie: teacher }, payload: { body: 'Not mine' } });
    expect(res.statusCode).toBe(404);
    const talk = await t.app.inject({ method: 'POST', url: `/api/visits/${visit.id}/conversations`, headers: { cookie: principal }, payload: { heldOn: '2026-11-23', notes: 'x' } });
    expect(talk.statusCode).toBe(400);
    const rows = await t.db.selectFrom('reflections').select('visit_id').where('visit_id', '=', visit.id).execute();
    expect(rows).toEqual([]);
    expect((await t.db.selectFrom('conversations').select('id').where('visit_id', '=', visit.id).execute())).toEqual([]);
  });

  it('a teacher never sees another teacher\'s visits; a coach sees only their own when the school says so', async () => {
    await t.app.inject({ method: 'PUT', url: `/api/schools/${fx.school.id}/visit-settings`, headers: { cookie: principal }, payload: { shareMode: 'immediate', coachVisibility: 'own' } });
    const other = await capture({ teacherId: fx.otherTeacher.id });
    expect(other.status).toBe('shared');
    expect((await t.app.inject({ method: 'GET', url: `/api/visits/${other.id}`, headers: { cookie: teacher } })).statusCode).toBe(404);
    const coach = await sessionCookie(t.db, fx.users.coach.id);
    expect((await t.app.inject({ method: 'GET', url: `/api/visits/${other.id}`, headers: { cookie: coach } })).statusCode).toBe(404);
    const coachVisit = await capture({ privateNote: null }, coach);
    const list = await t.app.inject({ method: 'GET', url: `/api/visits?schoolId=${fx.school.id}`, headers: { cookie: coach } });
    expect(list.json().items.map((v: { id: string }) => v.id)).toEqual([coachVisit.id]);
    await t.app.inject({ method: 'PUT', url: `/api/schools/${fx.school.id}/visit-settings`, headers: { cookie: principal }, payload: { coachVisibility: 'school' } });
    expect((await t.app.inject({ method: 'GET', url: `/api/visits/${other.id}`, headers: { cookie: coach } })).statusCode).toBe(200);
  });
});

describe("the teacher's export", () => {
  it('is a CSV with the expected columns and a PDF with the statement, and neither holds a private note', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/my/export?format=csv', headers: { cookie: teacher } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['visit_date', 'observer', 'class', 'duration_minutes', 'look_fors', 'evidence', 'guiding_question', 'my_reflection', 'my_next_step', 'conversations']);
    expect(rows.some((r) => r.my_reflection === 'The five who were not explaining had not started.')).toBe(true);
    expect(csv.body).not.toContain('PRIVATE-NOTE-TEXT');
    const pdf = await t.app.inject({ method: 'GET', url: '/api/my/export?format=pdf', headers: { cookie: teacher } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const parser = new PDFParse({ data: pdf.rawPayload });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text).toContain('Visits are not evaluations');
    expect(text).toContain('The five who were not explaining had not started.');
    expect(text).not.toContain('PRIVATE-NOTE-TEXT');
  });

  it('guiding questions start from a default library the school can edit', async () => {
    const list = await t.app.inject({ method: 'GET', url: `/api/schools/${fx.school.id}/guiding-questions`, headers: { cookie: teacher } });
    expect(list.json().length).toBeGreaterThan(5);
    const add = await t.app.inject({ method: 'POST', url: `/api/schools/${fx.school.id}/guiding-questions`, headers: { cookie: principal }, payload: { focus: 'Writing', body: 'What did students do when they got stuck?' } });
    expect(add.statusCode).toBe(201);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/schools/${fx.school.id}/guiding-questions/${add.json().id}`, headers: { cookie: principal } });
    expect(del.statusCode).toBe(204);
  });
});

describe('email held without SMTP', () => {
  it('is sent once an SMTP server is configured', async () => {
    // A database of its own: the shared one holds every other test's emails.
    const fresh = await freshDatabase();
    try {
      await fresh.db.insertInto('email_outbox').values({ to_address: 'held@example.test', subject: 'Held while no SMTP', text_body: 'hello', status: 'held' }).execute();
      const sender = new EmailSender(fresh.db, `smtp://127.0.0.1:${smtpPort}`, 'Rounds <rounds@school.test>');
      expect(await sender.releaseHeld()).toBe(1);
      expect(await sender.runOnce()).toBe(1);
      expect(received.some((m) => m.to.includes('held@example.test'))).toBe(true);
      const row = await fresh.db.selectFrom('email_outbox').select('status').where('to_address', '=', 'held@example.test').executeTakeFirstOrThrow();
      expect(row.status).toBe('sent');
    } finally {
      await fresh.drop();
    }
  });
});
