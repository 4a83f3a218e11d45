import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { processAlive, startEmbedded, type EmbeddedServer } from './embedded';

/**
 * The embedded server is supervised: a postmaster that dies is started again on the same port, with a growing wait
 * between attempts that fail, each one reported, until it runs; stopping Rounds stops whatever is running. (It starts
 * its own server, so it runs once, in the embedded suite.)
 */
const dirs: string[] = [];
let server: EmbeddedServer | undefined;
afterAll(async () => {
  await server?.stop();
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

const postmasterOf = (dir: string) => Number.parseInt(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]!, 10);

async function until(what: string, condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function answers(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>('SELECT v FROM kept')).rows[0]!.v;
  } finally {
    await client.end();
  }
}

describe.skipIf(inject('databaseKind') !== 'embedded')('supervision of the embedded server', () => {
  it('restarts a killed postmaster on the same port, backing off while it cannot start, and stops cleanly', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-supervised-'));
    dirs.push(dir);
    const notices: { message: string; details: Record<string, unknown> }[] = [];
    server = await startEmbedded({ dataDir: dir, restartDelayMs: 300, notice: (message, details) => notices.push({ message, details }) });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await client.end();
    expect(server.status()).toEqual({ running: true, restarts: 0 });

    // Killed, and its port taken by something else: the first attempts to start again fail.
    const first = postmasterOf(dir);
    process.kill(first, 'SIGKILL');
    await until('the exit to be noticed', () => !server!.status().running, 10_000);
    const squatter = net.createServer();
    await new Promise<void>((resolve, reject) => {
      squatter.once('error', reject);
      squatter.listen(server!.port, '127.0.0.1', resolve);
    });
    try {
      await until('two failed attempts', () => notices.filter((n) => n.message.includes('did not start')).length >= 2, 30_000);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    await until('the server to run again', () => server!.status().running, 30_000);

    expect(server.status()).toEqual({ running: true, restarts: 1 });
    expect(await answers(server.url)).toBe('still here');
    const second = postmasterOf(dir);
    expect(second).not.toBe(first);
    expect(notices[0]).toMatchObject({ message: expect.stringContaining('stopped unexpectedly'), details: { signal: 'SIGKILL', port: server.port } });
    const waits = notices.filter((n) => n.message.includes('did not start')).map((n) => n.details.nextAttemptInMs);
    expect(waits.slice(0, 2)).toEqual([600, 1200]); // 300 ms, then doubling
    expect(notices.at(-1)).toMatchObject({ message: expect.stringContaining('running again'), details: { restarts: 1 } });

    await server.stop();
    server = undefined;
    expect(processAlive(second)).toBe(false);
  }, 90_000);
});
