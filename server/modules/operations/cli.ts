import pino, { type Logger } from 'pino';
import { EmbeddedDatabaseError } from '../../../db/embedded';
import { OperationError } from './connect';

/** Exit code for a command line the command cannot use (unknown option, missing argument). */
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

/** The logger of an operations command: warnings and errors on stderr (LOG_LEVEL to see more), never on stdout. */
export function cliLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
}

/** Runs a command's main function: prints expected failures as plain sentences and sets a non-zero exit code. */
export function runCli(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${name}: ${error.message}\nRun with --help to see the options.\n`);
        process.exit(EXIT_USAGE);
      }
      const expected = error instanceof OperationError || error instanceof EmbeddedDatabaseError;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${name}: ${message}\n`);
      if (!expected && error instanceof Error && error.stack && process.env.LOG_LEVEL === 'debug') process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
}

/** Reads a line from the terminal without echoing it (for passwords). Ctrl-C aborts with exit code 130. */
export function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  const output = process.stderr;
  if (!input.isTTY) return Promise.reject(new OperationError('No terminal to ask for the password on.'));
  return new Promise((resolve) => {
    let value = '';
    output.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const finish = () => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          process.exit(130);
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}
