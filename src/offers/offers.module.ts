import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { WorkflowModule } from '../workflow/workflow.module.js';
import { OfferConnectionResolver, OffersResolver } from './offers.resolver.js';
import { OffersService } from './offers.service.js';

/** Offers of assistance with their capacity. */
@Module({
  imports: [OrganizationsModule, WorkflowModule],
  providers: [OffersService, OffersResolver, OfferConnectionResolver],
  exports: [OffersService],
})
export class OffersModule {}
