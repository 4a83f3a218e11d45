import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { writeBackup } from '../modules/operations/backup';
import { cliLogger, runCli, UsageError } from '../modules/operations/cli';
import { connectForOperations } from '../modules/operations/connect';
import { VERSION } from '../runtime';

const HELP = `Writes a consistent backup of the Rounds database to one gzip file.

Usage:
  npm run backup -- [FILE] [--force]

  FILE      where to write (default: rounds-backup-YYYYMMDD-HHMMSS.rounds.gz in the current folder).
            The file is created with mode 0600: it holds personal data and password hashes.
  --force   replace FILE if it exists
  --help    this text

Run it while Rounds is running: every table is read inside one snapshot transaction, so the backup is
consistent even while people keep working. Database: DATABASE_URL when set; otherwise the embedded database in
ROUNDS_DATA_DIR (default ./data). The embedded database allows one owner, so when Rounds is running the command
joins its database; when Rounds is stopped the command starts the embedded database itself and stops it after.
Run it as the user Rounds runs as: it reads the database password from db-password in the data directory.

Restore with: npm run restore -- FILE   (into an empty database only)
Exit codes: 0 written; 1 failed (the message says why; no partial file is left); 2 wrong command line.
`;

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (parsed.positionals.length > 1) throw new UsageError(`give one file name, not ${parsed.positionals.length}`);
  const file = parsed.positionals[0] ?? `rounds-backup-${stamp()}.rounds.gz`;
  const config = loadConfig();
  const log = cliLogger();
  const target = await connectForOperations(config, log, { requireExistingCluster: true });
  const started = Date.now();
  try {
    process.stdout.write(`Backing up ${target.description}\n`);
    const header = await writeBackup(target.url, file, {
      version: VERSION,
      overwrite: parsed.values.force ?? false,
      onTable: (t) => void process.stdout.write(`  ${t.name.padEnd(24)} ${String(t.rows).padStart(9)} rows\n`),
    });
    const rows = header.tables.reduce((n, t) => n + t.rows, 0);
    const size = statSync(file).size;
    process.stdout.write(
      `Wrote ${file} (${size >= 1024 * 1024 ? `${(size / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(size / 1024)} KB`}): ${rows} rows in ${header.tables.length} tables, ` +
        `schema ${header.migrations.at(-1)}, in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
  } finally {
    await target.close();
  }
}

runCli('backup', main);
