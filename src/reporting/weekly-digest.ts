import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { canSee, canSeeMatch } from '../access/access-policy.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import {
  type Confidentiality,
  EmailDelivery,
  MatchStatus,
  PartyDecision,
  RequestStatus,
  Role,
} from '../common/enums.js';
import { deliveryOf } from '../common/notification-kinds.js';
import { Clock } from '../jobs/clock.js';
import { JobQueue } from '../jobs/job-queue.js';
import { MailService } from '../mail/mail.service.js';
import { LIVE_MATCH_STATUSES } from '../matching/match-transitions.js';
import { weeklyDigestMail } from '../notifications/notification-mail.js';
import { User } from '../organizations/user.entity.js';
import { sendReminder } from '../workflow/reminders.js';

export const WEEKLY_DIGEST_QUEUE = 'weekly-digest';
const KIND = 'WEEKLY_DIGEST';
const DAY_MS = 86_400_000;

interface RequestRow {
  id: string;
  reference: string;
  title: string;
  status: RequestStatus;
  confidentiality: Confidentiality;
  requesting_organization_id: string;
  organization: string;
  at: Date;
}

interface ProposalRow {
  reference: string;
  proposed_at: Date;
  requester_decision: PartyDecision;
  provider_decision: PartyDecision;
  requesting_organization_id: string;
  provider_organization_id: string;
}

/**
 * The coordinators' weekly digest, one mail each at WEEKLY_DIGEST_CRON (once per deployment): the
 * requests submitted in the last seven days, the proposals still unanswered, and the requests OPEN
 * for STALE_REQUEST_DAYS with no live match. Each coordinator reads only what they may see, and gets
 * one digest per week however often the job runs (a reminder keyed on the week).
 */
@Injectable()
export class WeeklyDigest implements OnModuleInit {
  private readonly logger = new Logger(WeeklyDigest.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(WEEKLY_DIGEST_QUEUE, this.config.weeklyDigestCron, () => this.run(), 300);
  }

  /** Writes this week's digest of every active coordinator who takes it: how many were written. */
  async run(): Promise<number> {
    const now = this.clock.now();
    const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
    const staleBy = new Date(now.getTime() - this.config.staleRequestDays * DAY_MS);
    const submitted: RequestRow[] = await this.dataSource.query(
      `${REQUEST_ROWS} WHERE r.submitted_at > $1 AND r.submitted_at <= $2 ORDER BY r.submitted_at, r.reference`,
      [weekAgo, now],
    );
    const proposals: ProposalRow[] = await this.dataSource.query(
      `SELECT reference, proposed_at, requester_decision, provider_decision,
              requesting_organization_id, provider_organization_id
         FROM match WHERE status = $1 AND proposed_at <= $2 ORDER BY proposed_at, reference`,
      [MatchStatus.PROPOSED, now],
    );
    const stale: RequestRow[] = await this.dataSource.query(
      `${REQUEST_ROWS.replace('r.submitted_at AS at', 'r.opened_at AS at')}
        WHERE r.status = $1 AND r.opened_at <= $2
          AND NOT EXISTS (SELECT 1 FROM match m WHERE m.request_id = r.id AND m.status = ANY($3::match_status[]))
        ORDER BY r.opened_at, r.reference`,
      [RequestStatus.OPEN, staleBy, LIVE_MATCH_STATUSES],
    );
    const coordinators = await this.dataSource.getRepository(User).find({
      where: { deactivatedAt: IsNull() },
      order: { email: 'ASC' },
    });
    // The digest of the week that starts on the Monday (UTC) before the run: one per coordinator.
    const week = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)),
    );
    let written = 0;
    for (const user of coordinators) {
      if (!user.roles.includes(Role.COORDINATOR)) continue;
      if (deliveryOf(user.notificationPreferences, KIND) === EmailDelivery.OFF) continue;
      const viewer = { id: user.id, roles: user.roles, organizationId: user.organizationId };
      const sees = (row: RequestRow) =>
        canSee(viewer, {
          status: row.status,
          confidentiality: row.confidentiality,
          ownerOrganizationId: row.requesting_organization_id,
        });
      const request = (row: RequestRow, since: string) =>
        `${row.reference} ${row.title} (${row.organization}), ${since} ${day(row.at)}`;
      const sections = [
        {
          heading: 'Requests submitted in the last seven days',
          lines: submitted.filter(sees).map((row) => request(row, 'submitted')),
          empty: 'None.',
        },
        {
          heading: 'Proposals waiting for an answer',
          lines: proposals
            .filter((row) =>
              canSeeMatch(viewer, {
                requestingOrganizationId: row.requesting_organization_id,
                providerOrganizationId: row.provider_organization_id,
              }),
            )
            .map((row) => `${row.reference} proposed ${day(row.proposed_at)}, waiting for ${pending(row)}`),
          empty: 'None.',
        },
        {
          heading: `Requests open for ${this.config.staleRequestDays} days or more with no match`,
          lines: stale.filter(sees).map((row) => request(row, 'open since')),
          empty: 'None.',
        },
      ];
      const sent = await this.dataSource.transaction(async (manager) => {
        if (!(await sendReminder(manager, { subjectId: user.id, kind: KIND, waitingSince: week })))
          return false;
        await this.mail.enqueue(manager, weeklyDigestMail(user, day(now), sections));
        return true;
      });
      if (sent) written += 1;
    }
    if (written > 0) this.logger.log({ msg: 'weekly digests written', written });
    return written;
  }
}

const REQUEST_ROWS = `SELECT r.id, r.reference, r.title, r.status, r.confidentiality, r.requesting_organization_id,
         o.name AS organization, r.submitted_at AS at
    FROM assistance_request r JOIN organization o ON o.id = r.requesting_organization_id`;

function pending(row: ProposalRow): string {
  const parties = [
    row.requester_decision === PartyDecision.PENDING ? 'the requester' : null,
    row.provider_decision === PartyDecision.PENDING ? 'the provider' : null,
  ].filter(Boolean);
  return parties.join(' and ') || 'nobody';
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
