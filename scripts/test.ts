/**
 * Runs every test suite and prints one closing line with the real totals: `N passed, N failed`.
 *
 * - unit + API tests on the embedded PostgreSQL server (always);
 * - the same tests on an external PostgreSQL server when TEST_DATABASE_URL is set;
 * - browser end-to-end tests when Chromium is installed (CHROMIUM_PATH or /usr/bin/chromium).
 *
 * With ROUNDS_TEST_REQUIRE_ALL=1 (CI) a suite that cannot run is a failure, never a silent skip.
 * `--only embedded|postgres|e2e` runs one suite; other arguments go to Vitest (e.g. a file filter).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

interface Suite {
  name: 'embedded' | 'postgres' | 'e2e';
  config: string;
  env: NodeJS.ProcessEnv;
  available: boolean;
  why: string;
}

const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const passThrough = onlyIndex >= 0 ? args.filter((_, i) => i !== onlyIndex && i !== onlyIndex + 1) : args;
const requireAll = process.env.ROUNDS_TEST_REQUIRE_ALL === '1';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { TEST_DATABASE_URL: externalUrl, ...baseEnv } = process.env;

const suites: Suite[] = [
  { name: 'embedded', config: 'vitest.config.ts', env: baseEnv, available: true, why: '' },
  {
    name: 'postgres',
    config: 'vitest.config.ts',
    env: { ...baseEnv, TEST_DATABASE_URL: externalUrl },
    available: Boolean(externalUrl),
    why: 'TEST_DATABASE_URL is not set',
  },
  {
    name: 'e2e',
    config: 'vitest.e2e.config.ts',
    env: { ...baseEnv, CHROMIUM_PATH: chromium },
    available: existsSync(chromium) && existsSync('vitest.e2e.config.ts'),
    why: existsSync(chromium) ? 'vitest.e2e.config.ts is missing' : `Chromium is not installed at ${chromium}`,
  },
];

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function run(suite: Suite, outFile: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      'npx',
      ['vitest', 'run', '--config', suite.config, '--reporter=default', '--reporter=json', `--outputFile.json=${outFile}`, ...passThrough],
      { stdio: 'inherit', env: suite.env },
    );
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const outDir = path.resolve('.tmp/test-results');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  const lines: string[] = [];
  let exitCode = 0;

  for (const suite of suites) {
    if (only && suite.name !== only) continue;
    if (!suite.available) {
      if (requireAll || only === suite.name) {
        totals.failed += 1;
        exitCode = 1;
        lines.push(`${suite.name}: could not run (${suite.why}) — counted as a failure`);
      } else {
        lines.push(`${suite.name}: not run (${suite.why})`);
      }
      continue;
    }
    process.stdout.write(`\n=== ${suite.name} ===\n`);
    const outFile = path.join(outDir, `${suite.name}.json`);
    const started = Date.now();
    const code = await run(suite, outFile);
    const took = `${Math.round((Date.now() - started) / 1000)} s`;
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let failedFiles = 0;
    if (existsSync(outFile)) {
      const report = JSON.parse(readFileSync(outFile, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
        numPendingTests: number;
        numTodoTests: number;
        numFailedTestSuites: number;
        numTotalTests: number;
      };
      passed = report.numPassedTests;
      failed = report.numFailedTests;
      skipped = report.numPendingTests + report.numTodoTests;
      failedFiles = report.numFailedTestSuites;
      if (report.numTotalTests === 0) {
        failed += 1;
        lines.push(`${suite.name}: ran no test — counted as a failure`);
      }
    }
    // A file that failed to load, or a runner that crashed, is a failure even when no test reported one.
    if (code !== 0 && failed === 0) failed = Math.max(1, failedFiles);
    if (code !== 0 || failed > 0) exitCode = 1;
    totals.passed += passed;
    totals.failed += failed;
    totals.skipped += skipped;
    lines.push(`${suite.name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${took})`);
  }

  process.stdout.write(`\n${lines.join('\n')}\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
  process.exit(exitCode);
}

void main();
