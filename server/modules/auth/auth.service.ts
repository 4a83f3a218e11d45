import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../../db/database';
import type { MeResponse } from '../../../schemas/auth';
import { DISTRICT_ROLES, type Role } from '../../../schemas/common';
import type { SessionUser } from '../../http/access';
import { AppError, validation } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import * as repo from './auth.repo';
import { newPasswordProblem } from './common-passwords';
import { hashPassword, verifyPassword } from './passwords';
import { checkThrottle, recordFailure, recordSuccess } from './throttle';

export const SESSION_COOKIE = 'rounds_session';
/** A session unused for this long ends (idle timeout); SESSION_IDLE_HOURS changes it. */
export const IDLE_HOURS = 12;
/** A sign-in that still owes its second step must finish it within this time. */
export const PENDING_MINUTES = 15;
export { THROTTLE } from './throttle';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface OpenedSession {
  token: string;
  expiresAt: Date;
  personId: string;
  stage: repo.SessionStage;
}

/**
 * Opens a new session for a person whose first factor (password or single sign-on) was right. Someone with two-step
 * verification set up gets a 'totp' session that owes the code; someone whose role requires it but who has none gets
 * an 'enrol' session that can only set it up; everyone else is signed in. Any session the browser already held is
 * ended (a new token at every sign-in).
 */
export async function openSession(
  db: Db,
  input: {
    personId: string;
    districtId: string;
    method: repo.SignInMethod;
    ip: string;
    userAgent: string | null;
    sessionDays: number;
    previousToken?: string;
    /** The second step was just done: open a full session whatever the factors. */
    stage?: repo.SessionStage;
  },
): Promise<OpenedSession> {
  let stage = input.stage;
  if (!stage) {
    const factor = await repo.findTotp(db, input.personId);
    stage = factor?.secret ? 'totp' : (await repo.requiresTwoStep(db, input.personId)) ? 'enrol' : 'full';
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (stage === 'full' ? input.sessionDays * 86_400_000 : PENDING_MINUTES * 60_000));
  await db.transaction().execute(async (trx) => {
    if (input.previousToken && input.previousToken.length <= 100) await repo.deleteSession(trx, sha256(input.previousToken));
    await repo.insertSession(trx, {
      tokenHash: sha256(token),
      personId: input.personId,
      expiresAt,
      userAgent: input.userAgent,
      ip: input.ip,
      stage,
      method: input.method,
    });
    await writeAudit(trx, {
      action: stage === 'full' ? 'auth.login' : 'auth.login_first_step',
      actorId: input.personId,
      districtId: input.districtId,
      ip: input.ip,
      details: { method: input.method, ...(stage === 'full' ? {} : { owes: stage }) },
    });
  });
  return { token, expiresAt, personId: input.personId, stage };
}

/** Signs a user in with email and password: checks throttling and the password, then opens a session. */
export async function login(
  db: Db,
  input: { email: string; password: string; ip: string; userAgent: string | null; sessionDays: number; previousToken?: string },
): Promise<OpenedSession> {
  const email = input.email.trim().toLowerCase();
  await checkThrottle(db, email, input.ip);
  const account = await repo.findAccountByEmail(db, email);
  const ok = await verifyPassword(account?.passwordHash, input.password);
  if (!account || !ok) {
    await recordFailure(db, email, input.ip);
    await writeAudit(db, { action: 'auth.login_failed', details: { email }, ip: input.ip, districtId: account?.districtId });
    throw new AppError('invalid_credentials', 'That email and password do not match an account. Check them and try again.');
  }
  await recordSuccess(db, email, input.ip);
  return openSession(db, { ...account, method: 'password', ip: input.ip, userAgent: input.userAgent, sessionDays: input.sessionDays, previousToken: input.previousToken });
}

/** Ends the session behind a token (a no-op when it is already gone). */
export async function logout(db: Db, token: string | undefined): Promise<void> {
  if (!token || token.length > 100) return;
  await repo.deleteSession(db, sha256(token));
}

/** Resolves a session token to the signed-in user, or null (a sign-in still owing its second step is not signed in). */
export async function userForToken(db: Db, token: string | undefined, idleHours = IDLE_HOURS): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const tokenHash = sha256(token);
  const row = await repo.findSessionUser(db, tokenHash, idleHours);
  if (!row) return null;
  const schoolRoles = new Map<string, Role[]>();
  const schools = new Map<string, { name: string; timezone: string }>();
  const districtRoles: Role[] = [];
  for (const { school_id, role, school_name, timezone } of row.roles) {
    if (school_id === null) districtRoles.push(role);
    else schoolRoles.set(school_id, [...(schoolRoles.get(school_id) ?? []), role]);
    if (school_id !== null && school_name !== null && timezone !== null) schools.set(school_id, { name: school_name, timezone });
  }
  return {
    id: row.id,
    email: row.email ?? '',
    name: `${row.given_name} ${row.family_name}`.trim(),
    districtId: row.district_id,
    districtName: row.district_name,
    districtRoles,
    schoolRoles,
    schools,
    sessionTokenHash: tokenHash,
  };
}

/** What the signed-in user is and where they work: `GET /api/me`. */
export async function describeMe(db: Db, user: SessionUser): Promise<MeResponse> {
  const [schools, factor] = await Promise.all([repo.listSchoolsForUser(db, user.districtId), repo.findTotp(db, user.id)]);
  const order: Role[] = ['district_admin', 'district_leader', 'principal', 'assistant_principal', 'coach', 'teacher'];
  return {
    user: { id: user.id, email: user.email, name: user.name },
    schools: schools
      .map((s) => ({
        id: s.id,
        name: s.name,
        timezone: s.timezone,
        roles: [...user.districtRoles, ...(user.schoolRoles.get(s.id) ?? [])].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
      }))
      .filter((s) => s.roles.length > 0),
    district: { id: user.districtId, name: user.districtName, roles: user.districtRoles.filter((r) => (DISTRICT_ROLES as readonly Role[]).includes(r)) },
    twoStep: {
      enabled: Boolean(factor?.secret),
      required: user.districtRoles.some((r) => repo.TWO_STEP_ROLES.includes(r)),
    },
  };
}

/** Changes the signed-in user's password after checking the current one; other sessions are signed out. */
export async function changePassword(
  db: Db,
  user: SessionUser,
  input: { currentPassword: string; newPassword: string; ip: string },
): Promise<void> {
  const stored = await repo.findPasswordHash(db, user.id);
  if (!(await verifyPassword(stored, input.currentPassword))) {
    throw validation([{ path: 'body.currentPassword', message: 'This is not your current password' }]);
  }
  if (input.newPassword === input.currentPassword) {
    throw validation([{ path: 'body.newPassword', message: 'Choose a password different from the current one' }]);
  }
  const problem = newPasswordProblem(input.newPassword, user.email);
  if (problem) throw validation([{ path: 'body.newPassword', message: problem }]);
  const newHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.setPasswordHash(trx, user.id, newHash);
    await repo.deleteOtherSessions(trx, user.id, user.sessionTokenHash);
    await writeAudit(trx, { action: 'auth.password_changed', actorId: user.id, districtId: user.districtId, ip: input.ip });
  });
}
