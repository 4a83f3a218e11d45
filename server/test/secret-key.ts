import { createHash } from 'node:crypto';
import { useSecretKeys } from '../secrets';

/**
 * Every test process encrypts stored secrets with this key, so any test file (they share one database) can read
 * what another wrote. It is a test key only: real installs use ROUNDS_SECRET_KEY or their data directory's key file.
 */
export const TEST_SECRET_KEY = createHash('sha256').update('rounds test secret key').digest();
useSecretKeys({ current: TEST_SECRET_KEY });
