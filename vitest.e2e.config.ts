import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files run one at a time in name order, except the load-like suites (1,000 offline visits, 500 XSS visits), which
 * leave a queue of emails and many visits behind them, and then the roster import, which changes the district.
 */
class RostersLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const last = (f: TestSpecification) => (f.moduleId.includes('rosters') ? 2 : /offline-chaos|xss/.test(f.moduleId) ? 1 : 0);
    return [...files].sort((a, b) => last(a) - last(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

/** Browser end-to-end tests: the real app (built web + server + embedded PostgreSQL) driven by Chromium. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    setupFiles: ['e2e/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { sequencer: RostersLast },
  },
});
