import { Global, Module } from '@nestjs/common';
import { MarketplaceEvents } from './marketplace-events.js';
import { StatusChangeResolver } from './status-change.resolver.js';
import { StatusHistoryService } from './status-history.service.js';

/** Status history (with its audit events) and the marketplace events the request and offer workflows publish. */
@Global()
@Module({
  providers: [StatusHistoryService, StatusChangeResolver, MarketplaceEvents],
  exports: [StatusHistoryService, MarketplaceEvents],
})
export class WorkflowModule {}
