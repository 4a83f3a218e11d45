import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder where the test SMTP server writes every message it receives, one raw RFC 822 `.eml` file each. */
    smtpDir: string;
  }
}

export interface TestSmtp {
  /** `smtp://127.0.0.1:<port>`, for the app's SMTP_URL. */
  url: string;
  dir: string;
  close: () => Promise<void>;
}

/**
 * A real SMTP server on a free local port (plain SMTP, no STARTTLS, no auth) that keeps every message it accepts as a
 * file: written under a temporary name, then renamed, so a test never reads half a message.
 */
export async function startTestSmtp(): Promise<TestSmtp> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rounds-e2e-mail-'));
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const name = `${Date.now()}-${String(++count).padStart(4, '0')}`;
        const partial = path.join(dir, `${name}.part`);
        fs.writeFile(partial, Buffer.concat(chunks))
          .then(() => fs.rename(partial, path.join(dir, `${name}.eml`)))
          .then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    dir,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
