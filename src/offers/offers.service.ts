import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { findWithAccess, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { OfferAction, OfferStatus, Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { readLayer } from '../database/kysely.js';
import { MarketplaceServices } from '../marketplace/marketplace.services.js';
import {
  type EditStatement,
  MarketplaceLifecycle,
  type MarketplaceSide,
} from '../marketplace/marketplace-lifecycle.js';
import { AssistanceOffer } from './assistance-offer.entity.js';
import {
  type OfferColumns,
  offerFieldsFromCreate,
  offerFieldsFromUpdate,
  validateOfferFields,
} from './offer-fields.js';
import { EDITABLE_OFFER_STATUSES, OFFER_EXIT_STATUSES, offerMachine } from './offer-transitions.js';
import type { CreateOfferInput, OfferFilter, UpdateOfferInput } from './offer.inputs.js';
import { OfferRepository } from './offer.repository.js';

/** The offer side of the marketplace lifecycle. */
const OFFER_SIDE: MarketplaceSide<AssistanceOffer, OfferStatus, OfferAction> = {
  entity: AssistanceOffer,
  side: 'offer',
  article: 'An',
  entityType: 'AssistanceOffer',
  table: 'assistance_offer',
  referencePrefix: 'OFF',
  creator: { role: Role.PROVIDER, refusal: "Only a provider's focal point (PROVIDER) posts offers" },
  owner: 'providerOrganizationId',
  edit: Permission.OFFER_EDIT,
  machine: offerMachine,
  initial: OfferStatus.DRAFT,
  editable: EDITABLE_OFFER_STATUSES,
  exits: OFFER_EXIT_STATUSES,
  stamps: { [OfferAction.PUBLISH]: { property: 'publishedAt', column: 'published_at' } },
};

/** Offers of donors and agencies: intake, edits within capacity rules, the offer workflow, reads. */
@Injectable()
export class OffersService extends MarketplaceLifecycle<
  AssistanceOffer,
  OfferStatus,
  OfferAction,
  CreateOfferInput,
  UpdateOfferInput,
  OfferColumns,
  OfferFilter
> {
  constructor(services: MarketplaceServices) {
    super(OFFER_SIDE, services);
  }

  protected columnsOnCreate(input: CreateOfferInput): Partial<AssistanceOffer> {
    const columns = validateOfferFields(offerFieldsFromCreate(input), this.reference);
    return { ...columns, remainingCapacity: columns.capacity };
  }

  protected columnsOnUpdate(current: AssistanceOffer, input: UpdateOfferInput): OfferColumns {
    return validateOfferFields(offerFieldsFromUpdate(current, input), this.reference);
  }

  /**
   * Capacity may not drop below the engagements already agreed, re-checked in the statement itself
   * against agreements made meanwhile; a published offer left with none is EXHAUSTED.
   */
  protected override editStatement(current: AssistanceOffer, columns: OfferColumns): EditStatement {
    const used = current.capacity - current.remainingCapacity;
    if (columns.capacity < used) {
      throw DomainError.badInput(
        'input.capacity',
        `must not drop below the ${used} engagements already agreed`,
      );
    }
    const exhausts = current.status === OfferStatus.PUBLISHED && columns.capacity === used;
    return {
      set: {
        remainingCapacity: () => 'remaining_capacity + (:capacity - capacity)',
        ...(exhausts ? { status: OfferStatus.EXHAUSTED } : {}),
      },
      where: 'status = :status AND capacity - remaining_capacity <= :capacity',
      parameters: { status: current.status, capacity: columns.capacity },
      after: exhausts
        ? (manager) =>
            this.history.record(manager, {
              entityType: OFFER_SIDE.entityType,
              entityId: current.id,
              from: OfferStatus.PUBLISHED,
              to: OfferStatus.EXHAUSTED,
              action: 'CAPACITY_EXHAUSTED',
              actorId: null,
            })
        : undefined,
    };
  }

  /** Derived: a published offer with no capacity left is EXHAUSTED. */
  protected override derive(current: AssistanceOffer, to: OfferStatus) {
    return to === OfferStatus.PUBLISHED && current.remainingCapacity === 0
      ? { to: OfferStatus.EXHAUSTED, detail: { exhausted: true } }
      : { to };
  }

  protected pages() {
    return new OfferRepository(readLayer(this.dataSource));
  }

  protected findVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<AssistanceOffer> {
    return findWithAccess(manager, AssistanceOffer, viewer, Permission.OFFER_READ, id);
  }
}
