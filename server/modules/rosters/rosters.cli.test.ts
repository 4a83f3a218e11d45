import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../../db/database';
import { createDistrict } from '../../../db/seed/builders';
import { generateBundle, writeBundle } from '../../../db/seed/oneroster-bundle';
import { databaseFactory } from '../../test/test-database';
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
