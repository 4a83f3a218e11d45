import type { EmailOwner, KnownRecords, OrgRec, ParsedBundle, UserRec } from './model';
import type { Report } from './report';
import { SCHOOL_ROLE_OF, SKIPPED_USER_ROLES } from './spec';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A checked bundle, ready to apply: every reference resolves, kinds and roles are decided. */
export interface Plan {
  bundle: ParsedBundle;
  /** The district org of orgs.csv, when there is one. */
  districtOrg: OrgRec | null;
  /** Orgs of type school (orgs.csv present), else undefined. */
  schools?: OrgRec[];
  /** Users Rounds imports (family members left out), each with its kind. */
  users?: (UserRec & { kind: 'staff' | 'student' })[];
  /** School roles the roster grants (teacher, principal), for active staff. */
  schoolRoles?: { userSourcedId: string; schoolSourcedId: string; role: 'teacher' | 'principal' }[];
  /** School memberships (users.orgSourcedIds that are schools). */
  memberships?: { userSourcedId: string; schoolSourcedId: string }[];
  /** Hand-made accounts of the district that the roster takes over (matched by email): their sourcedId becomes the roster's. */
  adoptions: { personId: string; sourcedId: string }[];
}

/** What the context of a check is: the district's stored records and who holds the bundle's staff emails. */
export interface CheckContext {
  districtId: string | null;
  known: KnownRecords;
  emailOwners: Map<string, EmailOwner>;
}

/**
 * Checks every reference between the files (and, for files absent from the bundle, against what the district
 * already holds), decides each user's kind and school roles, and reports anything that would make the data wrong.
 */
