import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { MatchStatus } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import type { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { type AfterCommit, type MarketplaceExit, MarketplaceEvents } from '../workflow/marketplace-events.js';
import { StatusHistoryService } from '../workflow/status-history.service.js';
import { MatchEffects } from './match-effects.js';
import { notifyMatchParties } from './match-notices.js';
import { holdsCapacity, LIVE_MATCH_STATUSES } from './match-transitions.js';
import { Match } from './match.entity.js';

/**
 * The one reaction to a request or an offer leaving the marketplace (RULES.md, Workflows), for both
 * sides: its PROPOSED and AGREED matches are cancelled in the same transaction, capacity is given
 * back and requests follow their matches, with history, audit and a notice to both parties; a match
 * IN_DELIVERY refuses the exit.
 */
@Injectable()
export class MarketplaceExits implements OnModuleInit {
  constructor(
    private readonly events: MarketplaceEvents,
    private readonly effects: MatchEffects,
    private readonly history: StatusHistoryService,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.events.onExit((manager, exit) => this.cancelLiveMatches(manager, exit));
  }

  async cancelLiveMatches(manager: EntityManager, exit: MarketplaceExit): Promise<AfterCommit> {
    const side = exit.side === 'request' ? 'requestId' : 'offerId';
    // Locked, so a match cannot start delivery or be agreed while its side leaves.
    const live = await manager.find(Match, {
      where: { [side]: exit.id, status: In(LIVE_MATCH_STATUSES) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const delivering = live.find((match) => match.status === MatchStatus.IN_DELIVERY);
    if (delivering) {
      throw new DomainError(
        'INVALID_TRANSITION',
        `This ${exit.side} cannot leave the marketplace while match ${delivering.reference} is in delivery: ` +
          'mark it delivered, or have a coordinator cancel it, first',
      );
    }
    if (live.length === 0) return async () => {};
    const cause = `${exit.side.toUpperCase()}_${exit.to}`;
    await manager
      .createQueryBuilder()
      .update(Match)
      .set({ status: MatchStatus.CANCELLED, version: () => 'version + 1' })
      .whereInIds(live.map((match) => match.id))
      .execute();
    await this.history.recordMany(
      manager,
      live.map((match) => ({
        entityType: 'Match' as const,
        entityId: match.id,
        from: match.status,
        to: MatchStatus.CANCELLED,
        action: cause,
        actorId: exit.actorId,
      })),
    );
    const agreed = live.filter(holdsCapacity);
    for (const match of agreed) await this.effects.releaseCapacity(manager, match.offerId);
    // A request that lost its last agreement is OPEN again (a request leaving is left as it is).
    for (const requestId of new Set(agreed.map((match) => match.requestId))) {
      await this.effects.syncRequest(manager, requestId, 'MATCH_CANCELLED');
    }
    const sent: Notification[] = [];
    for (const match of live) {
      sent.push(
        ...(await notifyMatchParties(
          this.notifications,
          manager,
          match,
          exit.actorId,
          'MATCH_CANCELLED',
          `${match.reference} is CANCELLED: its ${exit.side} was ${exit.to.toLowerCase()}`,
        )),
      );
    }
    return () => this.notifications.publish(sent);
  }
}
