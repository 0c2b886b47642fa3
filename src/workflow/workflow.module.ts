import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MarketplaceEvents } from './marketplace-events.js';
import { StatusHistoryService } from './status-history.service.js';

/** Status history (with its audit events) and the marketplace events the request and offer workflows publish. */
@Module({
  imports: [AuditModule],
  providers: [StatusHistoryService, MarketplaceEvents],
  exports: [StatusHistoryService, MarketplaceEvents],
})
export class WorkflowModule {}