export function checkReferences(bundle: ParsedBundle, ctx: CheckContext, report: Report): Plan {
  const { known } = ctx;
  const plan: Plan = { bundle, districtOrg: null, adoptions: [] };
  /** A delta file lists only changes: its references may also point at what the district already holds. */
  const delta = (file: keyof typeof bundle.modes) => bundle.modes[file] === 'delta';
  /** A reference to a row that already had its own problem is not reported again. */
  const unknown = (file: string, line: number, column: string, target: string, id: string, message: string) =>
    bundle.invalid.has(`${target}:${id}`) ? false : report.problem(file, line, column, message);

  // Orgs: at most one district, and it must be this district.
  const orgType = new Map<string, string>();
  const knownOrgs = () => {
    for (const id of known.schools ?? []) orgType.set(id, 'school');
    if (known.districtSourcedId) orgType.set(known.districtSourcedId, 'district');
  };
  if (bundle.orgs) {
    if (delta('orgs.csv')) knownOrgs();
    for (const org of bundle.orgs) orgType.set(org.sourcedId, org.type);
    const districts = bundle.orgs.filter((o) => o.type === 'district');
    for (const extra of districts.slice(1)) {
      report.problem('orgs.csv', extra.line, 'type', `A second district org ("${extra.sourcedId}"); a bundle holds one district (first on line ${districts[0]!.line}).`);
    }
    const district = districts[0];
    if (district) {
      plan.districtOrg = district;
      if (known.districtSourcedId && known.districtSourcedId !== district.sourcedId) {
        report.problem(
          'orgs.csv',
          district.line,
          'sourcedId',
          `This bundle is for district "${district.sourcedId}", but your district's roster id is "${known.districtSourcedId}". Import it into the right district.`,
        );
      }
    }
    for (const org of bundle.orgs) {
      // Real exports name parents they leave out (a state, a region): Rounds does not store org parents, so a
      // dangling one is only untidy.
      if (org.parentSourcedId && !orgType.has(org.parentSourcedId) && !bundle.invalid.has(`orgs.csv:${org.parentSourcedId}`)) {
        report.warn('orgs.csv', 'parentSourcedId', 'Parent orgs that are not in orgs.csv were ignored; the orgs were imported without them.', org.line);
      }
      if (org.type !== 'district' && org.type !== 'school') {
        report.warn('orgs.csv', 'type', `Orgs of type ${org.type} are not stored by Rounds; references to them are accepted.`, org.line);
      }
    }
    plan.schools = bundle.orgs.filter((o) => o.type === 'school');
  } else {
    knownOrgs();
  }
  const isSchool = (id: string) => orgType.get(id) === 'school';

  const merged = <T>(file: keyof typeof bundle.modes, fromBundle: Iterable<T> | undefined, stored: Iterable<T> | undefined) =>
    new Set<T>(fromBundle ? (delta(file) ? [...(stored ?? []), ...fromBundle] : fromBundle) : (stored ?? []));
  const sessionIds = merged('academicSessions.csv', bundle.sessions?.map((s) => s.sourcedId), known.sessions);
  for (const s of bundle.sessions ?? []) {
    if (s.parentSourcedId === s.sourcedId) {
      report.problem('academicSessions.csv', s.line, 'parentSourcedId', `Session "${s.sourcedId}" names itself as its parent.`);
    } else if (s.parentSourcedId && !sessionIds.has(s.parentSourcedId) && !bundle.invalid.has(`academicSessions.csv:${s.parentSourcedId}`)) {
      report.warn('academicSessions.csv', 'parentSourcedId', 'Parent sessions that are not known were ignored; the sessions were imported without a parent.', s.line);
      s.parentSourcedId = null;
    }
  }

  const courseIds = merged('courses.csv', bundle.courses?.map((c) => c.sourcedId), known.courses);
  for (const c of bundle.courses ?? []) {
    if (!orgType.has(c.orgSourcedId)) unknown('courses.csv', c.line, 'orgSourcedId', 'orgs.csv', c.orgSourcedId, `Org "${c.orgSourcedId}" is not ${bundle.orgs ? 'in orgs.csv' : 'a school of your district'}.`);
    if (c.schoolYearSourcedId && !sessionIds.has(c.schoolYearSourcedId)) {
      unknown('courses.csv', c.line, 'schoolYearSourcedId', 'academicSessions.csv', c.schoolYearSourcedId, `Academic session "${c.schoolYearSourcedId}" is not known.`);
    }
  }

  const classSchool = new Map<string, string>(!bundle.classes || delta('classes.csv') ? (known.classes ?? []) : []);
  for (const c of bundle.classes ?? []) classSchool.set(c.sourcedId, c.schoolSourcedId);
  for (const c of bundle.classes ?? []) {
    if (!courseIds.has(c.courseSourcedId)) unknown('classes.csv', c.line, 'courseSourcedId', 'courses.csv', c.courseSourcedId, `Course "${c.courseSourcedId}" is not known.`);
    if (!orgType.has(c.schoolSourcedId)) unknown('classes.csv', c.line, 'schoolSourcedId', 'orgs.csv', c.schoolSourcedId, `School "${c.schoolSourcedId}" is not known.`);
    else if (!isSchool(c.schoolSourcedId)) report.problem('classes.csv', c.line, 'schoolSourcedId', `Org "${c.schoolSourcedId}" is a ${orgType.get(c.schoolSourcedId)}, not a school.`);
    for (const term of c.termSourcedIds) {
      if (!sessionIds.has(term)) unknown('classes.csv', c.line, 'termSourcedIds', 'academicSessions.csv', term, `Academic session "${term}" is not known.`);
    }
  }

  const userKind = new Map<string, 'staff' | 'student' | 'skip'>();
  if (!bundle.users || delta('users.csv')) for (const [id, kind] of known.users ?? []) userKind.set(id, kind);
  if (bundle.users) checkUsers(bundle.users, plan, ctx, orgType, userKind, report);

  if (bundle.enrollments) {
    let skippedRoles = 0;
    let skippedUsers = 0;
    bundle.enrollments = bundle.enrollments.filter((e) => {
      const school = classSchool.get(e.classSourcedId);
      const kind = userKind.get(e.userSourcedId);
      let ok = true;
      if (school === undefined) ok = unknown('enrollments.csv', e.line, 'classSourcedId', 'classes.csv', e.classSourcedId, `Class "${e.classSourcedId}" is not known.`);
      if (kind === undefined) ok = unknown('enrollments.csv', e.line, 'userSourcedId', 'users.csv', e.userSourcedId, `User "${e.userSourcedId}" is not known.`);
      if (school !== undefined && e.schoolSourcedId && e.schoolSourcedId !== school) {
        ok = report.problem('enrollments.csv', e.line, 'schoolSourcedId', `Class "${e.classSourcedId}" belongs to school "${school}", not "${e.schoolSourcedId}".`);
      }
      if (!ok) return false;
      if (e.role === 'administrator' || e.role === 'proctor') {
        skippedRoles += 1;
        return false;
      }
      if (kind === 'skip') {
        skippedUsers += 1;
        return false;
      }
      return true;
    });
    if (skippedRoles) report.warn('enrollments.csv', 'role', 'Administrator and proctor enrollments are not stored by Rounds; they were skipped.', null, skippedRoles);
    if (skippedUsers) report.warn('enrollments.csv', 'userSourcedId', 'Enrollments of guardians/parents/relatives were skipped.', null, skippedUsers);
  }

  if (bundle.demographics) {
    let staff = 0;
    bundle.demographics = bundle.demographics.filter((d) => {
      const kind = userKind.get(d.userSourcedId);
      if (kind === undefined) return unknown('demographics.csv', d.line, 'sourcedId', 'users.csv', d.userSourcedId, `User "${d.userSourcedId}" is not known.`);
      if (kind === 'student') return true;
      staff += 1;
      return false;
    });
    if (staff) report.warn('demographics.csv', 'sourcedId', 'Demographics of staff and family members were not imported: Rounds keeps demographics only for students.', null, staff);
  }
  return plan;
}

