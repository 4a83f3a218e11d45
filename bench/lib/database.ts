import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, migrateToLatest, type Db } from '../../db/database';
import { startEmbedded } from '../../db/embedded';

/** A fresh, migrated database for a benchmark: a new embedded server in a temp folder, or a new database on BENCH_DATABASE_URL's server. */
export async function benchDatabase(): Promise<{ db: Db; url: string; kind: 'embedded' | 'postgres'; close(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const name = `rounds_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(external);
    u.pathname = `/${name}`;
    const db = createDb(u.toString());
    await migrateToLatest(db);
    return {
      db,
      url: u.toString(),
      kind: 'postgres',
      async close() {
        await db.destroy();
        // BENCH_KEEP_DATABASE=1 leaves it in place, to EXPLAIN queries on the same data afterwards.
        if (process.env.BENCH_KEEP_DATABASE === '1') {
          process.stdout.write(`  kept database ${name}\n`);
          return;
        }
        const c = new pg.Client({ connectionString: external });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-bench-'));
  const embedded = await startEmbedded({ dataDir: dir, database: 'rounds_bench' });
  const db = createDb(embedded.url);
  await migrateToLatest(db);
  return {
    db,
    url: embedded.url,
    kind: 'embedded',
    async close() {
      await db.destroy();
      await embedded.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
