import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, In } from 'typeorm';
import { hasAccess, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { MatchStatus, OfferStatus, PartyDecision } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { createOnce, isUniqueViolation } from '../common/idempotency.js';
import * as rules from '../common/input-rules.js';
import { bulkInsert } from '../database/bulk-insert.js';
import type { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { OffersService } from '../offers/offers.service.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { MATCHABLE_REQUEST_STATUSES } from '../requests/request-transitions.js';
import { RequestsService } from '../requests/requests.service.js';
import { withUniqueReferences } from '../workflow/references.js';
import { StatusHistoryService } from '../workflow/status-history.service.js';
import { DIFFERENT_ORGANIZATIONS, PAIR_FILTERS } from './hard-filters.js';
import { notifyMatchParties } from './match-notices.js';
import { LIVE_MATCH_STATUSES } from './match-transitions.js';
import { Match } from './match.entity.js';
import type { ProposeMatchInput } from './match.types.js';
import { scorePair } from './scoring/scoring.js';

const ENTITY = 'Match' as const;

/** What a proposal records beside its request and offer. */
export interface ProposalDetails {
  score: number;
  breakdown: Match['scoreBreakdownData'];
  note: string | null;
  key: string | null;
  print: string | null;
  requesterDecision: PartyDecision;
  providerDecision: PartyDecision;
}

/**
 * Proposals: a party's or a coordinator's proposal of one pair, and the PROPOSED matches a
 * matching round writes in one go, each checked against the hard filters and the one-live-pair rule.
 */
@Injectable()
export class ProposalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly offers: OffersService,
    private readonly history: StatusHistoryService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * By a coordinator, by the requesting organization (interest in an offer) or by the provider
   * (offering to a request); the proposing party's acceptance is implied.
   */
  async propose(viewer: Viewer, input: ProposeMatchInput): Promise<Match> {
    const request = await this.requests.get(viewer, input.requestId);
    const offer = await this.offers.get(viewer, input.offerId);
    const asRequester = hasAccess(viewer, Permission.REQUEST_PROPOSE_AS_PARTY, request);
    const asProvider = hasAccess(viewer, Permission.OFFER_PROPOSE_AS_PARTY, offer);
    const asCoordinator = hasAccess(viewer, Permission.REQUEST_PROPOSE_AS_COORDINATOR, request);
    if (!asRequester && !asProvider && !asCoordinator) {
      throw new DomainError('FORBIDDEN', 'Only a coordinator or a party to the pair proposes a match');
    }
    const note = rules.optionalText(input.note, 'input.note', rules.COMMENT_MAX);
    const key = rules.idempotencyKey(input.idempotencyKey);
    const sent: Notification[] = [];
    const match = await this.oneLivePair(() =>
      createOnce({
        key,
        input,
        constraint: 'match_idempotency',
        find: (k) =>
          this.dataSource
            .getRepository(Match)
            .findOne({ where: { createdBy: viewer.id, idempotencyKey: k } }),
        create: (print) =>
          this.dataSource.transaction(async (manager) => {
            await this.assertPairable(manager, request, offer);
            const { score, breakdown } = scorePair(request, offer);
            const created = await this.insert(manager, viewer, request, offer, {
              score,
              breakdown,
              note,
              key,
              print,
              // The proposing party's acceptance is implied (a coordinator is no party).
              requesterDecision: asRequester ? PartyDecision.ACCEPTED : PartyDecision.PENDING,
              providerDecision: asProvider ? PartyDecision.ACCEPTED : PartyDecision.PENDING,
            });
            sent.push(
              ...(await notifyMatchParties(
                this.notifications,
                manager,
                created,
                viewer.id,
                'MATCH_PROPOSED',
                `${created.reference} proposed: ${request.reference} with ${offer.reference}`,
              )),
            );
            return created;
          }),
      }),
    );
    await this.notifications.publish(sent);
    return match;
  }

  /** Of two proposals racing on one pair, the database keeps one; the other hears CONFLICT. */
  async oneLivePair<T>(create: () => Promise<T>): Promise<T> {
    try {
      return await create();
    } catch (error) {
      if (isUniqueViolation(error, 'match_live_pair')) {
        throw new DomainError('CONFLICT', 'This request and offer already have a live match');
      }
      throw error;
    }
  }

  /** Creates a PROPOSED match inside a running transaction (a proposal). */
  async insert(
    manager: EntityManager,
    viewer: Viewer,
    request: AssistanceRequest,
    offer: AssistanceOffer,
    details: ProposalDetails,
  ): Promise<Match> {
    const [match] = await this.insertMany(manager, viewer, [{ request, offer, details }]);
    return match as Match;
  }

  /** Several PROPOSED matches in one go (matching rounds): batched inserts, history and audit in order. */
  async insertMany(
    manager: EntityManager,
    viewer: Viewer,
    proposals: { request: AssistanceRequest; offer: AssistanceOffer; details: ProposalDetails }[],
  ): Promise<Match[]> {
    if (proposals.length === 0) return [];
    const matches = proposals.map(({ request, offer, details }) =>
      manager.create(Match, {
        requestId: request.id,
        offerId: offer.id,
        requestingOrganizationId: request.requestingOrganizationId,
        providerOrganizationId: offer.providerOrganizationId,
        score: details.score,
        scoreBreakdownData: details.breakdown,
        status: MatchStatus.PROPOSED,
        requesterDecision: details.requesterDecision,
        providerDecision: details.providerDecision,
        mandateParagraph: offer.mandateParagraph,
        note: details.note,
        proposedBy: viewer.id,
        createdBy: viewer.id,
        idempotencyKey: details.key,
        idempotencyFingerprint: details.print,
        version: 1,
      }),
    );
    // Ids are made here, so the times the database stamps can be read back by id.
    for (const match of matches) match.id = randomUUID();
    const stamped = await withUniqueReferences(
      manager,
      { prefix: 'MAT', constraint: 'match_reference', count: matches.length },
      (references) => {
        matches.forEach((match, index) => (match.reference = references[index] as string));
        return bulkInsert(manager, Match, matches, ['id', 'proposed_at', 'updated_at']);
      },
    );
    const byId = new Map(matches.map((match) => [match.id, match]));
    for (const row of stamped) {
      const match = byId.get(row.id as string) as Match;
      match.proposedAt = row.proposed_at as Date;
      match.updatedAt = row.updated_at as Date;
    }
    await this.history.recordMany(
      manager,
      matches.map((match) => ({
        entityType: ENTITY,
        entityId: match.id,
        from: null,
        to: MatchStatus.PROPOSED,
        action: 'PROPOSE',
        actorId: viewer.id,
        detail: { reference: match.reference, score: match.score },
      })),
    );
    return matches;
  }

  /** The hard filters, checked for one pair inside the proposing transaction. */
  private async assertPairable(
    manager: EntityManager,
    request: AssistanceRequest,
    offer: AssistanceOffer,
  ): Promise<void> {
    if (!DIFFERENT_ORGANIZATIONS.holds(request, offer)) {
      throw DomainError.badInput(
        'input.offerId',
        'the offer belongs to the requesting organization, which cannot be matched with itself',
      );
    }
    if (!MATCHABLE_REQUEST_STATUSES.includes(request.status)) {
      throw new DomainError('INVALID_TRANSITION', `A ${request.status} request takes no new matches`);
    }
    const live = await manager.exists(Match, {
      where: { requestId: request.id, offerId: offer.id, status: In(LIVE_MATCH_STATUSES) },
    });
    if (live) throw new DomainError('CONFLICT', 'This request and offer already have a live match');
    if (offer.remainingCapacity <= 0 || offer.status === OfferStatus.EXHAUSTED)
      throw new DomainError('CAPACITY_EXHAUSTED', 'The offer has no capacity left');
    const fits = await manager
      .createQueryBuilder()
      .select('1')
      .from('assistance_request', 'r')
      .innerJoin('assistance_offer', 'o', PAIR_FILTERS)
      .where('r.id = :requestId AND o.id = :offerId', { requestId: request.id, offerId: offer.id })
      .getRawOne();
    if (!fits) {
      throw DomainError.badInput(
        'input.offerId',
        'the offer does not fit the request (status, sectors, eligibility or dates)',
      );
    }
  }
}
