import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobQueue } from '../jobs/job-queue.js';
import { MailMessage } from './mail-message.entity.js';
import { mailTransport, type MailTransport } from './mail-transport.js';

/** A mail to send: who to, what about, its subject and both bodies. */
export interface Mail {
  userId: string | null;
  to: string;
  kind: string;
  subject: string;
  text: string;
  html: string;
}

export const MAIL_QUEUE = 'mail-delivery';

/**
 * Kinds of mail that carry a one-time token (`<id>.<secret>`): once the mail is sent or given up, the
 * token is erased from the outbox, so the database holds it only while the mail waits.
 */
export const MAIL_KINDS_WITH_TOKENS: readonly string[] = ['INVITATION', 'PASSWORD_RESET'];
const TOKEN_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[A-Za-z0-9_-]{20,100}';
/** Where a mail's job goes once every attempt failed: it is marked failed there. */
export const MAIL_DEAD_LETTER_QUEUE = 'mail-dead-letter';

/**
 * The outbox: a mail is written in the transaction of the event that causes it (`enqueue`), with the
 * job that delivers it, and delivered by the job queue after commit, on whichever instance takes it.
 * Attempts are retried with exponential backoff (MAIL_RETRY_LIMIT, MAIL_RETRY_DELAY_SECONDS); after
 * the last, the mail is marked failed (the dead letter) and logged.
 *
 * Guarantee: at least once. A committed mail is delivered unless every attempt fails; a mail is sent
 * again only when a process stops after the mail server accepted it and before `sent_at` was written,
 * and every attempt at one mail carries the same Message-ID (`<id@domain>`), by which the receiving
 * side can recognise the repeat.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: MailTransport;
  private readonly domain: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.transport = mailTransport(config);
    this.domain = /@([^>\s]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'ci-assistance.invalid';
  }

  onModuleInit(): void {
    this.jobs.define<{ id: string }>({
      name: MAIL_QUEUE,
      options: {
        retryLimit: this.config.mailRetryLimit,
        retryDelay: this.config.mailRetryDelaySeconds,
        retryBackoff: true,
        // A batch runs 50 mails over at most 10 connections, each bounded by MAIL_SEND_TIMEOUT_SECONDS
        // (mail-transport.ts): the batch's deadline covers five of them in a row.
        expireInSeconds: this.config.mailSendTimeoutSeconds * 5,
        deadLetter: MAIL_DEAD_LETTER_QUEUE,
      },
      // Up to 50 mails at a time per instance, over at most 10 SMTP connections (mail-transport.ts).
      batchSize: 50,
      handler: ({ id }) => this.deliver(id),
    });
    this.jobs.define<{ id: string }>({
      name: MAIL_DEAD_LETTER_QUEUE,
      options: { retryLimit: 10, retryDelay: 60, retryBackoff: true },
      handler: ({ id }) => this.giveUp(id),
    });
    if (!this.config.smtpUrl) {
      this.logger.log(`SMTP_URL is not set: mail is written as .eml files in ${this.transport.destination}`);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }

  /** Writes a mail and its delivery job in the transaction of `manager`; returns the mail's id. */
  async enqueue(manager: EntityManager, mail: Mail): Promise<string> {
    const { identifiers } = await manager.insert(MailMessage, {
      userId: mail.userId,
      toAddress: mail.to,
      kind: mail.kind,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
    });
    const id = (identifiers[0] as { id: string }).id;
    await this.jobs.sendWith(manager, MAIL_QUEUE, { id }, { singletonKey: id });
    return id;
  }

  /** One attempt at a mail: nothing when it was sent or given up already. */
  async deliver(id: string): Promise<void> {
    const repository = this.dataSource.getRepository(MailMessage);
    const mail = await repository.findOne({ where: { id } });
    if (!mail || mail.sentAt || mail.failedAt) return;
    await repository.increment({ id }, 'attempts', 1);
    let file: string | undefined;
    try {
      ({ file } = await this.transport.send({
        messageId: `<${mail.id}@${this.domain}>`,
        from: this.config.mailFrom,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody,
      }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repository.update({ id }, { lastError: message.slice(0, 1000) });
      this.logger.warn({ msg: 'a mail was not accepted; it is retried', id, kind: mail.kind, err: message });
      throw error;
    }
    await repository.update({ id }, { sentAt: new Date(), lastError: null });
    await this.eraseTokens(id);
    if (file) this.logger.log({ msg: `mail written to ${file}`, id, kind: mail.kind });
  }

  /** Every attempt failed: the mail is marked failed, for an operator to see. */
  private async giveUp(id: string): Promise<void> {
    const repository = this.dataSource.getRepository(MailMessage);
    await repository.update({ id, sentAt: IsNull() }, { failedAt: new Date() });
    await this.eraseTokens(id);
    const mail = await repository.findOne({ where: { id } });
    this.logger.error({
      msg: 'a mail could not be delivered; gave up',
      id,
      kind: mail?.kind,
      err: mail?.lastError,
    });
  }

  /** Erases the one-time tokens of a mail that is done with (see MAIL_KINDS_WITH_TOKENS). */
  private async eraseTokens(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_message
          SET text_body = regexp_replace(text_body, $3, '[token erased once the mail was done]', 'g'),
              html_body = regexp_replace(html_body, $3, '[token erased once the mail was done]', 'g')
        WHERE id = $1 AND kind = ANY($2)`,
      [id, MAIL_KINDS_WITH_TOKENS, TOKEN_PATTERN],
    );
  }
}
