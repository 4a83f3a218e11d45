import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where a screenshot named `name` goes: `docs/screenshots/` when ROUNDS_SCREENSHOTS=1 (to refresh the pictures the
 * docs show), otherwise a folder under the system's temporary directory, so a test run leaves the work tree clean.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.ROUNDS_SCREENSHOTS === '1' ? 'docs/screenshots' : path.join(os.tmpdir(), 'rounds-screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
