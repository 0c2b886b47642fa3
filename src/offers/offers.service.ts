import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { findWithAccess, Permission, visibleQuery } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { OfferAction, OfferStatus, Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import { ListFilters } from '../common/list-filters.js';
import { type Page, pageByCreation } from '../common/pagination.js';
import { Organization } from '../organizations/organization.entity.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { M49_REGIONS, ReferenceService } from '../reference/reference.service.js';
import { MarketplaceEvents } from '../workflow/marketplace-events.js';
import { StatusHistoryService } from '../workflow/status-history.service.js';
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
  OfferColumns
> {
  constructor(
    dataSource: DataSource,
    private readonly reference: ReferenceService,
    organizations: OrganizationsService,
    history: StatusHistoryService,
    marketplace: MarketplaceEvents,
  ) {
    super(OFFER_SIDE, dataSource, organizations, history, marketplace);
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
    return pageByCreation(
      () => this.filtered(viewer, filter ?? {}),
      { alias: 'o', column: 'created_at', at: (row) => row.createdAt },
      first,
      after,
      {
        filter,
        include: {
          entity: Organization,
          alias: 'listed_organization',
          on: 'listed_organization.id = o.provider_organization_id',
        },
      },
    );
  }

  private filtered(viewer: Viewer, filter: OfferFilter) {
    const filters = new ListFilters(
      visibleQuery(this.dataSource.manager, AssistanceOffer, viewer, Permission.OFFER_READ),
      'o',
    )
      .oneOf('status', 'offer_status', filter.status, 'filter.status')
      .overlaps('sectors', 'infrastructure_sector', filter.sectors, 'filter.sectors')
      .overlaps('assistance_types', 'assistance_type', filter.assistanceTypes, 'filter.assistanceTypes')
      .equals('mandate_paragraph', filter.mandateParagraph)
      .id('provider_organization_id', filter.providerOrganizationId, 'filter.providerOrganizationId')
      .search(filter.search, 'filter.search');
    if (filter.region !== null && filter.region !== undefined) {
      rules.regions([filter.region], 'filter.region', M49_REGIONS);
      // Open to a region: no region restriction, or that region among the eligible ones.
      filters.query.andWhere(
        `(cardinality(o.eligible_regions) = 0 OR o.eligible_regions @> ARRAY[:region]::text[])`,
        {
          region: filter.region,
        },
      );
    }
    return filters.query;
  }

  protected findVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<AssistanceOffer> {
    return findWithAccess(manager, AssistanceOffer, viewer, Permission.OFFER_READ, id);
  }
}
