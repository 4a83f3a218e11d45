import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the app is served from: PUBLIC_URL when set, otherwise the request's own scheme and host. */
export function ownOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

const refused = () => new AppError('csrf_rejected', 'This request came from another site and was refused.');

/**
 * Rejects a state-changing request that does not come from Rounds itself:
 * - an `Origin` (or, without one, a `Referer`) that is not the app's own origin;
 * - without either, a `Sec-Fetch-Site` other than `same-origin` or `none` (`none`: the user typed or bookmarked the
 *   address; no page can make a browser send it). `same-site` is refused too: a sibling host is another site here;
 * - with none of the three, a request carrying a session cookie. Every browser Rounds supports sends `Origin` on a
 *   same-origin write and `Sec-Fetch-Site` on every request, so a cookie-bearing write with neither did not come from
 *   our pages; a client without a session (a sign-in from a script) has no ambient authority to abuse and may proceed.
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string | undefined, carriesSession: boolean): void {
  if (SAFE.has(request.method)) return;
  const expected = ownOrigin(request, publicUrl);
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin !== expected) throw refused();
    return;
  }
  const referer = request.headers.referer;
  if (referer !== undefined) {
    let refOrigin: string | undefined;
    try {
      refOrigin = new URL(referer).origin;
    } catch {
      refOrigin = undefined;
    }
    if (refOrigin !== expected) throw refused();
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) {
    if (site !== 'same-origin' && site !== 'none') throw refused();
    return;
  }
  if (carriesSession) {
    throw new AppError('csrf_rejected', 'This request carries a session but does not say where it came from (no Origin, Referer or Sec-Fetch-Site header), so it was refused.');
  }
}