/** Decides each user's kind and school roles, and checks their orgs and staff emails. */
function checkUsers(
  users: UserRec[],
  plan: Plan,
  ctx: CheckContext,
  orgType: Map<string, string>,
  userKind: Map<string, 'staff' | 'student' | 'skip'>,
  report: Report,
): void {
  const kept: (UserRec & { kind: 'staff' | 'student' })[] = [];
  const roles = new Map<string, { userSourcedId: string; schoolSourcedId: string; role: 'teacher' | 'principal' }>();
  const memberships: { userSourcedId: string; schoolSourcedId: string }[] = [];
  const emails = new Map<string, number>();
  const bundleIds = new Set(users.map((u) => u.sourcedId));
  let skipped = 0;
  let studentEmails = 0;
  for (const u of users) {
    const names = [...new Set(u.roles.map((r) => r.role))];
    if (names.length === 0) {
      report.problem('users.csv', u.line, 'role', 'The user has no role (blank role and no row in roles.csv).');
      plan.bundle.invalid.add(`users.csv:${u.sourcedId}`);
      continue;
    }
    if (names.every((r) => SKIPPED_USER_ROLES.includes(r))) {
      userKind.set(u.sourcedId, 'skip');
      skipped += 1;
      continue;
    }
    const staffRoles = names.filter((r) => r !== 'student' && !SKIPPED_USER_ROLES.includes(r));
    if (names.includes('student') && staffRoles.length > 0) {
      report.problem('users.csv', u.line, 'role', `The user is both a student and ${staffRoles.join('/')}; give them one kind of role.`);
      plan.bundle.invalid.add(`users.csv:${u.sourcedId}`);
      continue;
    }
    const kind = names.includes('student') ? 'student' : 'staff';
    userKind.set(u.sourcedId, kind);
    if (u.status === 'active' && u.orgSourcedIds.length === 0 && !u.roles.some((r) => r.orgSourcedId)) {
      report.problem('users.csv', u.line, 'orgSourcedIds', 'orgSourcedIds is blank; an active user needs at least one org.');
    }
    const orgs = new Set(u.orgSourcedIds);
    for (const org of u.orgSourcedIds) {
      if (!orgType.has(org) && !plan.bundle.invalid.has(`orgs.csv:${org}`)) report.problem('users.csv', u.line, 'orgSourcedIds', `Org "${org}" is not known.`);
    }
    for (const r of u.roles) {
      if (!r.orgSourcedId) continue;
      orgs.add(r.orgSourcedId);
      if (!orgType.has(r.orgSourcedId) && !plan.bundle.invalid.has(`orgs.csv:${r.orgSourcedId}`)) {
        report.problem(r.file, r.line, 'orgSourcedId', `Org "${r.orgSourcedId}" is not known.`);
      }
    }
    for (const org of orgs) if (orgType.get(org) === 'school') memberships.push({ userSourcedId: u.sourcedId, schoolSourcedId: org });
    for (const r of u.roles) {
      const role = SCHOOL_ROLE_OF[r.role];
      if (!role || u.status !== 'active' || kind !== 'staff') continue;
      for (const org of r.orgSourcedId ? [r.orgSourcedId] : u.orgSourcedIds) {
        if (orgType.get(org) === 'school') roles.set(`${u.sourcedId}\u0000${org}\u0000${role}`, { userSourcedId: u.sourcedId, schoolSourcedId: org, role });
      }
    }
    if (kind === 'student') {
      // Students do not sign in: Rounds keeps no student email or username (least data).
      if (u.email) studentEmails += 1;
      u.email = null;
      u.username = null;
    } else if (u.email) {
      checkStaffEmail(u, plan, ctx, emails, bundleIds, report);
    }
    kept.push({ ...u, kind });
  }
  if (skipped) report.warn('users.csv', 'role', 'Guardians, parents and relatives are not imported by Rounds; they were skipped.', null, skipped);
  if (studentEmails) report.warn('users.csv', 'email', 'Student email addresses and usernames are not kept (students do not sign in to Rounds).', null, studentEmails);
  plan.users = kept;
  plan.schoolRoles = [...roles.values()];
  plan.memberships = memberships;
}

