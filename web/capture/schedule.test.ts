import { describe, expect, test } from 'vitest';
import type { Plan } from '../../schemas/planner';
import type { ClassSummary } from '../../schemas/people';
import { choosePrefill, classFacts, classesOf, gradeLabel, localTime, teachingAt } from './schedule';

const ada = { id: 't-ada', name: 'Ada Byron' };
const bo = { id: 't-bo', name: 'Bo Chen' };
const cls = (id: string, teacher: { id: string; name: string }, start: string, end: string, grades = ['03']): ClassSummary => ({
  id,
  title: `${id} — ${teacher.name}`,
  courseTitle: null,
  subjects: ['Mathematics'],
  grades,
  periods: [],
  room: 'Room 1',
  teachers: [teacher],
  studentCount: 20,
  meetings: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, period: 'Math', start, end, room: weekday === 2 ? 'Room 2' : null })),
});
const classes = [cls('math-ada', ada, '09:35', '10:35'), cls('lit-ada', ada, '08:00', '09:30'), cls('math-bo', bo, '09:35', '10:35', ['KG'])];
const tuesday10 = { weekday: 2, minutes: 600 };

describe('schedule', () => {
  test('local weekday and time in the school’s zone', () => {
    // 2026-11-24 16:00 UTC is Tuesday 10:00 in Chicago and Wednesday 01:00 in Tokyo.
    expect(localTime(new Date('2026-11-24T16:00:00Z'), 'America/Chicago')).toEqual({ weekday: 2, minutes: 600 });
    expect(localTime(new Date('2026-11-24T16:00:00Z'), 'Asia/Tokyo')).toEqual({ weekday: 3, minutes: 60 });
  });

  test('who is teaching now, and a teacher’s classes with the current one first', () => {
    expect(teachingAt(classes, tuesday10).map((s) => s.cls.id)).toEqual(['math-ada', 'math-bo']);
    expect(teachingAt(classes, { weekday: 6, minutes: 600 })).toEqual([]);
    expect(teachingAt(classes, { weekday: 2, minutes: 635 })).toEqual([]); // ends at 10:35
    expect(classesOf(classes, ada.id, teachingAt(classes, tuesday10)).map((c) => c.id)).toEqual(['math-ada', 'lit-ada']);
    expect(classFacts(classes[0]!, classes[0]!.meetings[1])).toBe('Mathematics · Grade 3 · Room 2 · Math 09:35–10:35');
    expect(gradeLabel('KG')).toBe('Kindergarten');
  });

  test('pre-fill: a link first, then the planner, then the schedule ranked by oldest visit', () => {
    const teachers = [ada, bo];
    const plan = {
      now: [{ teacher: bo, class: { id: 'math-bo' }, reasons: ['Last visited 14 days ago'] }],
      later: [],
    } as unknown as Plan;
    expect(choosePrefill({ teachers, classes, plan, at: tuesday10, teacherId: ada.id })).toMatchObject({ teacherId: ada.id, classId: 'math-ada' });
    expect(choosePrefill({ teachers, classes, plan, at: tuesday10, teacherId: ada.id, classId: 'lit-ada' })).toMatchObject({ classId: 'lit-ada' });
    expect(choosePrefill({ teachers, classes, plan, at: tuesday10 })).toEqual({
      teacherId: bo.id,
      classId: 'math-bo',
      why: 'Suggested by the planner: last visited 14 days ago',
    });
    expect(choosePrefill({ teachers, classes, plan: { ...plan, now: [] }, at: tuesday10 })).toBeNull();
    // Offline: the schedule, never-visited first, then the longest since a visit; teachers visited today are skipped.
    expect(choosePrefill({ teachers, classes, plan: null, at: tuesday10 })).toMatchObject({ teacherId: ada.id, classId: 'math-ada' });
    const lastVisits = { [ada.id]: '2026-11-20T10:00:00Z', [bo.id]: '2026-11-01T10:00:00Z' };
    expect(choosePrefill({ teachers, classes, plan: null, lastVisits, at: tuesday10 })).toMatchObject({ teacherId: bo.id });
    expect(choosePrefill({ teachers, classes, plan: null, lastVisits, at: tuesday10, skip: new Set([bo.id]) })).toMatchObject({ teacherId: ada.id });
    expect(choosePrefill({ teachers, classes, plan: null, at: { weekday: 2, minutes: 700 } })).toBeNull();
  });
});
