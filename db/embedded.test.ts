import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EmbeddedDatabaseError, startEmbedded } from './embedded';

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

it.runIf(isRoot)('as root, explains a data directory the postgres user cannot reach instead of failing obscurely', async () => {
  const closed = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-closed-'));
  dirs.push(closed);
  await fs.chmod(closed, 0o700);
  const attempt = startEmbedded({ dataDir: path.join(closed, 'data') });
  await expect(attempt).rejects.toBeInstanceOf(EmbeddedDatabaseError);
  await expect(attempt).rejects.toThrow(/cannot enter .*rounds-closed-.*ROUNDS_DATA_DIR/);
});

it('starts, keeps data across a restart, and writes the password into the data directory only', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-embedded-'));
  dirs.push(dir);
  const first = await startEmbedded({ dataDir: dir });
  const pg = (await import('pg')).default;
  let client = new pg.Client({ connectionString: first.url });
  await client.connect();
  await client.query('CREATE TABLE kept (v text)');
  await client.query("INSERT INTO kept VALUES ('still here')");
  const settings = await client.query("SELECT current_setting('fsync') AS fsync, current_setting('listen_addresses') AS listen");
  expect(settings.rows[0]).toEqual({ fsync: 'on', listen: '127.0.0.1' });
  await client.end();
  await first.stop();
  const password = (await fs.readFile(path.join(dir, 'db-password'), 'utf8')).trim();
  expect(first.url).toContain(encodeURIComponent(password));
  expect((await fs.stat(path.join(dir, 'db-password'))).mode & 0o077).toBe(0);

  const second = await startEmbedded({ dataDir: dir });
  client = new pg.Client({ connectionString: second.url });
  await client.connect();
  expect((await client.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
  await client.end();
  await second.stop();
});
