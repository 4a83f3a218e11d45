import { ALL_ROLES, ErrorBody, SchoolParams } from '../../../schemas/common';
import { ClassDetail, ClassList, ClassParams, SchoolSummary, StaffList, StaffQuery, TeacherParams, TeacherSchedule } from '../../../schemas/people';
import { access } from '../../http/access';
import type { App, Deps } from '../../http/types';
import { describeSchool, getClass, getTeacherSchedule, listSchoolClasses, listSchoolStaff } from './people.service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const anyoneInSchool = access.school(...ALL_ROLES);

/** Schools, their staff directory, classes and teachers' schedules. */
export async function peopleRoutes(app: App, { db }: Deps): Promise<void> {
  app.get('/api/schools/:schoolId', {
    config: { access: anyoneInSchool },
    schema: { tags: ['people'], summary: "A school's overview and counts", params: SchoolParams, response: { 200: SchoolSummary, ...errors } },
    handler: async (request) => describeSchool(db, request.school!),
  });

  app.get('/api/schools/:schoolId/staff', {
    config: { access: anyoneInSchool },
    schema: {
      tags: ['people'],
      summary: "The school's staff directory with each person's roles",
      params: SchoolParams,
      querystring: StaffQuery,
      response: { 200: StaffList, ...errors },
    },
    handler: async (request) => listSchoolStaff(db, request.school!, request.query),
  });

  app.get('/api/schools/:schoolId/classes', {
    config: { access: anyoneInSchool },
    schema: {
      tags: ['people'],
      summary: "The school's classes (a teacher sees only their own)",
      params: SchoolParams,
      response: { 200: ClassList, ...errors },
    },
    handler: async (request) => listSchoolClasses(db, request.user!, request.school!),
  });

  app.get('/api/schools/:schoolId/classes/:classId', {
    config: { access: anyoneInSchool },
    schema: {
      tags: ['people'],
      summary: 'One class with its student roster (a teacher only for a class they teach)',
      params: ClassParams,
      response: { 200: ClassDetail, ...errors },
    },
    handler: async (request) => getClass(db, request.user!, request.school!, request.params.classId),
  });

  app.get('/api/schools/:schoolId/teachers/:teacherId/schedule', {
    config: { access: anyoneInSchool },
    schema: {
      tags: ['people'],
      summary: "A teacher's classes and weekly meetings (a teacher only their own)",
      params: TeacherParams,
      response: { 200: TeacherSchedule, ...errors },
    },
    handler: async (request) => getTeacherSchedule(db, request.user!, request.school!, request.params.teacherId),
  });
}
