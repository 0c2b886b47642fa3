import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { findWithAccess, hasAccess, Permission } from '../access/access.js';
import { staleVersion } from '../access/visible-query.js';
import type { Viewer } from '../viewer/viewer.js';
import {
  Decision,
  MatchAction,
  MatchStatus,
  PartyDecision,
  type PublicationConsent,
} from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import { type Page, pageArgs } from '../common/pagination.js';
import { readLayer } from '../database/kysely.js';
import type { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { MATCHABLE_REQUEST_STATUSES } from '../requests/request-transitions.js';
import { StatusHistoryService } from '../workflow/status-history.service.js';
import { MatchEffects } from './match-effects.js';
import { notifyMatchParties } from './match-notices.js';
import { EXPIRE, holdsCapacity, isMatchAction, matchMachine } from './match-transitions.js';
import { Match } from './match.entity.js';
import { MatchRepository } from './match.repository.js';
import type { EvaluationInput, MatchFilter } from './match.types.js';

const ENTITY = 'Match' as const;

/** The match workflow after a proposal: the parties' decisions, delivery, cancellation and evaluation. */
@Injectable()
export class MatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: StatusHistoryService,
    private readonly effects: MatchEffects,
    private readonly notifications: NotificationsService,
  ) {}

  /** One party accepts or declines; both acceptances agree the match and take one unit of capacity. */
  async respond(
    viewer: Viewer,
    id: string,
    decision: Decision,
    comment: string | null | undefined,
  ): Promise<Match> {
    const note = rules.optionalText(comment, 'comment', rules.COMMENT_MAX);
    return this.move(viewer, id, async (manager, match) => {
      // Only a party decides, only while the match is PROPOSED (the match's table).
      const decidedTo = matchMachine.apply(viewer, this.subject(match), decision);
      const side = this.sideOf(viewer, match) as 'requester' | 'provider';
      const own = side === 'requester' ? match.requesterDecision : match.providerDecision;
      if (own !== PartyDecision.PENDING)
        throw new DomainError('INVALID_TRANSITION', 'Your organization has already responded');
      const decided = decision === Decision.ACCEPT ? PartyDecision.ACCEPTED : PartyDecision.DECLINED;
      const other = side === 'requester' ? match.providerDecision : match.requesterDecision;
      // An acceptance agrees the match once the other party has accepted as well.
      const to =
        decided === PartyDecision.ACCEPTED && other !== PartyDecision.ACCEPTED
          ? MatchStatus.PROPOSED
          : decidedTo;
      const result = await manager
        .createQueryBuilder()
        .update(Match)
        .set({
          [side === 'requester' ? 'requesterDecision' : 'providerDecision']: decided,
          status: to,
          version: () => 'version + 1',
          ...(to === MatchStatus.AGREED ? { agreedAt: () => 'now()' } : {}),
        })
        .where('id = :id AND version = :version AND status = :proposed', {
          id,
          version: match.version,
          proposed: MatchStatus.PROPOSED,
        })
        .execute();
      if (result.affected !== 1) throw staleVersion('Match');
      if (to === MatchStatus.AGREED) {
        // The request must still be in the marketplace when the agreement is made.
        const request = await manager.findOne(AssistanceRequest, {
          where: { id: match.requestId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!request || !MATCHABLE_REQUEST_STATUSES.includes(request.status)) {
          throw new DomainError(
            'INVALID_TRANSITION',
            `The request is ${request?.status ?? 'gone'} and takes no agreement`,
          );
        }
        await this.effects.consumeCapacity(manager, match.offerId);
        await this.effects.syncRequest(manager, match.requestId, 'MATCH_AGREED');
      }
      if (to !== MatchStatus.PROPOSED) {
        const kind = to === MatchStatus.AGREED ? 'MATCH_AGREED' : 'MATCH_DECLINED';
        return this.moved(manager, viewer.id, match, { to, action: decision, note, kind });
      }
      await this.history.recordEdit(manager, {
        entityType: ENTITY,
        entityId: id,
        action: decision,
        actorId: viewer.id,
        payload: { side, comment: note },
      });
      return this.notifyParties(
        manager,
        match,
        viewer,
        'MATCH_ACCEPTED',
        `${match.reference} accepted by the ${side}`,
      );
    });
  }

  async transition(
    viewer: Viewer,
    id: string,
    action: MatchAction,
    reason: string | null | undefined,
    expectedVersion: number | null | undefined,
  ): Promise<Match> {
    const note = rules.optionalText(reason, 'reason', rules.COMMENT_MAX);
    return this.move(viewer, id, async (manager, match) => {
      if (expectedVersion !== null && expectedVersion !== undefined && match.version !== expectedVersion) {
        throw staleVersion('Match', match.version);
      }
      const to = matchMachine.apply(viewer, this.subject(match), action);
      const stamp =
        action === MatchAction.START_DELIVERY
          ? { deliveryStartedAt: () => 'now()' }
          : action === MatchAction.MARK_DELIVERED
            ? { deliveredAt: () => 'now()' }
            : {};
      const result = await manager
        .createQueryBuilder()
        .update(Match)
        .set({ status: to, version: () => 'version + 1', ...stamp })
        .where('id = :id AND status = :from AND version = :version', {
          id,
          from: match.status,
          version: match.version,
        })
        .execute();
      if (result.affected !== 1) throw staleVersion('Match');
      // The match's history comes before what it does to its offer and request.
      const notices = await this.moved(manager, viewer.id, match, {
        to,
        action,
        note,
        kind: `MATCH_${to}`,
      });
      if (action === MatchAction.CANCEL && holdsCapacity(match))
        await this.effects.releaseCapacity(manager, match.offerId);
      const cause = {
        START_DELIVERY: 'DELIVERY_STARTED',
        MARK_DELIVERED: 'MATCH_DELIVERED',
        CANCEL: 'MATCH_CANCELLED',
      }[action];
      await this.effects.syncRequest(manager, match.requestId, cause);
      return notices;
    });
  }

  /**
   * What the requesting organization lets its provider publish of the match (IATI export): only its
   * focal points decide, at any stage; the change is in the match's history and the audit log.
   */
  async setPublicationConsent(viewer: Viewer, id: string, consent: PublicationConsent): Promise<Match> {
    return this.move(viewer, id, async (manager, match) => {
      if (!hasAccess(viewer, Permission.MATCH_AS_REQUESTER, match)) {
        throw new DomainError(
          'FORBIDDEN',
          "Only the requesting organization's focal points decide what is published of a match",
        );
      }
      if (match.publicationConsent === consent) return [];
      // Conditional on the version read: of two changes at once, the second is told to read again,
      // so each audit entry records the consent it replaced.
      const result = await manager
        .createQueryBuilder()
        .update(Match)
        .set({ publicationConsent: consent, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: match.version })
        .execute();
      if (result.affected !== 1) throw staleVersion('Match');
      await this.history.recordEdit(manager, {
        entityType: ENTITY,
        entityId: id,
        action: 'PUBLICATION_CONSENT',
        actorId: viewer.id,
        payload: { from: match.publicationConsent, to: consent },
      });
      return [];
    });
  }

  /** After delivery, by the requesting organization or a coordinator; once. */
  async evaluate(viewer: Viewer, id: string, input: EvaluationInput): Promise<Match> {
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
      throw DomainError.badInput('input.rating', 'must be a whole number from 1 to 5');
    }
    const outcome = rules.optionalText(input.outcomeSummary, 'input.outcomeSummary', rules.COMMENT_MAX);
    if (!outcome) throw DomainError.badInput('input.outcomeSummary', 'must not be empty');
    const goodPractice = rules.optionalText(input.goodPractice, 'input.goodPractice', rules.COMMENT_MAX);
    const lessons = rules.optionalText(input.lessonsLearned, 'input.lessonsLearned', rules.COMMENT_MAX);
    return this.dataSource.transaction(async (manager) => {
      const match = await findWithAccess(manager, Match, viewer, Permission.MATCH_EVALUATE, id);
      if (match.status !== MatchStatus.DELIVERED)
        throw new DomainError('INVALID_TRANSITION', 'Only delivered assistance is evaluated');
      const result = await manager
        .createQueryBuilder()
        .update(Match)
        .set({
          evaluationRating: input.rating,
          evaluationOutcome: outcome,
          evaluationGoodPractice: goodPractice,
          evaluationLessons: lessons,
          evaluatedBy: viewer.id,
          evaluatedAt: () => 'now()',
          version: () => 'version + 1',
        })
        .where('id = :id AND evaluated_at IS NULL', { id })
        .execute();
      if (result.affected !== 1) throw new DomainError('CONFLICT', 'This match has already been evaluated');
      await this.history.recordEdit(manager, {
        entityType: ENTITY,
        entityId: id,
        action: 'EVALUATE',
        actorId: viewer.id,
        payload: { rating: input.rating },
      });
      return manager.findOneOrFail(Match, { where: { id } });
    });
  }

  get(viewer: Viewer, id: string): Promise<Match> {
    return new MatchRepository(readLayer(this.dataSource)).visibleById(viewer, id);
  }

  list(
    viewer: Viewer,
    filter: MatchFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Page<Match>> {
    return new MatchRepository(readLayer(this.dataSource)).page(viewer, filter, pageArgs(first, after));
  }

  allowedActions(viewer: Viewer, match: Match): MatchAction[] {
    return matchMachine.allowedActions(viewer, this.subject(match)).filter(isMatchAction);
  }

  /**
   * One move of the match `id` the viewer sees, in one transaction: `work` writes it and returns the
   * notices to send, which are published after the commit; the match is read back as written.
   */
  private async move(
    viewer: Viewer,
    id: string,
    work: (manager: EntityManager, match: Match) => Promise<Notification[]>,
  ): Promise<Match> {
    const sent: Notification[] = [];
    const updated = await this.dataSource.transaction(async (manager) => {
      sent.push(...(await work(manager, await this.findVisible(manager, viewer, id))));
      return manager.findOneOrFail(Match, { where: { id } });
    });
    await this.notifications.publish(sent);
    return updated;
  }

  /**
   * Ends the proposal `id` if it is still PROPOSED and was proposed at or before `proposedBy` (the
   * service's move, on its schedule: no actor), with history, audit and a notice to both parties;
   * the pair is free for another proposal. Whether it expired (an answer may have come first).
   */
  async expire(id: string, proposedBy: Date, reason: string): Promise<boolean> {
    const sent: Notification[] = [];
    const expired = await this.dataSource.transaction(async (manager) => {
      const match = await manager.findOne(Match, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!match || match.status !== MatchStatus.PROPOSED || match.proposedAt > proposedBy) return false;
      const to = matchMachine.applyAsSystem(match, EXPIRE);
      await manager.update(Match, { id }, { status: to, version: match.version + 1 });
      const change = { to, action: EXPIRE, note: reason, kind: `MATCH_${to}` };
      sent.push(...(await this.moved(manager, null, match, change)));
      return true;
    });
    await this.notifications.publish(sent);
    return expired;
  }

  /** A status change written: its history entry, and a notice of `kind` to both parties. */
  private async moved(
    manager: EntityManager,
    actorId: string | null,
    match: Match,
    change: { to: MatchStatus; action: string; note: string | null; kind: string },
  ): Promise<Notification[]> {
    const { to, action, note, kind } = change;
    await this.history.record(manager, {
      entityType: ENTITY,
      entityId: match.id,
      from: match.status,
      to,
      action,
      actorId,
      reason: note,
    });
    return notifyMatchParties(
      this.notifications,
      manager,
      match,
      actorId,
      kind,
      `${match.reference} is ${to}`,
    );
  }

  private findVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<Match> {
    return findWithAccess(manager, Match, viewer, Permission.MATCH_READ, id);
  }

  private sideOf(viewer: Viewer, match: Match): 'requester' | 'provider' | null {
    if (hasAccess(viewer, Permission.MATCH_AS_REQUESTER, match)) return 'requester';
    if (hasAccess(viewer, Permission.MATCH_AS_PROVIDER, match)) return 'provider';
    return null;
  }

  private subject(match: Match) {
    return {
      status: match.status,
      ownerOrganizationId: match.requestingOrganizationId,
      parties: { requester: match.requestingOrganizationId, provider: match.providerOrganizationId },
    };
  }

  private notifyParties(manager: EntityManager, match: Match, actor: Viewer, kind: string, message: string) {
    return notifyMatchParties(this.notifications, manager, match, actor.id, kind, message);
  }
}
