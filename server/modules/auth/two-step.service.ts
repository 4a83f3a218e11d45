import { sql } from 'kysely';
import QRCode from 'qrcode';
import type { Db } from '../../../db/database';
import type { SessionUser } from '../../http/access';
import { AppError, validation } from '../../http/errors';
import { openSecret, sealSecret, totpContext } from '../../secrets';
import { writeAudit } from '../audit/audit';
import * as repo from './auth.repo';
import { openSession, sha256, type OpenedSession } from './auth.service';
import { checkThrottle, recordFailure } from './throttle';
import { checkTotp, hashRecoveryCode, isTotpCode, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, totpUri } from './totp';

const expired = () =>
  new AppError('unauthenticated', 'Your sign-in has expired or was not started. Sign in again.');

/** Where a browser's sign-in stands: signed out, owing a code, owing enrolment, or signed in. */
export async function signInState(db: Db, token: string | undefined) {
  if (!token || token.length > 100) return { stage: 'none' as const };
  const session = await repo.findSession(db, sha256(token));
  if (!session) return { stage: 'none' as const };
  return { stage: session.stage, email: session.email ?? '' };
}

/** The session behind the cookie when it is at one of the given stages. */
async function sessionAt(db: Db, token: string | undefined, stages: repo.SessionStage[]) {
  if (!token || token.length > 100) throw expired();
  const session = await repo.findSession(db, sha256(token));
  if (!session || !stages.includes(session.stage)) throw expired();
  return session;
}

interface Caller {
  token: string | undefined;
  ip: string;
  userAgent: string | null;
  sessionDays: number;
}

/**
 * The second step: an authenticator code (once only) or an unused recovery code turns a 'totp' session into a full
 * one under a new token. Wrong codes count as failed sign-ins for the throttle.
 */
export async function completeTwoStep(db: Db, caller: Caller, code: string): Promise<OpenedSession> {
  const session = await sessionAt(db, caller.token, ['totp']);
  const email = (session.email ?? '').toLowerCase();
  await checkThrottle(db, email, caller.ip);
  const trimmed = code.trim().replace(/\s+/g, '');
  const factor = await repo.findTotp(db, session.person_id);
  let used: 'totp' | 'recovery' | undefined;
  if (factor?.secret && isTotpCode(trimmed)) {
    const result = checkTotp(openSecret(factor.secret, totpContext(session.person_id)), trimmed, Number(factor.last_step));
    if ('step' in result) {
      // Claimed atomically: two requests with the same code cannot both pass.
      const claimed = await db
        .updateTable('totp_factors')
        .set({ last_step: String(result.step) })
        .where('person_id', '=', session.person_id)
        .where(sql<boolean>`last_step < ${result.step}`)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 1) used = 'totp';
    } else if (result.error === 'used') {
      throw validation([{ path: 'body.code', message: 'That code was just used. Wait for the next code in your authenticator app' }]);
    }
  } else if (looksLikeRecoveryCode(trimmed)) {
    const spent = await db
      .updateTable('recovery_codes')
      .set({ used_at: sql<Date>`now()` })
      .where('person_id', '=', session.person_id)
      .where('code_hash', '=', hashRecoveryCode(trimmed))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) === 1) used = 'recovery';
  }
  if (!used) {
    await recordFailure(db, email, caller.ip);
    await writeAudit(db, { action: 'auth.two_step_failed', actorId: session.person_id, districtId: session.district_id, ip: caller.ip });
    throw validation([{ path: 'body.code', message: 'That code is not right. Enter the 6-digit code your authenticator app shows now, or a recovery code' }]);
  }
  if (used === 'recovery') {
    await writeAudit(db, { action: 'auth.recovery_code_used', actorId: session.person_id, districtId: session.district_id, ip: caller.ip });
  }
  return openSession(db, {
    personId: session.person_id,
    districtId: session.district_id,
    method: session.method,
    ip: caller.ip,
    userAgent: caller.userAgent,
    sessionDays: caller.sessionDays,
    previousToken: caller.token,
    stage: 'full',
  });
}

/** Starts setting up an authenticator: a new secret to scan (a QR code made here, as SVG) or type in. */
export async function startEnrolment(db: Db, token: string | undefined) {
  const session = await sessionAt(db, token, ['enrol', 'full']);
  const secret = newTotpSecret();
  const sealed = sealSecret(secret, totpContext(session.person_id));
  await db
    .insertInto('totp_factors')
    .values({ person_id: session.person_id, pending_secret: sealed })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ pending_secret: sealed }))
    .execute();
  const uri = totpUri(secret, session.email ?? '');
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/**
 * Confirms the authenticator with a code from it: it becomes the account's factor, ten new recovery codes are made
 * (returned once, stored hashed), and the user's other sessions end. A restricted 'enrol' session becomes a full one
 * under a new token.
 */
