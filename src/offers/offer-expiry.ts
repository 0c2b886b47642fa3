import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { OfferAction, OfferStatus, Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { Clock } from '../jobs/clock.js';
import { JobQueue } from '../jobs/job-queue.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { AssistanceOffer } from './assistance-offer.entity.js';
import { offerMachine } from './offer-transitions.js';
import { OffersService } from './offers.service.js';

export const OFFER_EXPIRY_QUEUE = 'offer-expiry';

/** The statuses from which the service itself closes an offer (SYSTEM's rows of the offer workflow). */
const CLOSABLE: readonly OfferStatus[] = offerMachine.transitions
  .filter((t) => t.action === OfferAction.CLOSE && t.by.some((actor) => actor.system))
  .flatMap((t) => t.from);

/**
 * Offers whose availability has passed: from the day after `availableUntil` (UTC), a PUBLISHED or
 * PAUSED offer closes by itself, a move of the offer workflow recorded with no actor, so it leaves the
 * marketplace as a closing by its provider would (its proposals and agreements are cancelled, with
 * notices); its provider's focal points are told. One with a match IN_DELIVERY stays until that
 * delivery ends (the exit refuses it); an EXHAUSTED one closes once capacity frees and it is
 * PUBLISHED again. Run by the job queue on REMINDERS_CRON, once per deployment, at the injected clock's time.
 */
@Injectable()
export class OfferExpiry implements OnModuleInit {
  private readonly logger = new Logger(OfferExpiry.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly offers: OffersService,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(OFFER_EXPIRY_QUEUE, this.config.remindersCron, () => this.run());
  }

  /** Closes every offer whose availability ended before the clock's day: how many it closed. */
  async run(): Promise<number> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const due: { id: string; available_until: string }[] = await this.dataSource.query(
      `SELECT id, available_until::text FROM assistance_offer
        WHERE status = ANY($1::offer_status[]) AND available_until < $2::date ORDER BY available_until, id`,
      [CLOSABLE, today],
    );
    let closed = 0;
    let failed: unknown;
    for (const { id, available_until: until } of due) {
      try {
        await this.offers.transitionAsSystem(
          id,
          OfferAction.CLOSE,
          `Its availability ended on ${until}`,
          (manager, offer) => this.tellProvider(manager, offer, until),
        );
        closed += 1;
      } catch (error) {
        // In delivery, or moved since it was read: the next run looks again.
        if (error instanceof DomainError) {
          this.logger.log({ msg: 'an offer past its availability stays open', id, reason: error.message });
        } else {
          failed ??= error;
        }
      }
    }
    if (closed > 0) this.logger.log({ msg: 'offers closed at the end of their availability', closed });
    // The queue retries the run (the offers closed stay closed).
    if (failed) throw failed;
    return closed;
  }

  /** The provider's focal points hear of the closing, in its transaction; published after the commit. */
  private async tellProvider(manager: EntityManager, offer: AssistanceOffer, until: string) {
    const sent = await this.notifications.create(
      manager,
      await this.notifications.organizationUsers(manager, offer.providerOrganizationId, [Role.PROVIDER]),
      {
        kind: 'OFFER_CLOSED',
        message: `${offer.reference} is CLOSED: its availability ended on ${until}`,
        subjectId: offer.id,
        about: { reference: offer.reference, title: offer.title },
        params: { until },
      },
      {
        item: {
          status: offer.status,
          confidentiality: offer.confidentiality,
          ownerOrganizationId: offer.providerOrganizationId,
        },
      },
    );
    return () => this.notifications.publish(sent);
  }
}
