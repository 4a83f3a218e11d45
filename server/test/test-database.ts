import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded, type EmbeddedServer } from '../../db/embedded';

/** A throw-away database for a test run: on the external server named by TEST_DATABASE_URL, or on a fresh embedded server. */
export interface TestDatabase {
  url: string;
  kind: 'embedded' | 'postgres';
  /** The server's maintenance database, from which other databases are created. */
  serverUrl: string;
  /** A URL for another fresh database on the same server (for tests that need an empty one). */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  drop(): Promise<void>;
}

const withDatabase = (serverUrl: string, database: string) => {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
};

async function adminQuery(serverUrl: string, text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Makes fresh databases on the server at `serverUrl`. */
export function databaseFactory(serverUrl: string) {
  return async () => {
    const name = `rounds_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    return {
      url: withDatabase(serverUrl, name),
      drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  };
}

/** Creates the test run's database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const create = databaseFactory(external);
    const db = await create();
    return { url: db.url, kind: 'postgres', serverUrl: external, createDatabase: create, drop: db.drop };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-test-'));
  let server: EmbeddedServer;
  try {
    server = await startEmbedded({ dataDir: dir, database: 'rounds_test' });
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
  const create = databaseFactory(server.urlFor('postgres'));
  return {
    url: server.url,
    kind: 'embedded',
    serverUrl: server.urlFor('postgres'),
    createDatabase: create,
    async drop() {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
