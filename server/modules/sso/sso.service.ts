import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { Db } from '../../../db/database';
import type { SsoSettings, SsoSettingsBody } from '../../../schemas/auth';
import type { SessionUser } from '../../http/access';
import { AppError, validation } from '../../http/errors';
import { openSecret, sealSecret, ssoContext } from '../../secrets';
import { writeAudit } from '../audit/audit';
import { openSession, type OpenedSession } from '../auth/auth.service';
import * as repo from './sso.repo';

/** How long a browser has to come back from the provider. */
const REQUEST_MINUTES = 10;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Why a single sign-on was refused; the sign-in page explains each. */
export type SsoRefusal = 'expired' | 'provider_error' | 'unverified' | 'domain' | 'unknown' | 'unavailable';

export class SsoRefused extends Error {
  constructor(readonly reason: SsoRefusal, detail?: string) {
    super(detail ?? reason);
  }
}

// The provider's configuration (discovery document and keys), kept for ten minutes per issuer and client.
const discovered = new Map<string, { at: number; config: Promise<client.Configuration> }>();
const isLocalIssuer = (url: URL) => url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname);

/** `settings.client_secret` is the stored (encrypted) one; it is decrypted here, where it is used. */
function discover(settings: Pick<repo.SsoSettingsRow, 'district_id' | 'issuer_url' | 'client_id' | 'client_secret'>, fresh = false): Promise<client.Configuration> {
  const clientSecret = openSecret(settings.client_secret, ssoContext(settings.district_id));
  const key = `${settings.issuer_url}\n${settings.client_id}\n${sha256(clientSecret)}`;
  const hit = discovered.get(key);
  if (hit && !fresh && Date.now() - hit.at < 10 * 60_000) return hit.config;
  const issuer = new URL(settings.issuer_url);
  // Plain http only for a provider on this machine (development and tests); anything else must be https.
  const config = client.discovery(issuer, settings.client_id, clientSecret, undefined, {
    timeout: 10,
    ...(isLocalIssuer(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
  });
  discovered.set(key, { at: Date.now(), config });
  config.catch(() => discovered.delete(key));
  return config;
}

/** Districts that offer single sign-on. */
export async function listProviders(db: Db) {
  const rows = await repo.listEnabled(db);
  return { providers: rows.map((r) => ({ districtId: r.id, districtName: r.name, providerName: r.provider_name })) };
}

/** The district's settings for its admin; the client secret never leaves the server. */
export async function getSettings(db: Db, user: SessionUser, redirectUri: string): Promise<SsoSettings> {
  const row = await repo.findSettings(db, user.districtId);
  return {
    configured: row !== undefined,
    providerName: row?.provider_name ?? '',
    issuerUrl: row?.issuer_url ?? '',
    clientId: row?.client_id ?? '',
    hasClientSecret: Boolean(row?.client_secret),
    allowedDomains: row?.allowed_domains ?? [],
    verifiedDomains: row?.verified_domains ?? [],
    enabled: row?.enabled ?? false,
    redirectUri,
  };
}

/** Saves the district's settings; turning it on checks that the provider answers with its configuration. */
export async function saveSettings(db: Db, user: SessionUser, body: SsoSettingsBody, redirectUri: string, ip: string): Promise<SsoSettings> {
  const existing = await repo.findSettings(db, user.districtId);
  // A new secret is encrypted before it is stored; the stored one is kept as it is.
  const secret = body.clientSecret ? sealSecret(body.clientSecret, ssoContext(user.districtId)) : existing?.client_secret || '';
  if (body.enabled && !secret) throw validation([{ path: 'body.clientSecret', message: 'Enter the client secret from your identity provider' }]);
  const row = {
    district_id: user.districtId,
    provider_name: body.providerName,
    issuer_url: body.issuerUrl.replace(/\/+$/, ''),
    client_id: body.clientId,
    client_secret: secret,
    allowed_domains: [...new Set(body.allowedDomains)],
    verified_domains: [...new Set(body.verifiedDomains)],
    enabled: body.enabled,
  };
  if (body.enabled) {
    try {
      await discover(row, true);
    } catch (error) {
      throw validation([
        {
          path: 'body.issuerUrl',
          message: `Rounds could not read the provider's configuration at ${row.issuer_url}/.well-known/openid-configuration (${(error as Error).message}). Check the issuer URL`,
        },
      ]);
    }
  }
  await db.transaction().execute(async (trx) => {
    await repo.saveSettings(trx, { ...row, updated_by: user.id });
    await writeAudit(trx, {
      action: 'sso.settings_saved',
      actorId: user.id,
      districtId: user.districtId,
      ip,
      details: { issuer: row.issuer_url, clientId: row.client_id, enabled: row.enabled, domains: row.allowed_domains, verifiedDomains: row.verified_domains, secretChanged: Boolean(body.clientSecret) },
    });
  });
  return getSettings(db, user, redirectUri);
}

/** Starts an authorization code flow with PKCE, state and nonce; returns the provider URL and the state for the cookie. */
export async function startSignIn(db: Db, districtId: string, returnTo: string, redirectUri: string): Promise<{ url: string; state: string }> {
  const settings = await repo.findSettings(db, districtId);
  if (!settings?.enabled) throw new AppError('not_found', 'Single sign-on is not available for that district.');
  let config: client.Configuration;
  try {
    config = await discover(settings);
  } catch {
    throw new SsoRefused('unavailable');
  }
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await repo.insertRequest(db, { stateHash: sha256(state), districtId, codeVerifier, nonce, returnTo, minutes: REQUEST_MINUTES });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

/**
 * Whether the provider vouches for the email. `email_verified: true` does; any other value of it (false, "false")
 * is refused. Without the claim (Microsoft Entra ID omits it): Entra's `xms_edov` (the email's domain is verified by
 * its owner) decides when present, otherwise the email must be in a domain the district lists as verified.
 */
export function emailVerified(claims: Record<string, unknown>, domain: string, verifiedDomains: string[]): boolean {
  if (claims.email_verified !== undefined) return claims.email_verified === true;
  if (claims.xms_edov !== undefined) return [true, 1, 'true', '1'].includes(claims.xms_edov as never);
  return domain !== '' && verifiedDomains.includes(domain);
}

/**
 * Finishes the flow: the state must match the browser's cookie and a pending request (used once); the code is
 * exchanged with the PKCE verifier and the ID token checked (signature, issuer, audience, nonce). The user is the
 * district's active staff member with the provider's email, which must be verified and in an allowed domain.
 */
export async function finishSignIn(
  db: Db,
  input: { callbackUrl: URL; cookieState: string | undefined; ip: string; userAgent: string | null; sessionDays: number; previousToken?: string },
): Promise<{ session: OpenedSession; returnTo: string }> {
  const state = input.callbackUrl.searchParams.get('state');
  if (!state) throw new SsoRefused('expired');
  // A state is spent by its first use, even a refused one: an intercepted callback cannot be replayed later.
  const request = await repo.takeRequest(db, sha256(state));
  if (!request || !input.cookieState || state !== input.cookieState) throw new SsoRefused('expired');
  if (input.callbackUrl.searchParams.get('error')) throw new SsoRefused('provider_error', input.callbackUrl.searchParams.get('error') ?? undefined);
  const settings = await repo.findSettings(db, request.district_id);
  if (!settings?.enabled) throw new SsoRefused('unavailable');
  let claims: Record<string, unknown>;
  try {
    const config = await discover(settings);
    const tokens = await client.authorizationCodeGrant(config, input.callbackUrl, {
      pkceCodeVerifier: request.code_verifier,
      expectedState: state,
      expectedNonce: request.nonce,
      idTokenExpected: true,
    });
    claims = { ...tokens.claims() };
    if (typeof claims.email !== 'string') {
      claims = { ...claims, ...(await client.fetchUserInfo(config, tokens.access_token, String(claims.sub))) };
    }
  } catch (error) {
    throw new SsoRefused('provider_error', (error as Error).message);
  }
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const refuse = async (reason: SsoRefusal) => {
    await writeAudit(db, { action: 'auth.sso_refused', districtId: request.district_id, ip: input.ip, details: { reason, email } });
    return new SsoRefused(reason);
  };
  const domain = email.split('@')[1] ?? '';
  if (!email || !emailVerified(claims, domain, settings.verified_domains)) throw await refuse('unverified');
  if (settings.allowed_domains.length > 0 && !settings.allowed_domains.includes(domain)) throw await refuse('domain');
  const person = await repo.findStaffByEmail(db, request.district_id, email);
  if (!person) throw await refuse('unknown');
  const session = await openSession(db, {
    personId: person.id,
    districtId: person.district_id,
    method: 'sso',
    ip: input.ip,
    userAgent: input.userAgent,
    sessionDays: input.sessionDays,
    previousToken: input.previousToken,
  });
  return { session, returnTo: request.return_to };
}
