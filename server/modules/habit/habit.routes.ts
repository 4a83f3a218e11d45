import { z } from 'zod';
import { ErrorBody } from '../../../schemas/common';
import {
  CalendarFeed,
  ChallengeStepBody,
  ChallengeStepParams,
  Habit,
  HabitQuery,
  Task,
  TaskCreate,
  TaskParams,
  TaskUpdate,
  VisitBlocks,
  VisitBlocksUpdate,
} from '../../../schemas/habit';
import { SchoolQuery } from '../../../schemas/common';
import { access } from '../../http/access';
import { ownOrigin } from '../../http/csrf';
import type { App, Deps } from '../../http/types';
import { VISITING_ROLES } from '../visits/visits.policy';
import { describeHabit, feedFor, listBlocks, markStep, renewFeed, replaceBlocks, startChallenge, stopChallenge } from './habit.service';
import { addTask, deleteTask, listTasks, updateTask } from './tasks';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const atOrNow = (at: string | undefined) => (at ? new Date(at) : new Date());

/** The visit habit: streaks and the 21-day challenge, calendar blocks with a private iCalendar feed, and tasks. */
export async function habitRoutes(app: App, { db, config }: Deps): Promise<void> {
  app.get('/api/habit', {
    config: { access: access.schoolInQuery(...VISITING_ROLES) },
    schema: { tags: ['habit'], summary: 'My visit habit: today, my streak, the last two weeks and my 21-day challenge', querystring: HabitQuery, response: { 200: Habit, ...errors } },
    handler: async (request) => describeHabit(db, request.user!, request.school!, atOrNow(request.query.at)),
  });

  app.post('/api/habit/challenge', {
    config: { access: access.schoolInBody(...VISITING_ROLES) },
    schema: { tags: ['habit'], summary: 'Start a 21-day challenge today', body: SchoolQuery, response: { 201: Habit, 409: ErrorBody, ...errors } },
    handler: async (request, reply) => {
      await startChallenge(db, request.user!, request.school!, new Date());
      return reply.code(201).send(await describeHabit(db, request.user!, request.school!, new Date()));
    },
  });

  app.put('/api/habit/challenge/steps/:day', {
    config: { access: access.signedIn },
    schema: { tags: ['habit'], summary: 'Mark a day of my challenge done (or not)', params: ChallengeStepParams, body: ChallengeStepBody, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await markStep(db, request.user!, request.params.day, request.body.done);
      return reply.code(204).send(null);
    },
  });

  app.delete('/api/habit/challenge', {
    config: { access: access.signedIn },
    schema: { tags: ['habit'], summary: 'Stop my challenge (its record is kept)', response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await stopChallenge(db, request.user!);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/calendar/blocks', {
    config: { access: access.signedIn },
    schema: { tags: ['habit'], summary: 'My weekly visit blocks', response: { 200: VisitBlocks, 401: ErrorBody } },
    handler: async (request) => listBlocks(db, request.user!),
  });

  app.put('/api/calendar/blocks', {
    config: { access: access.schoolInBody(...VISITING_ROLES) },
    schema: { tags: ['habit'], summary: 'Replace my weekly visit blocks (times in the school time zone)', body: VisitBlocksUpdate, response: { 200: VisitBlocks, ...errors } },
    handler: async (request) => replaceBlocks(db, request.user!, request.school!, request.body.blocks),
  });

  app.post('/api/calendar/feed', {
    config: { access: access.signedIn },
    schema: { tags: ['habit'], summary: 'Make my private calendar subscription URL (retires the previous one)', response: { 201: CalendarFeed, 401: ErrorBody, 403: ErrorBody } },
    handler: async (request, reply) => reply.code(201).send(await renewFeed(db, request.user!, ownOrigin(request, config.publicUrl))),
  });

  app.get('/api/calendar/:token.ics', {
    // The unguessable token in the URL is the credential: calendar apps cannot sign in.
    config: { access: access.publicService },
    schema: {
      tags: ['habit'],
      summary: 'A private iCalendar feed of visit blocks, for Google Calendar or Outlook to subscribe to',
      params: z.object({ token: z.string().min(20).max(100) }),
      response: { 200: z.string(), 404: ErrorBody, 400: ErrorBody },
    },
    handler: async (request, reply) => {
      const body = await feedFor(db, request.params.token, new Date());
      if (!body) return reply.code(404).send({ error: { code: 'not_found', message: 'This calendar link is not valid any more. Make a new one in Rounds.' } });
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
    },
  });

  app.get('/api/tasks', {
    config: { access: access.signedIn },
    schema: { tags: ['habit'], summary: 'My task list', response: { 200: z.array(Task), 401: ErrorBody } },
    handler: async (request) => listTasks(db, request.user!),
  });
  app.post('/api/tasks', {
    config: { access: access.signedIn },
    schema: { tags: ['habit'], summary: 'Add a task', body: TaskCreate, response: { 201: Task, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await addTask(db, request.user!, request.body)),
  });
  app.patch('/api/tasks/:taskId', {
    config: { access: access.signedIn },
    schema: { tags: ['habit'], summary: 'Change or tick off a task', params: TaskParams, body: TaskUpdate, response: { 200: Task, ...errors } },
    handler: async (request) => updateTask(db, request.user!, request.params.taskId, request.body),
  });
  app.delete('/api/tasks/:taskId', {
    config: { access: access.signedIn },
    schema: { tags: ['habit'], summary: 'Delete a task', params: TaskParams, response: { 204: z.null(), ...errors } },
    handler: async (request, reply) => {
      await deleteTask(db, request.user!, request.params.taskId);
      return reply.code(204).send(null);
    },
  });
}
