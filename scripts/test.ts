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

/**
 * Runs one suite's Vitest. With `prefix`, its output is passed through line by line with the suite's name in front
 * (suites running side by side stay readable).
 */
function run(suite: Suite, outFile: string, prefix: boolean): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      'npx',
      ['vitest', 'run', '--config', suite.config, '--reporter=default', '--reporter=json', `--outputFile.json=${outFile}`, ...passThrough],
      { stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: suite.env },
    );
    if (prefix) {
      for (const stream of [child.stdout!, child.stderr!]) {
        let rest = '';
        stream.on('data', (chunk: Buffer) => {
          const text = rest + chunk.toString();
          const parts = text.split('\n');
          rest = parts.pop() ?? '';
          if (parts.length > 0) process.stdout.write(parts.map((l) => `[${suite.name}] ${l}\n`).join(''));
        });
        stream.on('end', () => rest && process.stdout.write(`[${suite.name}] ${rest}\n`));
      }
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

interface Outcome {
  line: string;
  passed: number;
  failed: number;
  skipped: number;
  failedRun: boolean;
}

async function runSuite(suite: Suite, outDir: string, prefix: boolean): Promise<Outcome> {
  if (!suite.available) {
    if (requireAll || only === suite.name) {
      return { line: `${suite.name}: could not run (${suite.why}) — counted as a failure`, passed: 0, failed: 1, skipped: 0, failedRun: true };
    }
    return { line: `${suite.name}: not run (${suite.why})`, passed: 0, failed: 0, skipped: 0, failedRun: false };
  }
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  const outFile = path.join(outDir, `${suite.name}.json`);
  const started = Date.now();
  const code = await run(suite, outFile, prefix);
  const took = `${Math.round((Date.now() - started) / 1000)} s`;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let failedFiles = 0;
  const notes: string[] = [];
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
      notes.push(`${suite.name}: ran no test — counted as a failure`);
    }
  }
  // A file that failed to load, or a runner that crashed, is a failure even when no test reported one.
  if (code !== 0 && failed === 0) failed = Math.max(1, failedFiles);
  const line = [...notes, `${suite.name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${took})`].join('\n');
  return { line, passed, failed, skipped, failedRun: code !== 0 || failed > 0 };
}

async function main() {
  const outDir = path.resolve('.tmp/test-results');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const chosen = suites.filter((s) => !only || s.name === only);
  // The suites run one after the other. ROUNDS_TEST_PARALLEL=1 runs the browser suite alongside the database suites
  // (their lines prefixed by the suite's name): a gain with four cores or more; on two they slow each other down.
  const serial = process.env.ROUNDS_TEST_PARALLEL !== '1' || chosen.filter((s) => s.available).length < 2;
  const database = chosen.filter((s) => s.name !== 'e2e');
  const browser = chosen.filter((s) => s.name === 'e2e');
  const inOrder = async (list: Suite[], prefix: boolean) => {
    const out: Outcome[] = [];
    for (const suite of list) out.push(await runSuite(suite, outDir, prefix));
    return out;
  };
  const outcomes = serial
    ? await inOrder(chosen, false)
    : (await Promise.all([inOrder(database, true), inOrder(browser, true)])).flat();

  const totals = outcomes.reduce((t, o) => ({ passed: t.passed + o.passed, failed: t.failed + o.failed, skipped: t.skipped + o.skipped }), { passed: 0, failed: 0, skipped: 0 });
  process.stdout.write(`\n${outcomes.map((o) => o.line).join('\n')}\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
  process.exit(outcomes.some((o) => o.failedRun) ? 1 : 0);
}

void main();
