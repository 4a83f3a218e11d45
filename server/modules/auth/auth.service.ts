import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../../db/database';
import type { MeResponse } from '../../../schemas/auth';
import { DISTRICT_ROLES, type Role } from '../../../schemas/common';
import type { SessionUser } from '../../http/access';
import { AppError, validation } from '../../http/errors';
import { writeAudit } from '../audit/audit';
import * as repo from './auth.repo';
import { hashPassword, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'rounds_session';
/** A session unused for this long ends (idle timeout). */
export const IDLE_HOURS = 12;
/** Sign-in throttling window and limits: per account, and per network address. */
export const THROTTLE = { windowMinutes: 15, perEmail: 5, perIp: 50 } as const;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Signs a user in: checks throttling and the password, then opens a new session and returns its token. */
export async function login(
  db: Db,
  input: { email: string; password: string; ip: string; userAgent: string | null; sessionDays: number },
): Promise<{ token: string; expiresAt: Date; personId: string }> {
  const email = input.email.trim().toLowerCase();
  const failures = await repo.countRecentFailures(db, email, input.ip, THROTTLE.windowMinutes);
  if (failures.byEmail >= THROTTLE.perEmail || failures.byIp >= THROTTLE.perIp) {
    const oldest = failures.oldestByEmail ? new Date(failures.oldestByEmail).getTime() : Date.now();
    const minutes = Math.max(1, Math.ceil((oldest + THROTTLE.windowMinutes * 60_000 - Date.now()) / 60_000));
    throw new AppError(
      'rate_limited',
      `Too many unsuccessful sign-in attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or ask your administrator to reset your password.`,
      undefined,
      { retryAfterSeconds: minutes * 60 },
    );
  }
  const account = await repo.findAccountByEmail(db, email);
  const ok = await verifyPassword(account?.passwordHash, input.password);
  if (!account || !ok) {
    await repo.recordFailure(db, email, input.ip);
    await writeAudit(db, { action: 'auth.login_failed', details: { email }, ip: input.ip, districtId: account?.districtId });
    throw new AppError('invalid_credentials', 'That email and password do not match an account. Check them and try again.');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.sessionDays * 86_400_000);
  await db.transaction().execute(async (trx) => {
    await repo.clearFailures(trx, email);
    await repo.insertSession(trx, {
      tokenHash: sha256(token),
      personId: account.personId,
      expiresAt,
      userAgent: input.userAgent,
      ip: input.ip,
    });
    await writeAudit(trx, { action: 'auth.login', actorId: account.personId, districtId: account.districtId, ip: input.ip });
  });
  return { token, expiresAt, personId: account.personId };
}

/** Ends the session behind a token (a no-op when it is already gone). */
export async function logout(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  await repo.deleteSession(db, sha256(token));
}

/** Resolves a session token to the signed-in user, or null. */
export async function userForToken(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const tokenHash = sha256(token);
  const row = await repo.findSessionUser(db, tokenHash, IDLE_HOURS);
  if (!row) return null;
  const schoolRoles = new Map<string, Role[]>();
  const districtRoles: Role[] = [];
  for (const { school_id, role } of row.roles) {
    if (school_id === null) districtRoles.push(role);
    else schoolRoles.set(school_id, [...(schoolRoles.get(school_id) ?? []), role]);
  }
  return {
    id: row.id,
    email: row.email ?? '',
    name: `${row.given_name} ${row.family_name}`.trim(),
    districtId: row.district_id,
    districtName: row.district_name,
    districtRoles,
    schoolRoles,
    sessionTokenHash: tokenHash,
  };
}

/** What the signed-in user is and where they work: `GET /api/me`. */
export async function describeMe(db: Db, user: SessionUser): Promise<MeResponse> {
  const schools = await repo.listSchoolsForUser(db, user.districtId);
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
  if (input.newPassword.toLowerCase().includes(user.email.split('@')[0]!.toLowerCase())) {
    throw validation([{ path: 'body.newPassword', message: 'Do not use your email name in your password' }]);
  }
  const newHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.setPasswordHash(trx, user.id, newHash);
    await repo.deleteOtherSessions(trx, user.id, user.sessionTokenHash);
    await writeAudit(trx, { action: 'auth.password_changed', actorId: user.id, districtId: user.districtId, ip: input.ip });
  });
}
