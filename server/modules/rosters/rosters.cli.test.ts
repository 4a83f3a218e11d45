import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../../db/database';
import { createDistrict } from '../../../db/seed/builders';
import { generateBundle, writeBundle } from '../../../db/seed/oneroster-bundle';
import { databaseFactory } from '../../test/test-database';
import { endChild, runCliCommand, startAppProcess, waitReady } from '../../operations/helpers';
import { editCsv } from './test-support';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the CLI as an operator would, against the given database. */
function cli(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'server/cli/import-oneroster.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let database: { url: string; drop(): Promise<void> };
let db: Db;
let dir: string;

beforeAll(async () => {
  database = await databaseFactory(inject('databaseUrl'))();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-roster-cli-'));
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('npm run import:oneroster', () => {
  it('imports a folder into an empty database (creating the district), rejects a bad bundle with exit 1, and asks which district when there are several', async () => {
    const files = generateBundle({ schools: 2, teachersPerSchool: 2, studentsPerSchool: 5, districtSourcedId: 'cli-district' });
    const good = path.join(dir, 'good');
    await writeBundle(good, files);

    const first = await cli([good], database.url);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Imported OneRoster 1\.1 into Generated Unified School District/);
    expect(first.stdout).toMatch(/users\s+17\s+17\s+0\s+0\s+0/);

    db = createDb(database.url, { max: 2 });
    const districts = await db.selectFrom('districts').select(['id', 'sourced_id']).execute();
    expect(districts).toEqual([{ id: expect.any(String), sourced_id: 'cli-district' }]);
    const people = await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(people.n)).toBe(17);

    const bad = path.join(dir, 'bad');
    await writeBundle(bad, editCsv(files, 'users.csv', (r) => (r.sourcedId === 'teacher-1-1' ? { ...r, role: 'wizard' } : r)));
    const rejected = await cli([bad], database.url);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/Rejected: The roster was rejected: 1 problem in users\.csv/);
    expect(rejected.stderr).toMatch(/users\.csv:4:role {2}"wizard" is not a valid role/);

    await createDistrict(db, { name: 'Second district' });
    const ambiguous = await cli([good], database.url);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/several districts; choose one with --district/);
    const chosen = await cli([good, '--district', 'cli-district'], database.url);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toMatch(/users\s+17\s+0\s+0\s+17\s+0/);

    const missing = await cli([path.join(dir, 'nowhere')], database.url);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  }, 180_000);
});

// It starts an embedded server of its own, so the run on an external server does not repeat it.
describe.skipIf(inject('databaseKind') !== 'embedded')('npm run import:oneroster while Rounds runs on its embedded database', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) await endChild(child);
  });

  it('joins the running server’s database, prints warnings, and stops for confirmation before a mass deactivation', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-roster-cli-embedded-'));
    try {
      const app = await startAppProcess({ ROUNDS_DATA_DIR: dataDir }, children);
      await waitReady(app, 120_000);
      let files = generateBundle({ schools: 2, teachersPerSchool: 2, studentsPerSchool: 4, districtSourcedId: 'cli-embedded' });
      // A parent org real exports name but leave out: a warning, printed.
      files = editCsv(files, 'orgs.csv', (r) => (r.type === 'district' ? { ...r, parentSourcedId: 'state-x' } : r));
      const bundle = path.join(dataDir, '..', `${path.basename(dataDir)}-bundle`);
      await writeBundle(bundle, files);
      const env = { ROUNDS_DATA_DIR: dataDir };

      const first = await runCliCommand('import-oneroster', [bundle], env, 120_000);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/Importing into the embedded database of the running Rounds \(pid \d+\)/);
      expect(first.stdout).toMatch(/users\s+15\s+15\s+0\s+0\s+0/);
      expect(first.stdout).toMatch(/Accepted with warnings:\n[^]*orgs\.csv parentSourcedId: Parent orgs that are not in orgs\.csv were ignored/);

      // The running app sees the import: its data is in the same database (the same bundle again changes nothing).
      const again = await runCliCommand('import-oneroster', [bundle], env, 120_000);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/users\s+15\s+0\s+0\s+15\s+0/);

      // School 2 left out entirely: stopped with the report, exit 4, nothing changed; applied with the flag.
      const drop = (id: string) => /^(principal-2|teacher-2-|student-2-)/.test(id);
      let smaller = editCsv(files, 'users.csv', (r) => (drop(r.sourcedId!) ? null : r));
      smaller = editCsv(smaller, 'enrollments.csv', (r) => (drop(r.userSourcedId!) ? null : r));
      smaller = editCsv(smaller, 'demographics.csv', (r) => (drop(r.sourcedId!) ? null : r));
      await writeBundle(bundle, smaller);
      const stopped = await runCliCommand('import-oneroster', [bundle], env, 120_000);
      expect(stopped.code, stopped.stderr).toBe(4);
      expect(stopped.stderr).toMatch(/Stopped: The import would make 7 of the district's 15 active roster people inactive/);
      expect(stopped.stderr).toMatch(/--confirm-deactivations/);
      expect(stopped.stderr).toMatch(/Generated School 2\s+7\s+7\s+\(everyone\)/);
      expect(stopped.stderr).toMatch(/Warnings:/);
      const confirmed = await runCliCommand('import-oneroster', [bundle, '--confirm-deactivations'], env, 120_000);
      expect(confirmed.code, confirmed.stderr).toBe(0);
      expect(confirmed.stdout).toMatch(/users\s+8\s+0\s+0\s+8\s+7/);
    } finally {
      for (const child of children.splice(0)) await endChild(child);
      await fs.rm(dataDir, { recursive: true, force: true });
      await fs.rm(path.join(dataDir, '..', `${path.basename(dataDir)}-bundle`), { recursive: true, force: true });
    }
  }, 300_000);
});
