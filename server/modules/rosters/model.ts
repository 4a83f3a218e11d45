import type { RosterFile } from '../../../schemas/rosters';
import type { Status } from './fields';
import type { UserRole } from './spec';

/** An org row (district, school, or another type Rounds does not store). */
export interface OrgRec {
  line: number;
  sourcedId: string;
  status: Status;
  name: string;
  type: string;
  identifier: string | null;
  parentSourcedId: string | null;
}

/** An academic session row. */
export interface SessionRec {
  line: number;
  sourcedId: string;
  status: Status;
  title: string;
  type: 'schoolYear' | 'term' | 'semester' | 'gradingPeriod';
  startDate: string;
  endDate: string;
  parentSourcedId: string | null;
  schoolYear: number;
}

/** A course row. */
export interface CourseRec {
  line: number;
  sourcedId: string;
  status: Status;
  title: string;
  courseCode: string | null;
  grades: string[];
  subjects: string[];
  orgSourcedId: string;
  schoolYearSourcedId: string | null;
}

/** A class (section) row. */
export interface ClassRec {
  line: number;
  sourcedId: string;
  status: Status;
  title: string;
  classCode: string | null;
  classType: 'homeroom' | 'scheduled';
  location: string | null;
  grades: string[];
  subjects: string[];
  periods: string[];
  courseSourcedId: string;
  schoolSourcedId: string;
  termSourcedIds: string[];
}

/** A role a user holds: at one org (roles.csv), or at every org of the user (users.csv `role`, orgSourcedId null). */
export interface UserRoleRec {
  role: UserRole;
  orgSourcedId: string | null;
  file: RosterFile;
  line: number;
}

/** A user row, with the roles gathered from users.csv and roles.csv. */
export interface UserRec {
  line: number;
  sourcedId: string;
  status: Status;
  givenName: string;
  familyName: string;
  email: string | null;
  username: string | null;
  identifier: string | null;
  grades: string[];
  orgSourcedIds: string[];
  roles: UserRoleRec[];
  /** Decided once the roles are known: staff, student, or skipped (family members). */
  kind?: 'staff' | 'student' | 'skip';
}

/** An enrollment row. */
export interface EnrollmentRec {
  line: number;
  sourcedId: string;
  status: Status;
  classSourcedId: string;
  schoolSourcedId: string | null;
  userSourcedId: string;
  role: 'teacher' | 'student' | 'aide' | 'administrator' | 'proctor';
  primary: boolean;
  beginDate: string | null;
  endDate: string | null;
}

/** A demographics row (OneRoster fields plus the metadata.* program flags). */
export interface DemographicRec {
  line: number;
  userSourcedId: string;
  birthDate: string | null;
  gender: string | null;
  races: string[];
  hispanicLatino: boolean | null;
  englishLearner: boolean | null;
  specialEducation: boolean | null;
  freeReducedLunch: boolean | null;
}

/** The files manifest.csv declares as `delta` (every other file present is bulk). */
export type FileModes = Partial<Record<RosterFile, 'delta'>>;

/** A row of a delta file with status tobedeleted: the record it names becomes inactive. */
export interface Deletion {
  file: RosterFile;
  sourcedId: string;
  line: number;
}

/** A bundle read and checked row by row; a kind is absent when its file was not in the bundle. */
export interface ParsedBundle {
  version: string | null;
  files: RosterFile[];
  /** Which files are delta files. */
  modes: FileModes;
  /** The tobedeleted rows of delta files. */
  deletions: Deletion[];
  orgs?: OrgRec[];
  sessions?: SessionRec[];
  courses?: CourseRec[];
  classes?: ClassRec[];
  users?: UserRec[];
  enrollments?: EnrollmentRec[];
  demographics?: DemographicRec[];
  /** `file:sourcedId` of rows that had a problem, so references to them are not reported a second time. */
  invalid: Set<string>;
  /** Which program-flag columns demographics.csv carries (an absent column leaves stored values alone). */
  programColumns: { englishLearner: boolean; specialEducation: boolean; freeReducedLunch: boolean };
}

/** What the database already holds for the district, for references to files absent from the bundle. */
export interface KnownRecords {
  /** The district's OneRoster sourcedId, when set. */
  districtSourcedId: string | null;
  schools?: Set<string>;
  sessions?: Set<string>;
  courses?: Set<string>;
  /** Class sourcedId → its school's sourcedId. */
  classes?: Map<string, string>;
  /** Person sourcedId → kind. */
  users?: Map<string, 'staff' | 'student'>;
}

/** Who already uses a staff email (any district). */
export interface EmailOwner {
  id: string;
  districtId: string;
  sourcedId: string;
  rostered: boolean;
}