/** A staff email must be valid, unique in the bundle, and not belong to another account (a hand-made one of this district is taken over). */
function checkStaffEmail(u: UserRec, plan: Plan, ctx: CheckContext, emails: Map<string, number>, bundleIds: Set<string>, report: Report): void {
  const email = u.email!;
  if (!EMAIL.test(email)) {
    report.problem('users.csv', u.line, 'email', `"${email}" is not a valid email address.`);
    return;
  }
  const lower = email.toLowerCase();
  const first = emails.get(lower);
  if (first !== undefined) {
    report.problem('users.csv', u.line, 'email', `Email ${email} is also used by line ${first}; staff emails must be unique.`);
    return;
  }
  emails.set(lower, u.line);
  const owner = ctx.emailOwners.get(lower);
  if (!owner || (owner.sourcedId === u.sourcedId && owner.districtId === ctx.districtId)) return;
  if (owner.districtId !== ctx.districtId) {
    report.problem('users.csv', u.line, 'email', `Email ${email} is already used by an account outside this district.`);
  } else if (!owner.rostered) {
    if (ctx.known.users?.has(u.sourcedId) || bundleIds.has(owner.sourcedId)) {
      report.problem('users.csv', u.line, 'email', `Email ${email} belongs to another account of this district that was not created by a roster import.`);
    } else {
      plan.adoptions.push({ personId: owner.id, sourcedId: u.sourcedId });
      report.warn('users.csv', 'email', 'Existing accounts with the same email were linked to their roster users (their roles and sign-in are kept).', u.line);
    }
  }
  // An email held by another roster-managed person is released when this bundle is applied.
}
