import { readFileSync } from 'node:fs';

let common: Set<string> | undefined;

/** The 3,000 most common passwords (common-passwords.txt beside this file), lower-cased. */
function commonPasswords(): Set<string> {
  if (!common) {
    const text = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    common = new Set(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => line.toLowerCase()),
    );
  }
  return common;
}

/** True for a password on the list of the most common ones (case does not matter). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.trim().toLowerCase());
}

/** How many passwords the list holds. */
export const commonPasswordCount = () => commonPasswords().size;

/**
 * Checks a new password beyond its length (schemas/auth.ts NewPassword): not one of the most common passwords, not
 * built from the account's email name. Returns the message for the field, or undefined when it is acceptable.
 */
export function newPasswordProblem(password: string, email: string): string | undefined {
  if (isCommonPassword(password)) return 'This is one of the most common passwords, which attackers try first. Choose another';
  const name = email.split('@')[0]!.toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name)) return 'Do not use your email name in your password';
  return undefined;
}
