import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { MarketplaceModule } from '../marketplace/marketplace.module.js';
import { RequestConnectionResolver, RequestsResolver } from './requests.resolver.js';
import { RequestsService } from './requests.service.js';

/** Requesting States' needs. */
@Module({
  imports: [MarketplaceModule, NotificationsModule],
  providers: [RequestsService, RequestsResolver, RequestConnectionResolver],
  exports: [RequestsService],
})
export class RequestsModule {}
