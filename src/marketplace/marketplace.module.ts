import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { WorkflowModule } from '../workflow/workflow.module.js';
import { MarketplaceServices } from './marketplace.services.js';

/** What requests and offers share: the services their lifecycle runs on. */
@Module({
  imports: [OrganizationsModule, WorkflowModule],
  providers: [MarketplaceServices],
  exports: [MarketplaceServices],
})
export class MarketplaceModule {}
