import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JobQueue } from '../jobs/job-queue.js';
import { MailService } from '../mail/mail.service.js';
import { User } from '../organizations/user.entity.js';
import { Notification } from './notification.entity.js';
import { digestMail } from './notification-mail.js';

export const DIGEST_QUEUE = 'mail-digest';

/**
 * The daily digest: the notifications of the kinds a user takes in a digest, gathered into one mail.
 * Run by the job queue on MAIL_DIGEST_CRON, once per deployment; each user's digest is written to the
 * outbox in the transaction that marks its notifications digested, so none is mailed twice or lost.
 */
@Injectable()
export class DigestService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(DIGEST_QUEUE, this.config.mailDigestCron, () => this.sendDigests(), 300);
  }

  /** Writes the digest of every active user with notifications waiting; returns how many. */
  async sendDigests(): Promise<number> {
    const waiting: { user_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT n.user_id FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE n.in_digest AND n.digested_at IS NULL AND u.deactivated_at IS NULL`,
    );
    let sent = 0;
    for (const { user_id: userId } of waiting) {
      if (await this.dataSource.transaction((manager) => this.digestOf(manager, userId))) sent += 1;
    }
    return sent;
  }

  private async digestOf(manager: EntityManager, userId: string): Promise<boolean> {
    const user = await manager.findOne(User, { where: { id: userId, deactivatedAt: IsNull() } });
    // Locked: a digest running on another instance at the same time takes none of these.
    const due = await manager.find(Notification, {
      where: { userId, inDigest: true, digestedAt: IsNull() },
      order: { createdAt: 'ASC' },
      lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
    });
    if (!user || due.length === 0) return false;
    await manager.update(
      Notification,
      due.map((notification) => notification.id),
      { digestedAt: new Date() },
    );
    await this.mail.enqueue(manager, digestMail(user, due));
    return true;
  }
}
