import fs from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { inject } from 'vitest';

export interface ReceivedMail {
  file: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

/** Every message the test SMTP server received so far, parsed. */
export async function receivedMail(): Promise<ReceivedMail[]> {
  const dir = inject('smtpDir');
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = await fs.readFile(path.join(dir, file), 'utf8');
      const parsed = await simpleParser(raw);
      const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
      return { file, to, subject: parsed.subject ?? '', text: parsed.text ?? '', raw };
    }),
  );
}

/** Waits until at least one received message matches (the app's sender polls its outbox every few seconds). */
export async function waitForMail(match: (mail: ReceivedMail) => boolean, timeoutMs = 45_000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await receivedMail()).filter(match);
    if (found.length) return found;
    if (Date.now() > deadline) throw new Error(`No matching email arrived within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
