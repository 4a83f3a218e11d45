import { parseArgs } from 'node:util';
import { createDb, type Db } from '../../db/database';
import { loadConfig } from '../config';
import { hashPassword } from '../modules/auth/passwords';
import { createAdminAccount, validateAdminInput, validateAdminPassword } from '../modules/operations/admin';
import { cliLogger, promptHidden, runCli, UsageError } from '../modules/operations/cli';
import { connectForOperations, dataDirOwner, OperationError, pendingMigrations } from '../modules/operations/connect';
import { openRuntime } from '../runtime';

const HELP = `Creates a district administrator account (the first account of a new install).

Usage:
  npm run admin:create -- --email dana@district.org --name "Dana Whitfield" [--district "Riverside USD"] [--password ...]

Options:
  --email      the account's email address (its sign-in name); must not belong to an account already
  --name       the full name, "First Last"
  --district   the district to add the account to. Required when the database has no district yet (the
               district is created with this name) or has several; optional when it has exactly one.
  --password   the password (at least 12 characters). Prefer the ROUNDS_ADMIN_PASSWORD environment variable
               or, in a terminal, leave both out to be asked without echo: a --password value can be seen by
               other users of the machine in the process list.
  --help       this text

Database: the same one Rounds uses, from the same settings: DATABASE_URL when set, otherwise the embedded
database in ROUNDS_DATA_DIR (default ./data). Rounds may be running: the embedded database allows one owner,
so the command then joins the running Rounds' database instead of starting its own; when Rounds is not
running, the command starts the embedded database itself (migrating it, on a new install) and stops it after.
Run it as the user Rounds runs as: it reads the database password from db-password in the data directory.

Exit codes: 0 created; 1 refused (the message says why: invalid email or password, email already in use,
unknown district, database unreachable); 2 wrong command line.
`;

async function readPassword(given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const fromEnv = process.env.ROUNDS_ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new OperationError('No password given: set ROUNDS_ADMIN_PASSWORD, pass --password, or run the command in a terminal to be asked.');
  }
  const first = await promptHidden('Password for the new account (at least 12 characters): ');
  validateAdminPassword(first);
  const second = await promptHidden('The same password again: ');
  if (first !== second) throw new OperationError('The two passwords differ. Nothing was created; run the command again.');
  return first;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        district: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  if (args.email === undefined) throw new UsageError('--email is required');
  if (args.name === undefined) throw new UsageError('--name is required');
  const input = validateAdminInput({ email: args.email, name: args.name, district: args.district });
  const password = validateAdminPassword(await readPassword(args.password));

  const config = loadConfig();
  const log = cliLogger();
  let close: () => Promise<void>;
  let db: Db;
  if (!config.databaseUrl && dataDirOwner(config.dataDir) !== undefined) {
    // Rounds is running on this data directory: join its embedded server (it has already migrated the schema).
    const target = await connectForOperations(config, log);
    const pending = await pendingMigrations(target.url);
    if (pending.length > 0) {
      throw new OperationError(
        `The running Rounds has not applied ${pending.join(', ')}: it is an older version than this command. Restart Rounds with this version first.`,
      );
    }
    db = createDb(target.url, { max: 2 });
    close = async () => {
      await db!.destroy();
      await target.close();
    };
  } else {
    const runtime = await openRuntime(config, log);
    db = runtime.db;
    close = () => runtime.close();
  }
  try {
    const created = await createAdminAccount(db, input, await hashPassword(password));
    const where = config.publicUrl ? `Sign in at ${config.publicUrl}` : 'Sign in to Rounds';
    process.stdout.write(
      `Created the district administrator ${input.givenName} ${input.familyName} <${created.email}> ` +
        `in ${created.districtCreated ? 'the new district' : 'the district'} "${created.districtName}".\n` +
        `${where} with that email and password.\n`,
    );
    if (created.demoDistrict) {
      process.stdout.write('Note: this is the demo district. A real install runs with ROUNDS_DEMO=0 on a fresh data directory.\n');
    }
  } finally {
    await close();
  }
}

runCli('admin:create', main);