export async function confirmEnrolment(db: Db, caller: Caller, code: string): Promise<{ recoveryCodes: string[]; session?: OpenedSession }> {
  const session = await sessionAt(db, caller.token, ['enrol', 'full']);
  const factor = await repo.findTotp(db, session.person_id);
  if (!factor?.pending_secret) {
    throw validation([{ path: 'body.code', message: 'Start the set-up again: no authenticator is being set up' }]);
  }
  const result = checkTotp(openSecret(factor.pending_secret, totpContext(session.person_id)), code.trim().replace(/\s+/g, ''), 0);
  if (!('step' in result)) {
    throw validation([{ path: 'body.code', message: 'That code is not right. Check the time on your phone and enter the code the app shows now' }]);
  }
  const recoveryCodes = newRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('totp_factors')
      .set({ secret: factor.pending_secret, pending_secret: null, confirmed_at: sql<Date>`now()`, last_step: String(result.step) })
      .where('person_id', '=', session.person_id)
      .execute();
    await trx.deleteFrom('recovery_codes').where('person_id', '=', session.person_id).execute();
    await trx
      .insertInto('recovery_codes')
      .values(recoveryCodes.map((c) => ({ person_id: session.person_id, code_hash: hashRecoveryCode(c) })))
      .execute();
    await trx.deleteFrom('sessions').where('person_id', '=', session.person_id).where('token_hash', '<>', session.token_hash).execute();
    await writeAudit(trx, { action: 'auth.two_step_enabled', actorId: session.person_id, districtId: session.district_id, ip: caller.ip });
  });
  if (session.stage === 'full') return { recoveryCodes };
  const opened = await openSession(db, {
    personId: session.person_id,
    districtId: session.district_id,
    method: session.method,
    ip: caller.ip,
    userAgent: caller.userAgent,
    sessionDays: caller.sessionDays,
    previousToken: caller.token,
    stage: 'full',
  });
  return { recoveryCodes, session: opened };
}

/** Turns two-step verification off (with a current code); refused where the user's role requires it. */
export async function disableTwoStep(db: Db, user: SessionUser, code: string, ip: string): Promise<void> {
  if (user.districtRoles.some((r) => repo.TWO_STEP_ROLES.includes(r))) {
    throw new AppError('forbidden', 'Your district role requires two-step verification: it cannot be turned off. Set up a new phone instead.');
  }
  const factor = await repo.findTotp(db, user.id);
  if (!factor?.secret) throw new AppError('conflict', 'Two-step verification is not turned on.');
  const result = checkTotp(openSecret(factor.secret, totpContext(user.id)), code.trim(), Number(factor.last_step));
  if (!('step' in result)) {
    throw validation([{ path: 'body.code', message: result.error === 'used' ? 'That code was just used. Wait for the next one' : 'That code is not right' }]);
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('totp_factors').where('person_id', '=', user.id).execute();
    await trx.deleteFrom('recovery_codes').where('person_id', '=', user.id).execute();
    await writeAudit(trx, { action: 'auth.two_step_disabled', actorId: user.id, districtId: user.districtId, ip });
  });
}

/** A person of the admin's district (staff), or 404 exactly like a person who does not exist. */
async function districtPerson(db: Db, admin: SessionUser, personId: string) {
  const person = await db
    .selectFrom('people')
    .select(['id', 'district_id'])
    .where('id', '=', personId)
    .where('district_id', '=', admin.districtId)
    .where('kind', '=', 'staff')
    .executeTakeFirst();
  if (!person) throw new AppError('not_found', 'There is no such person in your district.');
  return person;
}

/** A person's two-step verification as their district admin sees it (never the secret). */
export async function twoStepStatus(db: Db, admin: SessionUser, personId: string) {
  await districtPerson(db, admin, personId);
  const factor = await repo.findTotp(db, personId);
  const codes = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_id', '=', personId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    personId,
    enabled: Boolean(factor?.secret),
    confirmedAt: factor?.secret && factor.confirmed_at ? new Date(factor.confirmed_at).toISOString() : null,
    recoveryCodesLeft: Number(codes.n),
    required: await repo.requiresTwoStep(db, personId),
  };
}

/**
 * A district admin resets another person's two-step verification (a lost phone and no recovery codes): the
 * authenticator secret and recovery codes go, the person's sessions end, and the reset is audited. A person whose
 * role requires two-step verification sets it up again at their next sign-in. Not for the admin's own account
 * (that needs a recovery code or another admin); a person of another district is not found.
 */
export async function resetTwoStep(db: Db, admin: SessionUser, personId: string, ip: string): Promise<void> {
  if (personId === admin.id) {
    throw new AppError('forbidden', 'You cannot reset your own two-step verification: sign in with a recovery code, or ask another district administrator.');
  }
  await districtPerson(db, admin, personId);
  await db.transaction().execute(async (trx) => {
    const factor = await trx.deleteFrom('totp_factors').where('person_id', '=', personId).returning('secret').executeTakeFirst();
    const codes = await trx.deleteFrom('recovery_codes').where('person_id', '=', personId).executeTakeFirst();
    const sessions = await trx.deleteFrom('sessions').where('person_id', '=', personId).executeTakeFirst();
    await writeAudit(trx, {
      action: 'auth.two_step_reset',
      actorId: admin.id,
      districtId: admin.districtId,
      entity: 'person',
      entityId: personId,
      ip,
      details: {
        hadTwoStep: Boolean(factor?.secret),
        recoveryCodesRemoved: Number(codes.numDeletedRows),
        sessionsEnded: Number(sessions.numDeletedRows),
      },
    });
  });
}
