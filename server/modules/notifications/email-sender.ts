import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { Db } from '../../../db/database';

const MAX_ATTEMPTS = 6;

/**
 * Delivers pending emails from the outbox over SMTP. Every app process may run one: rows are claimed with
 * FOR UPDATE SKIP LOCKED, so no email goes out twice. Failures are retried with growing delays.
 */
export class EmailSender {
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: Db,
    smtpUrl: string,
    private readonly from: string,
    private readonly log: (message: string, error?: unknown) => void = () => {},
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  /** Sends what is due now; resolves with how many were sent. */
  runOnce(): Promise<number> {
    this.running ??= this.sendDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sendDue(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('email_outbox')
        .select(['id', 'to_address', 'subject', 'text_body', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .orderBy('next_attempt_at')
        .limit(20)
        .forUpdate()
        .skipLocked()
        .execute();
      let sent = 0;
      for (const mail of due) {
        try {
          await this.transport.sendMail({ from: this.from, to: mail.to_address, subject: mail.subject, text: mail.text_body });
          await trx.updateTable('email_outbox').set({ status: 'sent', sent_at: sql<Date>`now()`, attempts: mail.attempts + 1 }).where('id', '=', mail.id).execute();
          sent++;
        } catch (error) {
          const attempts = mail.attempts + 1;
          this.log(`email to ${mail.to_address} failed (attempt ${attempts})`, error);
          await trx
            .updateTable('email_outbox')
            .set({
              attempts,
              last_error: String((error as Error).message ?? error).slice(0, 500),
              status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
              next_attempt_at: sql<Date>`now() + make_interval(mins => ${2 ** attempts})`,
            })
            .where('id', '=', mail.id)
            .execute();
        }
      }
      return sent;
    });
  }

  /** Emails kept while no SMTP server was configured become due now that one is. */
  async releaseHeld(): Promise<number> {
    const res = await this.db.updateTable('email_outbox').set({ status: 'pending', next_attempt_at: sql<Date>`now()` }).where('status', '=', 'held').executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** Polls the outbox every `intervalMs` until stopped (first releasing what was held without SMTP). */
  start(intervalMs = 5000): void {
    void this.releaseHeld().catch((error: unknown) => this.log('could not release held emails', error));
    const tick = () => {
      this.runOnce()
        .catch((error: unknown) => this.log('email sender failed', error))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 500);
  }

  /** Stops polling and waits for a send in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.transport.close();
  }
}
