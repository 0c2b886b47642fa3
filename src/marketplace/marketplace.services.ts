import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ReferenceService } from '../reference/reference.service.js';
import { MarketplaceEvents } from '../workflow/marketplace-events.js';
import { StatusHistoryService } from '../workflow/status-history.service.js';

/** What the lifecycle of either side needs, injected once for both (marketplace.module.ts). */
@Injectable()
export class MarketplaceServices {
  constructor(
    readonly dataSource: DataSource,
    readonly organizations: OrganizationsService,
    readonly history: StatusHistoryService,
    readonly marketplace: MarketplaceEvents,
    readonly reference: ReferenceService,
  ) {}
}
