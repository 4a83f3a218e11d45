/**
 * Roster import benchmark: generates a 50,000-user OneRoster bundle, imports it into a fresh database, imports it
 * again unchanged, then once more with a few changes, and prints the times.
 *
 *   npx tsx bench/roster-import.ts                   # embedded PostgreSQL in a temporary folder
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/roster-import.ts   # a fresh database on that server
 *
 * BENCH_SCHOOLS / BENCH_TEACHERS / BENCH_STUDENTS change the size (per school).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, migrateToLatest } from '../db/database';
import { startEmbedded } from '../db/embedded';
import { generateBundle, zipBundle, type BundleFiles } from '../db/seed/oneroster-bundle';
import type { RosterImportResult } from '../schemas/rosters';
import { importRoster } from '../server/modules/rosters/rosters.service';

const schools = Number(process.env.BENCH_SCHOOLS ?? 20);
const teachers = Number(process.env.BENCH_TEACHERS ?? 100);
const students = Number(process.env.BENCH_STUDENTS ?? 2400);

async function admin(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database: on BENCH_DATABASE_URL's server, or an embedded server in a temporary folder. */
async function freshDatabase(): Promise<{ url: string; kind: string; drop(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const name = `rounds_bench_${randomBytes(4).toString('hex')}`;
    await admin(external, `CREATE DATABASE ${name}`);
    const u = new URL(external);
    u.pathname = `/${name}`;
    return { url: u.toString(), kind: `external (${u.host})`, drop: () => admin(external, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-bench-'));
  const server = await startEmbedded({ dataDir: dir, database: 'rounds_bench' });
  return {
    url: server.url,
    kind: 'embedded PostgreSQL 18',
    async drop() {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** A changed copy: 1% of the users renamed, the last school's last 100 students gone. */
function changed(files: BundleFiles): BundleFiles {
  const lines = files['users.csv']!.trimEnd().split('\n');
  const last = `student-${schools}-`;
  const kept = lines.filter((l) => !(l.startsWith(last) && Number(l.slice(last.length).split(',')[0]) > students - 100));
  const renamed = kept.map((l, i) => (i > 0 && i % 100 === 0 ? l.replace(/^([^,]*,(?:[^,]*,){6})([^,]*)/, '$1$2-renamed') : l));
  const enrollments = files['enrollments.csv']!.trimEnd().split('\n');
  const keptIds = new Set(kept.map((l) => l.split(',')[0]));
  const enr = enrollments.filter((l, i) => i === 0 || keptIds.has(l.split(',')[5]));
  const demographics = files['demographics.csv']!.trimEnd().split('\n').filter((l, i) => i === 0 || keptIds.has(l.split(',')[0]));
  return { ...files, 'users.csv': renamed.join('\n') + '\n', 'enrollments.csv': enr.join('\n') + '\n', 'demographics.csv': demographics.join('\n') + '\n' };
}

async function timed(label: string, run: () => Promise<RosterImportResult>) {
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  const u = result.counts.users!;
  const e = result.counts.enrollments!;
  console.log(
    `${label.padEnd(22)} ${seconds(ms).padStart(9)}   users +${u.created} ~${u.updated} =${u.unchanged} -${u.inactivated}   enrollments +${e.created} ~${e.updated} =${e.unchanged} -${e.inactivated}   rss ${mb(process.memoryUsage().rss)}`,
  );
  return ms;
}

async function main() {
  let start = performance.now();
  const files = generateBundle({ schools, teachersPerSchool: teachers, studentsPerSchool: students, classesPerTeacher: 5, classesPerStudent: 6, seed: 2026 });
  const zip = zipBundle(files);
  const userCount = files['users.csv']!.trimEnd().split('\n').length - 1;
  const enrollmentCount = files['enrollments.csv']!.trimEnd().split('\n').length - 1;
  console.log(`bundle: ${userCount} users, ${enrollmentCount} enrollments, ${files['classes.csv']!.split('\n').length - 2} classes; zip ${mb(zip.length)} (generated in ${seconds(performance.now() - start)})`);

  start = performance.now();
  const database = await freshDatabase();
  const db = createDb(database.url, { max: 4 });
  try {
    await migrateToLatest(db);
    console.log(`database: ${database.kind} (ready in ${seconds(performance.now() - start)})`);
    const entries = [{ name: 'bundle.zip', bytes: zip }];
    await timed('first import', () => importRoster(db, { target: { createDistrict: true }, actorId: null, entries, via: 'cli' }));
    const district = await db.selectFrom('districts').select('id').executeTakeFirstOrThrow();
    const target = { districtId: district.id };
    await timed('re-import (same)', () => importRoster(db, { target, actorId: null, entries, via: 'cli' }));
    const changedEntries = [{ name: 'bundle.zip', bytes: zipBundle(changed(files)) }];
    await timed('re-import (changed)', () => importRoster(db, { target, actorId: null, entries: changedEntries, via: 'cli' }));
  } finally {
    await db.destroy();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
