import type { RosterFile } from '../../../schemas/rosters';

/** The columns of one OneRoster CSV file: `required` headers must be present, `optional` ones may be. */
export interface FileSpec {
  required: readonly string[];
  optional: readonly string[];
}

const COMMON = ['status', 'dateLastModified'];

/** Column specifications of the OneRoster 1.1 and 1.2 bulk CSV files Rounds reads (1.2 additions are optional). */
export const SPECS: Record<RosterFile, FileSpec> = {
  'manifest.csv': { required: ['propertyName', 'value'], optional: [] },
  'orgs.csv': { required: ['sourcedId', 'name', 'type'], optional: [...COMMON, 'identifier', 'parentSourcedId'] },
  'academicSessions.csv': {
    required: ['sourcedId', 'title', 'type', 'startDate', 'endDate'],
    optional: [...COMMON, 'parentSourcedId', 'schoolYear'],
  },
  'courses.csv': {
    required: ['sourcedId', 'title', 'orgSourcedId'],
    optional: [...COMMON, 'schoolYearSourcedId', 'courseCode', 'grades', 'subjects', 'subjectCodes', 'resourceSourcedIds'],
  },
  'classes.csv': {
    required: ['sourcedId', 'title', 'courseSourcedId', 'schoolSourcedId'],
    optional: [
      ...COMMON,
      'termSourcedIds',
      'grades',
      'classCode',
      'classType',
      'location',
      'subjects',
      'subjectCodes',
      'periods',
      'resourceSourcedIds',
    ],
  },
  'users.csv': {
    required: ['sourcedId', 'givenName', 'familyName'],
    optional: [
      ...COMMON,
      'enabledUser',
      'orgSourcedIds',
      'role',
      'username',
      'userIds',
      'middleName',
      'identifier',
      'email',
      'sms',
      'phone',
      'agentSourcedIds',
      'grades',
      'password',
      'userMasterIdentifier',
      'resourceSourcedIds',
      'preferredGivenName',
      'preferredMiddleName',
      'preferredFamilyName',
      'primaryOrgSourcedId',
      'pronouns',
    ],
  },
  'roles.csv': {
    required: ['userSourcedId', 'role', 'orgSourcedId'],
    optional: [...COMMON, 'sourcedId', 'roleType', 'beginDate', 'endDate', 'userProfileSourcedId'],
  },
  'enrollments.csv': {
    required: ['sourcedId', 'classSourcedId', 'userSourcedId', 'role'],
    optional: [...COMMON, 'schoolSourcedId', 'primary', 'beginDate', 'endDate'],
  },
  'demographics.csv': {
    required: ['sourcedId'],
    optional: [
      ...COMMON,
      'userSourcedId',
      'birthDate',
      'sex',
      'americanIndianOrAlaskaNative',
      'asian',
      'blackOrAfricanAmerican',
      'nativeHawaiianOrOtherPacificIslander',
      'white',
      'demographicRaceTwoOrMoreRaces',
      'hispanicOrLatinoEthnicity',
      'countryOfBirthCode',
      'stateOfBirthAbbreviation',
      'cityOfBirth',
      'publicSchoolResidenceStatus',
    ],
  },
};

/** OneRoster files Rounds knows but does not import (gradebook, resources, profiles...). */
export const IGNORED_FILES = new Set(
  [
    'categories.csv',
    'classResources.csv',
    'courseResources.csv',
    'lineItems.csv',
    'lineItemLearningObjectiveIds.csv',
    'lineItemScoreScales.csv',
    'resources.csv',
    'results.csv',
    'resultLearningObjectiveIds.csv',
    'resultScoreScales.csv',
    'scoreScales.csv',
    'userProfiles.csv',
    'userResources.csv',
    'assessmentLineItems.csv',
    'assessmentResults.csv',
  ].map((f) => f.toLowerCase()),
);

/** OneRoster org types (1.1 and 1.2). */
export const ORG_TYPES = ['district', 'school', 'department', 'local', 'state', 'national'] as const;
/** OneRoster academic session types, as stored. */
export const SESSION_TYPES = ['schoolYear', 'term', 'semester', 'gradingPeriod'] as const;
/** OneRoster 1.1 and 1.2 user roles. */
export const USER_ROLES = [
  'administrator',
  'aide',
  'guardian',
  'parent',
  'proctor',
  'relative',
  'student',
  'teacher',
  'counselor',
  'districtAdministrator',
  'principal',
  'siteAdministrator',
  'systemAdministrator',
] as const;
export type UserRole = (typeof USER_ROLES)[number];
/** Roles whose users Rounds does not import at all (family members: not needed, so not kept). */
export const SKIPPED_USER_ROLES: readonly UserRole[] = ['guardian', 'parent', 'relative'];
/** Roster role → the school role Rounds grants (conservative: only teacher and principal; others are staff with no role). */
export const SCHOOL_ROLE_OF: Partial<Record<UserRole, 'teacher' | 'principal'>> = {
  teacher: 'teacher',
  principal: 'principal',
  administrator: 'principal',
};
/** OneRoster enrollment roles. */
export const ENROLLMENT_ROLES = ['teacher', 'student', 'aide', 'administrator', 'proctor'] as const;
/** Enrollment roles Rounds stores; administrator and proctor enrollments are skipped. */
export const STORED_ENROLLMENT_ROLES = ['teacher', 'student', 'aide'] as const;

/** A key for matching headers loosely: case, spaces and underscores do not matter. */
export const headerKey = (header: string) => header.replace(/[\s_]/g, '').toLowerCase();
