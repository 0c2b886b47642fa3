import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RequestStatus } from '../common/enums.js';
import { Clock } from '../jobs/clock.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { sendReminder } from '../workflow/reminders.js';
import { AssistanceRequest } from './assistance-request.entity.js';

export const REVIEW_REMINDERS_QUEUE = 'review-reminders';
const KIND = 'REQUEST_REVIEW_REMINDER';
const DAY_MS = 86_400_000;
/** The statuses in which a request waits for the coordinators. */
const AWAITING_REVIEW: readonly RequestStatus[] = [RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW];

/**
 * Requests that wait for the coordinators: one SUBMITTED or UNDER_REVIEW for REQUEST_REMINDER_DAYS
 * reminds every coordinator, once for each time it enters that status. Run by the job queue on
 * REMINDERS_CRON, once per deployment, at the time of the injected clock.
 */
@Injectable()
export class ReviewReminders implements OnModuleInit {
  private readonly logger = new Logger(ReviewReminders.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(REVIEW_REMINDERS_QUEUE, this.config.remindersCron, () => this.run());
  }

  /** Sends the reminders due at the clock's time: how many requests were reminded. */
  async run(): Promise<number> {
    const waitingBy = new Date(this.clock.now().getTime() - this.config.requestReminderDays * DAY_MS);
    // Since when each request has been in its status: its latest entry into it in the history (to the
    // millisecond, as the reminder records it).
    const due: { id: string; since: Date }[] = await this.dataSource.query(
      `SELECT r.id, since.at AS since FROM assistance_request r
         CROSS JOIN LATERAL (
           SELECT date_trunc('milliseconds', max(c.at)) AS at FROM status_change c WHERE c.entity_id = r.id AND c.to_status = r.status::text
         ) since
        WHERE r.status = ANY($1::request_status[]) AND since.at <= $2
          AND NOT EXISTS (SELECT 1 FROM reminder x
                           WHERE x.subject_id = r.id AND x.kind = $3 AND x.waiting_since = since.at)
        ORDER BY since.at`,
      [AWAITING_REVIEW, waitingBy, KIND],
    );
    let reminded = 0;
    for (const { id, since } of due) if (await this.remind(id, since)) reminded += 1;
    if (reminded > 0) this.logger.log({ msg: 'review reminders', reminded });
    return reminded;
  }

  private async remind(id: string, since: Date): Promise<boolean> {
    const sent: Notification[] = [];
    const recorded = await this.dataSource.transaction(async (manager) => {
      // Locked as a review move locks it: a request whose review starts now is reminded of nothing.
      const request = await manager.findOne(AssistanceRequest, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request || !AWAITING_REVIEW.includes(request.status)) return false;
      if (!(await sendReminder(manager, { subjectId: id, kind: KIND, waitingSince: since }))) return false;
      const days = Math.floor((this.clock.now().getTime() - since.getTime()) / DAY_MS);
      sent.push(
        ...(await this.notifications.create(
          manager,
          await this.notifications.coordinators(manager),
          {
            kind: KIND,
            message: `${request.reference} has been ${request.status} for ${days} days`,
            subjectId: id,
            about: { reference: request.reference, title: request.title },
            params: { status: request.status, days: String(days) },
          },
          {
            item: {
              status: request.status,
              confidentiality: request.confidentiality,
              ownerOrganizationId: request.requestingOrganizationId,
            },
          },
        )),
      );
      return true;
    });
    await this.notifications.publish(sent);
    return recorded;
  }
}
