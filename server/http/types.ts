import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database';
import type { Config } from '../config';

/** The Fastify instance every module registers its routes on, typed by the Zod schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What modules get from the app: the database and the configuration. */
export interface Deps {
  db: Db;
  config: Config;
  /** Which kind of database serves this process. */
  databaseKind: 'embedded' | 'postgres';
  version: string;
  /** The embedded PostgreSQL server's supervision, when Rounds runs one (db/embedded.ts). */
  embedded?: { status(): { running: boolean; restarts: number } };
}
