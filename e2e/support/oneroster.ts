/** A small OneRoster 1.1 CSV bundle for the import tests: one new school, a teacher, two students, one class. */

export interface CsvFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const csv = (name: string, rows: string[][]): CsvFile => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8'),
});

const MODIFIED = '2026-08-01T00:00:00Z';

const USER_HEADERS = [
  'sourcedId', 'status', 'dateLastModified', 'enabledUser', 'orgSourcedIds', 'role', 'username', 'userIds', 'givenName', 'familyName',
  'middleName', 'identifier', 'email', 'sms', 'phone', 'agentSourcedIds', 'grades', 'password',
];

const user = (id: string, role: string, given: string, family: string, email: string, grades = '') => [
  id, 'active', MODIFIED, 'true', 'e2e-school', role, id, '', given, family, '', id.toUpperCase(), email, '', '', '', grades, '',
];

/**
 * The bundle's files; `badUser` replaces the second user row (line 3 of users.csv) with an invalid one;
 * `withoutBen` leaves the student Ben Rivers (and his enrollment) out, as if he had left the school.
 */
export function rosterBundle(options: { badUser?: boolean; withoutBen?: boolean } = {}): CsvFile[] {
  const users = [
    USER_HEADERS,
    user('e2e-t1', 'teacher', 'Lena', 'Birch', 'lena.birch@e2e.test'),
    options.badUser
      ? // No given name (required) and a role OneRoster does not define.
        ['e2e-s1', 'active', MODIFIED, 'true', 'e2e-school', 'wizard', 'e2e-s1', '', '', 'Stone', '', 'S1', '', '', '', '', '03', '']
      : user('e2e-s1', 'student', 'Ada', 'Stone', '', '03'),
    ...(options.withoutBen ? [] : [user('e2e-s2', 'student', 'Ben', 'Rivers', '', '03')]),
  ];
  return [
    csv('manifest.csv', [
      ['propertyName', 'value'],
      ['manifest.version', '1.0'],
      ['oneroster.version', '1.1'],
      ['file.academicSessions', 'bulk'],
      ['file.categories', 'absent'],
      ['file.classes', 'bulk'],
      ['file.classResources', 'absent'],
      ['file.courses', 'bulk'],
      ['file.courseResources', 'absent'],
      ['file.demographics', 'absent'],
      ['file.enrollments', 'bulk'],
      ['file.lineItems', 'absent'],
      ['file.orgs', 'bulk'],
      ['file.resources', 'absent'],
      ['file.results', 'absent'],
      ['file.users', 'bulk'],
      ['source.systemName', 'Rounds e2e'],
      ['source.systemCode', 'e2e'],
    ]),
    csv('orgs.csv', [
      ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
      ['demo-district', 'active', MODIFIED, 'Riverside Unified School District', 'district', '', ''],
      ['e2e-school', 'active', MODIFIED, 'Birch Hill Elementary', 'school', 'BHE', 'demo-district'],
    ]),
    csv('academicSessions.csv', [
      ['sourcedId', 'status', 'dateLastModified', 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
      ['e2e-y2027', 'active', MODIFIED, '2026-2027', 'schoolYear', '2026-08-17', '2027-06-04', '', '2027'],
      ['e2e-fall', 'active', MODIFIED, 'Fall 2026', 'term', '2026-08-17', '2027-01-15', 'e2e-y2027', '2027'],
    ]),
    csv('courses.csv', [
      ['sourcedId', 'status', 'dateLastModified', 'schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId', 'subjects', 'subjectCodes'],
      ['e2e-math3', 'active', MODIFIED, 'e2e-y2027', 'Grade 3 Math', 'M3', '03', 'e2e-school', 'Mathematics', ''],
    ]),
    csv('classes.csv', [
      ['sourcedId', 'status', 'dateLastModified', 'title', 'grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', 'termSourcedIds', 'subjects', 'subjectCodes', 'periods'],
      ['e2e-math3-1', 'active', MODIFIED, 'Grade 3 Math - Birch', '03', 'e2e-math3', 'M3-1', 'scheduled', 'Room 12', 'e2e-school', 'e2e-fall', 'Mathematics', '', '2'],
    ]),
    csv('users.csv', users),
    csv('enrollments.csv', [
      ['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
      ['e2e-en1', 'active', MODIFIED, 'e2e-math3-1', 'e2e-school', 'e2e-t1', 'teacher', 'true', '', ''],
      ['e2e-en2', 'active', MODIFIED, 'e2e-math3-1', 'e2e-school', 'e2e-s1', 'student', 'false', '', ''],
      ...(options.withoutBen ? [] : [['e2e-en3', 'active', MODIFIED, 'e2e-math3-1', 'e2e-school', 'e2e-s2', 'student', 'false', '', '']]),
    ]),
  ];
}
