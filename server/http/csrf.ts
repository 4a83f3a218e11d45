import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the app is served from: PUBLIC_URL when set, otherwise the request's own scheme and host. */
export function ownOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * Rejects a state-changing request whose Origin (or, without one, Referer) is not the app's own origin.
 * Browsers send Origin on every cross-site POST, so a forged form or fetch from another site is refused;
 * a client that sends neither (a script, the CLI) is not a browser acting for a user and may proceed.
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string | undefined): void {
  if (SAFE.has(request.method)) return;
  const expected = ownOrigin(request, publicUrl);
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin !== expected) throw new AppError('csrf_rejected', 'This request came from another site and was refused.');
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
    if (refOrigin !== expected) throw new AppError('csrf_rejected', 'This request came from another site and was refused.');
  }
}
