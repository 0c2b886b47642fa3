import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { findWithAccess, Permission } from '../access/access.js';
import { staleVersion } from '../access/visible-query.js';
import type { Viewer } from '../viewer/viewer.js';
import { OfferAction, OfferStatus, Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { createOnce } from '../common/idempotency.js';
import * as rules from '../common/input-rules.js';
import { type Page, pageArgs } from '../common/pagination.js';
import { readLayer } from '../database/kysely.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ReferenceService } from '../reference/reference.service.js';
import { type AfterCommit, MarketplaceEvents } from '../workflow/marketplace-events.js';
import { withUniqueReferences } from '../workflow/references.js';
import { StatusHistoryService } from '../workflow/status-history.service.js';
import { AssistanceOffer } from './assistance-offer.entity.js';
import { offerFieldsFromCreate, offerFieldsFromUpdate, validateOfferFields } from './offer-fields.js';
import { EDITABLE_OFFER_STATUSES, OFFER_EXIT_STATUSES, offerMachine } from './offer-transitions.js';
import type { CreateOfferInput, OfferFilter, UpdateOfferInput } from './offer.inputs.js';
import { OfferRepository } from './offer.repository.js';

const ENTITY = 'AssistanceOffer' as const;

/** Offers of donors and agencies: intake, edits within capacity rules, the offer workflow, reads. */
@Injectable()
export class OffersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly organizations: OrganizationsService,
    private readonly history: StatusHistoryService,
    private readonly marketplace: MarketplaceEvents,
  ) {}

  async create(viewer: Viewer, input: CreateOfferInput): Promise<AssistanceOffer> {
    const organization = await this.organizations.actingOrganization(
      viewer,
      Role.PROVIDER,
      "Only a provider's focal point (PROVIDER) posts offers",
    );
    const key = rules.idempotencyKey(input.idempotencyKey);
    const columns = validateOfferFields(offerFieldsFromCreate(input), this.reference);
    return createOnce({
      key,
      input,
      constraint: 'assistance_offer_idempotency',
      find: (k) =>
        this.dataSource
          .getRepository(AssistanceOffer)
          .findOne({ where: { createdBy: viewer.id, idempotencyKey: k } }),
      create: (print) =>
        this.dataSource.transaction(async (manager) => {
          const offer = await withUniqueReferences(
            manager,
            { prefix: 'OFF', constraint: 'assistance_offer_reference' },
            ([reference]) =>
              manager.save(
                manager.create(AssistanceOffer, {
                  ...columns,
                  remainingCapacity: columns.capacity,
                  reference,
                  providerOrganizationId: organization.id,
                  status: OfferStatus.DRAFT,
                  version: 1,
                  createdBy: viewer.id,
                  idempotencyKey: key,
                  idempotencyFingerprint: print,
                  publishedAt: null,
                }),
              ),
          );
          await this.history.record(manager, {
            entityType: ENTITY,
            entityId: offer.id,
            from: null,
            to: OfferStatus.DRAFT,
            action: 'CREATE',
            actorId: viewer.id,
            detail: { reference: offer.reference },
          });
          return offer;
        }),
    });
  }

  async update(
    viewer: Viewer,
    id: string,
    input: UpdateOfferInput,
    expectedVersion: number,
  ): Promise<AssistanceOffer> {
    return this.dataSource.transaction(async (manager) => {
      const current = await findWithAccess(manager, AssistanceOffer, viewer, Permission.OFFER_EDIT, id);
      if (current.version !== expectedVersion) throw staleVersion('Offer', current.version);
      if (!EDITABLE_OFFER_STATUSES.includes(current.status)) {
        throw new DomainError(
          'INVALID_TRANSITION',
          `An offer in status ${current.status} can no longer be edited`,
        );
      }
      const columns = validateOfferFields(offerFieldsFromUpdate(current, input), this.reference);
      const used = current.capacity - current.remainingCapacity;
      if (columns.capacity < used) {
        throw DomainError.badInput(
          'input.capacity',
          `must not drop below the ${used} engagements already agreed`,
        );
      }
      // Capacity in use is re-checked in the statement itself, against agreements made meanwhile.
      const exhausts = current.status === OfferStatus.PUBLISHED && columns.capacity === used;
      const result = await manager
        .createQueryBuilder()
        .update(AssistanceOffer)
        .set({
          ...columns,
          remainingCapacity: () => 'remaining_capacity + (:capacity - capacity)',
          version: () => 'version + 1',
          ...(exhausts ? { status: OfferStatus.EXHAUSTED } : {}),
        })
        .where(
          'id = :id AND version = :version AND status = :status AND capacity - remaining_capacity <= :capacity',
          {
            id,
            version: expectedVersion,
            status: current.status,
            capacity: columns.capacity,
          },
        )
        .execute();
      if (result.affected !== 1) throw staleVersion('Offer');
      await this.history.recordEdit(manager, {
        entityType: ENTITY,
        entityId: id,
        action: 'UPDATE',
        actorId: viewer.id,
        payload: { fields: Object.keys(input).sort(), version: expectedVersion + 1 },
      });
      if (exhausts) {
        await this.history.record(manager, {
          entityType: ENTITY,
          entityId: id,
          from: OfferStatus.PUBLISHED,
          to: OfferStatus.EXHAUSTED,
          action: 'CAPACITY_EXHAUSTED',
          actorId: null,
        });
      }
      return manager.findOneOrFail(AssistanceOffer, { where: { id } });
    });
  }

  async transition(
    viewer: Viewer,
    id: string,
    action: OfferAction,
    reason: string | null | undefined,
    expectedVersion: number | null | undefined,
  ): Promise<AssistanceOffer> {
    const note = rules.optionalText(reason, 'reason', rules.COMMENT_MAX);
    const afterCommit: AfterCommit[] = [];
    const updated = await this.dataSource.transaction(async (manager) => {
      const current = await this.findVisible(manager, viewer, id);
      if (expectedVersion !== null && expectedVersion !== undefined && current.version !== expectedVersion) {
        throw staleVersion('Offer', current.version);
      }
      let to = offerMachine.apply(
        viewer,
        { status: current.status, ownerOrganizationId: current.providerOrganizationId },
        action,
      );
      // Derived: a published offer with no capacity left is EXHAUSTED.
      const derived = to === OfferStatus.PUBLISHED && current.remainingCapacity === 0;
      if (derived) to = OfferStatus.EXHAUSTED;
      const result = await manager
        .createQueryBuilder()
        .update(AssistanceOffer)
        .set({
          status: to,
          version: () => 'version + 1',
          ...(action === OfferAction.PUBLISH ? { publishedAt: () => 'coalesce(published_at, now())' } : {}),
        })
        .where('id = :id AND status = :from AND version = :version', {
          id,
          from: current.status,
          version: current.version,
        })
        .execute();
      if (result.affected !== 1) throw staleVersion('Offer');
      await this.history.record(manager, {
        entityType: ENTITY,
        entityId: id,
        from: current.status,
        to,
        action,
        actorId: viewer.id,
        reason: note,
        detail: derived ? { exhausted: true } : undefined,
      });
      if (OFFER_EXIT_STATUSES.includes(to)) {
        afterCommit.push(
          await this.marketplace.exited(manager, { side: 'offer', id, to, actorId: viewer.id }),
        );
      }
      return manager.findOneOrFail(AssistanceOffer, { where: { id } });
    });
    for (const run of afterCommit) await run();
    return updated;
  }

  get(viewer: Viewer, id: string): Promise<AssistanceOffer> {
    return this.findVisible(this.dataSource.manager, viewer, id);
  }

  list(
    viewer: Viewer,
    filter: OfferFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Page<AssistanceOffer>> {
    // Every listed item shows its organization: read with the page, in the same statement.
    return new OfferRepository(readLayer(this.dataSource)).page(viewer, filter, pageArgs(first, after));
  }

  allowedActions(viewer: Viewer, offer: AssistanceOffer): OfferAction[] {
    return offerMachine.allowedActions(viewer, {
      status: offer.status,
      ownerOrganizationId: offer.providerOrganizationId,
    });
  }

  private findVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<AssistanceOffer> {
    return findWithAccess(manager, AssistanceOffer, viewer, Permission.OFFER_READ, id);
  }
}
