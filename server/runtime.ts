import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { createDb, migrateToLatest, type Db, type DbOptions } from '../db/database';
import { startEmbedded, type EmbeddedServer } from '../db/embedded';
import { isEmpty, seedDemo } from '../db/seed/demo';
import type { Config } from './config';
import { hashPassword } from './modules/auth/passwords';
import { DEMO_PASSWORD } from '../db/seed/demo';

export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** An open, migrated database and the embedded server behind it, if any. */
export interface Runtime {
  db: Db;
  databaseKind: 'embedded' | 'postgres';
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

/**
 * Opens the database the configuration names (starting the embedded server when there is no DATABASE_URL, supervised:
 * restarted if it stops) and migrates it. `pool` sets the connection pools (the server passes its connect timeout).
 */
export async function openRuntime(config: Config, log: Logger, pool: DbOptions = {}): Promise<Runtime> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded({
      dataDir: config.dataDir,
      log: (m) => log.debug({ component: 'embedded-postgres' }, m),
      notice: (message, details) => log.warn({ component: 'embedded-postgres', ...details }, message),
    });
    url = embedded.url;
    log.info({ dataDir: config.dataDir, port: embedded.port }, 'embedded PostgreSQL started');
  }
  const db = createDb(url, pool);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    databaseKind: embedded ? 'embedded' : 'postgres',
    embedded,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** Seeds the demo district into an empty database; returns whether it did. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  return true;
}
