import type { TestProject } from 'vitest/node';
import { createDb, migrateToLatest } from '../../db/database';
import { createTestDatabase } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'postgres';
    /** The maintenance database of the same server, for tests that need a fresh database of their own. */
    databaseServerUrl: string;
  }
}

/** Starts one database for the whole run, migrated once; tests isolate themselves by making their own district. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const db = createDb(database.url, { max: 2 });
  await migrateToLatest(db);
  await db.destroy();
  project.provide('databaseUrl', database.url);
  project.provide('databaseKind', database.kind);
  project.provide('databaseServerUrl', database.serverUrl);
  return async () => {
    await database.drop();
  };
}
