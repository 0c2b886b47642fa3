import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MatchStatus, PartyDecision, Role } from '../common/enums.js';
import { Clock } from '../jobs/clock.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { sendReminder } from '../workflow/reminders.js';
import { Match } from './match.entity.js';
import { MatchesService } from './matches.service.js';

export const MATCH_DEADLINES_QUEUE = 'match-deadlines';
/** The notification (and reminder) kind of a proposal left unanswered. */
const REMINDER = 'MATCH_REMINDER';
const DAY_MS = 86_400_000;
/** Matches handled per statement; the run goes on until none is due. */
const BATCH = 200;

/**
 * Proposals nobody answers: at MATCH_REMINDER_DAYS the party that has not answered is reminded (once
 * per proposal), at MATCH_EXPIRY_DAYS the match expires and frees its pair. Run by the job queue on
 * REMINDERS_CRON, once per deployment, at the time of the injected clock.
 */
@Injectable()
export class MatchDeadlines implements OnModuleInit {
  private readonly logger = new Logger(MatchDeadlines.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly matches: MatchesService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(MATCH_DEADLINES_QUEUE, this.config.remindersCron, () => this.run());
  }

  /** Expires, then reminds, what is due at the clock's time: how many of each. */
  async run(): Promise<{ expired: number; reminded: number }> {
    const now = this.clock.now().getTime();
    const expired = await this.expireDue(new Date(now - this.config.matchExpiryDays * DAY_MS));
    const reminded = await this.remindDue(new Date(now - this.config.matchReminderDays * DAY_MS));
    if (expired + reminded > 0) this.logger.log({ msg: 'match deadlines', expired, reminded });
    return { expired, reminded };
  }

  private async expireDue(proposedBy: Date): Promise<number> {
    const reason = `Unanswered for ${this.config.matchExpiryDays} days`;
    let expired = 0;
    for (let after = ''; ;) {
      const due = await this.due(proposedBy, after);
      for (const { id } of due) if (await this.matches.expire(id, proposedBy, reason)) expired += 1;
      if (due.length < BATCH) return expired;
      after = due[due.length - 1]?.id ?? '';
    }
  }

  private async remindDue(proposedBy: Date): Promise<number> {
    let reminded = 0;
    for (let after = ''; ;) {
      const due = await this.due(proposedBy, after, REMINDER);
      for (const { id } of due) if (await this.remind(id)) reminded += 1;
      if (due.length < BATCH) return reminded;
      after = due[due.length - 1]?.id ?? '';
    }
  }

  /**
   * PROPOSED matches proposed at or before `proposedBy`, by id after `after`; with `unsent`, those
   * whose reminder of that kind has not been sent.
   */
  private due(proposedBy: Date, after: string, unsent?: string): Promise<{ id: string }[]> {
    return this.dataSource.query(
      `SELECT id FROM match m WHERE status = $1 AND proposed_at <= $2 AND id::text > $3
         AND ($4::text IS NULL OR NOT EXISTS (
           SELECT 1 FROM reminder r WHERE r.subject_id = m.id AND r.kind = $4 AND r.waiting_since = m.proposed_at))
       ORDER BY id::text LIMIT ${BATCH}`,
      [MatchStatus.PROPOSED, proposedBy, after, unsent ?? null],
    );
  }

  /**
   * Reminds the focal points of the party (or parties) that has not answered, once per proposal:
   * whether this run sent the reminder.
   */
  private async remind(id: string): Promise<boolean> {
    const sent: Notification[] = [];
    const recorded = await this.dataSource.transaction(async (manager) => {
      // Locked as an answer locks it: a party that answers now is not reminded.
      const match = await manager.findOne(Match, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!match || match.status !== MatchStatus.PROPOSED) return false;
      const kind = REMINDER;
      if (!(await sendReminder(manager, { subjectId: id, kind, waitingSince: match.proposedAt })))
        return false;
      const pending: string[] = [];
      if (match.requesterDecision === PartyDecision.PENDING) {
        pending.push(
          ...(await this.notifications.organizationUsers(manager, match.requestingOrganizationId, [
            Role.REQUESTER,
          ])),
        );
      }
      if (match.providerDecision === PartyDecision.PENDING) {
        pending.push(
          ...(await this.notifications.organizationUsers(manager, match.providerOrganizationId, [
            Role.PROVIDER,
          ])),
        );
      }
      const expiresOn = new Date(match.proposedAt.getTime() + this.config.matchExpiryDays * DAY_MS);
      const message =
        `${match.reference} awaits your organization's answer since ${day(match.proposedAt)}; ` +
        `unanswered, it expires on ${day(expiresOn)}`;
      sent.push(
        ...(await this.notifications.create(
          manager,
          pending,
          {
            kind,
            message,
            subjectId: id,
            about: { reference: match.reference },
            params: { since: day(match.proposedAt), expiresOn: day(expiresOn) },
          },
          { match },
        )),
      );
      return true;
    });
    await this.notifications.publish(sent);
    return recorded;
  }
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
