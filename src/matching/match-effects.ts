import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MatchStatus, OfferStatus, RequestStatus } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { ENGAGED_OFFER_STATUSES } from '../offers/offer-transitions.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { MATCH_DRIVEN_REQUEST_STATUSES } from '../requests/request-transitions.js';
import { sqlValue } from '../common/status-sql.js';
import { StatusHistoryService } from '../workflow/status-history.service.js';
import { CAPACITY_HOLDING_STATUSES } from './match-transitions.js';
import { Match } from './match.entity.js';

/**
 * What a match's moves do to its offer and request, inside the match's transaction: capacity taken
 * and freed by conditional updates (never read-then-write), and the derived status moves
 * (offer PUBLISHED <-> EXHAUSTED; request OPEN -> MATCHED -> IN_DELIVERY -> COMPLETED, and back to
 * OPEN when its last agreement is cancelled), each written to the history.
 */
@Injectable()
export class MatchEffects {
  constructor(private readonly history: StatusHistoryService) {}

  /** Takes one unit of the offer's capacity, or CAPACITY_EXHAUSTED when none is left. */
  async consumeCapacity(manager: EntityManager, offerId: string): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(AssistanceOffer)
      .set({
        remainingCapacity: () => 'remaining_capacity - 1',
        status: () =>
          `CASE WHEN remaining_capacity = 1 THEN ${sqlValue(OfferStatus.EXHAUSTED)}::offer_status ELSE status END`,
        version: () => 'version + 1',
      })
      .where('id = :offerId AND status = :published AND remaining_capacity > 0', {
        offerId,
        published: OfferStatus.PUBLISHED,
      })
      .returning(['status'])
      .execute();
    if (result.affected !== 1) {
      const offer = await manager.findOne(AssistanceOffer, { where: { id: offerId } });
      if (offer && !ENGAGED_OFFER_STATUSES.includes(offer.status)) {
        throw new DomainError(
          'INVALID_TRANSITION',
          `The offer is ${offer.status} and takes no new engagements`,
        );
      }
      throw new DomainError('CAPACITY_EXHAUSTED', 'The offer has no capacity left');
    }
    const [row] = result.raw as { status: OfferStatus }[];
    if (row?.status === OfferStatus.EXHAUSTED) {
      await this.derived(
        manager,
        'AssistanceOffer',
        offerId,
        OfferStatus.PUBLISHED,
        OfferStatus.EXHAUSTED,
        'CAPACITY_EXHAUSTED',
      );
    }
  }

  /** Gives a unit back (a cancelled agreement); an EXHAUSTED offer is PUBLISHED again. */
  async releaseCapacity(manager: EntityManager, offerId: string): Promise<void> {
    // The row lock makes this read and the write below one step for concurrent matches.
    const offer = await manager.findOne(AssistanceOffer, {
      where: { id: offerId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!offer) return;
    const reopens = offer.status === OfferStatus.EXHAUSTED;
    await manager.update(
      AssistanceOffer,
      { id: offerId },
      {
        remainingCapacity: Math.min(offer.capacity, offer.remainingCapacity + 1),
        status: reopens ? OfferStatus.PUBLISHED : offer.status,
        version: offer.version + 1,
      },
    );
    if (reopens) {
      await this.derived(
        manager,
        'AssistanceOffer',
        offerId,
        OfferStatus.EXHAUSTED,
        OfferStatus.PUBLISHED,
        'CAPACITY_FREED',
      );
    }
  }

  /** Moves the request to the status its matches imply, if it is in the matching part of its life. */
  async syncRequest(manager: EntityManager, requestId: string, cause: string): Promise<void> {
    const request = await manager.findOne(AssistanceRequest, {
      where: { id: requestId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!request || !MATCH_DRIVEN_REQUEST_STATUSES.includes(request.status)) return;
    const rows = await manager
      .createQueryBuilder(Match, 'm')
      .select('m.status', 'status')
      .addSelect('count(*)::int', 'n')
      .where('m.requestId = :requestId', { requestId })
      .andWhere('m.status IN (:...holding)', { holding: CAPACITY_HOLDING_STATUSES })
      .groupBy('m.status')
      .getRawMany<{ status: MatchStatus; n: number }>();
    const count = (status: MatchStatus) => rows.find((r) => r.status === status)?.n ?? 0;
    const agreed = count(MatchStatus.AGREED);
    const delivering = count(MatchStatus.IN_DELIVERY);
    const delivered = count(MatchStatus.DELIVERED);
    let target: RequestStatus;
    if (agreed + delivering + delivered === 0) target = RequestStatus.OPEN;
    else if (delivering + delivered === 0) target = RequestStatus.MATCHED;
    else if (agreed + delivering === 0) target = RequestStatus.COMPLETED;
    else target = RequestStatus.IN_DELIVERY;
    if (target === request.status) return;
    await manager.update(
      AssistanceRequest,
      { id: requestId },
      { status: target, version: request.version + 1 },
    );
    await this.derived(manager, 'AssistanceRequest', requestId, request.status, target, cause);
  }

  private derived(
    manager: EntityManager,
    entityType: 'AssistanceRequest' | 'AssistanceOffer',
    entityId: string,
    from: string,
    to: string,
    action: string,
  ): Promise<void> {
    return this.history.record(manager, { entityType, entityId, from, to, action, actorId: null });
  }
}
