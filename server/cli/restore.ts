import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { restoreBackup, verifyBackup } from '../modules/operations/backup';
import { cliLogger, runCli, UsageError } from '../modules/operations/cli';
import { connectForOperations } from '../modules/operations/connect';

const HELP = `Restores a backup made with \`npm run backup\` into an EMPTY database.

Usage:
  npm run restore -- FILE

  --help    this text

Target: DATABASE_URL when set (a database with no Rounds data: create a new one), otherwise the embedded
database in ROUNDS_DATA_DIR (default ./data; a new folder is initialised). Stop Rounds first: the command
refuses to run while Rounds holds the data directory, and refuses a database that already holds rows.

It reads the whole file first and refuses, changing nothing, one that is truncated, corrupt (checksum
mismatch) or not a Rounds backup. It creates the schema as it was when the backup was taken, loads every
table in one transaction (a failure leaves the database empty) and resets the sequences. Start Rounds afterwards: it applies any newer migrations.
Exit codes: 0 restored; 1 refused or failed (the message says why); 2 wrong command line.
`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) throw new UsageError('give the backup file to restore: npm run restore -- FILE');
  // Read the whole file before touching any database: a truncated, corrupt or foreign file is refused at once.
  const header = await verifyBackup(file);
  const rows = header.tables.reduce((n, t) => n + t.rows, 0);
  process.stdout.write(
    `Backup of ${header.createdAt} (Rounds ${header.roundsVersion}, PostgreSQL ${header.postgresVersion}): ` +
      `${rows} rows in ${header.tables.length} tables, schema ${header.migrations.at(-1)}.\n`,
  );
  const config = loadConfig();
  const log = cliLogger();
  const target = await connectForOperations(config, log, {
    whenRunning: 'refuse',
    refuseHint: 'then restore into a new, empty data directory (ROUNDS_DATA_DIR) and start Rounds on it.',
  });
  const started = Date.now();
  try {
    process.stdout.write(`Restoring into ${target.description}\n`);
    await restoreBackup(target.url, file, {
      verified: true,
      onTable: (t) => void process.stdout.write(`  ${t.name.padEnd(24)} ${String(t.rows).padStart(9)} rows\n`),
    });
    process.stdout.write(`Restored ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s. Start Rounds to use it.\n`);
  } finally {
    await target.close();
  }
}

runCli('restore', main);
