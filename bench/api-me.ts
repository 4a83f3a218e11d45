/**
 * API latency benchmark: GET /api/me (session lookup, roles, schools) on the real app and a real database.
 *
 *   npx tsx bench/api-me.ts                     embedded PostgreSQL in a temporary folder
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/api-me.ts   an existing database (a district is added to it)
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=10,50    defaults shown
 *
 * The app runs in this process's main thread; autocannon runs in a worker thread, so the load generator does not
 * share the server's event loop. Prints requests/s and latency percentiles for each connection count.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrateToLatest } from '../db/database';
import { startEmbedded } from '../db/embedded';
import { createDistrict, createSchool, createStaff } from '../db/seed/builders';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/modules/auth/passwords';
import { loadInWorker, type LoadResult } from './lib/load';
import { runBenchmark } from './lib/run';

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
  let dir: string | undefined;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-bench-'));
    const embedded = await startEmbedded({ dataDir: dir, database: 'rounds_bench' });
    url = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    const password = 'benchmark password 1';
    const district = await createDistrict(db);
    const school = await createSchool(db, { districtId: district.id });
    const other = await createSchool(db, { districtId: district.id });
    const user = await createStaff(db, {
      districtId: district.id,
      roles: [{ role: 'principal', schoolId: school.id }, { role: 'coach', schoolId: other.id }],
      passwordHash: await hashPassword(password),
    });

    const config = { ...loadConfig({}), webDir: '/nonexistent' };
    const { app } = await buildApp({ db, config, databaseKind: stopEmbedded ? 'embedded' : 'postgres', version: 'bench' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const login = await fetch(`${address}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password }),
      });
      if (login.status !== 204) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('rounds_session='))!.split(';')[0]!;
      const check = await fetch(`${address}/api/me`, { headers: { cookie } });
      if (check.status !== 200) throw new Error(`GET /api/me answered ${check.status}`);

      const target = `${address}/api/me`;
      process.stdout.write(`GET /api/me on ${stopEmbedded ? 'embedded PostgreSQL' : 'BENCH_DATABASE_URL'}, Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}\n`);
      await loadInWorker({ url: target, cookie, connections: 10, seconds: 2 }); // warm-up (JIT, pool, caches)
      const results: LoadResult[] = [];
      for (const connections of connectionCounts) {
        const result = await loadInWorker({ url: target, cookie, connections, seconds });
        results.push(result);
        process.stdout.write(
          `  ${String(connections).padStart(3)} connections, ${seconds} s: ${result.rps.toFixed(0).padStart(6)} req/s   ` +
            `p50 ${result.p50.toFixed(1)} ms   p95 ${result.p95.toFixed(1)} ms   p99 ${result.p99.toFixed(1)} ms   max ${result.max.toFixed(1)} ms` +
            `${result.non2xx || result.errors ? `   (${result.non2xx} non-2xx, ${result.errors} errors)` : ''}\n`,
        );
      }
      process.stdout.write(`  load average after: ${os.loadavg()[0]!.toFixed(2)}\n`);
    } finally {
      await app.close();
    }
  } finally {
    await db.destroy();
    await stopEmbedded?.();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }
}

runBenchmark(main);
