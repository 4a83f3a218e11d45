import { AppError } from './errors';
import type { App } from './types';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);

/**
 * Accepts `text/csv` request bodies of at most `maxBytes` in this (encapsulated) scope. A larger body is refused
 * before it is read (by its Content-Length, or as soon as it passes the limit) with a 413 that names the limit;
 * every other error goes on to the app's error handler.
 */
export function acceptCsvUpload(scope: App, maxBytes: number): void {
  scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
  scope.setErrorHandler((error) => {
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' || (error as { statusCode?: number }).statusCode === 413) {
      throw new AppError('payload_too_large', `The file is larger than ${size(maxBytes)}, the most that is imported at once. Split it into smaller files.`, undefined, { maxBytes });
    }
    throw error;
  });
}
