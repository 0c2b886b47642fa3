import { JobsModule } from '../jobs/jobs.module.js';
import { ReviewReminders } from './review-reminders.js';
import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { MarketplaceModule } from '../marketplace/marketplace.module.js';
import { RequestConnectionResolver, RequestsResolver } from './requests.resolver.js';
import { RequestsService } from './requests.service.js';

/** Requesting States' needs. */
@Module({
  imports: [MarketplaceModule, NotificationsModule, JobsModule],
  providers: [RequestsService, ReviewReminders, RequestsResolver, RequestConnectionResolver],
  exports: [RequestsService],
})
export class RequestsModule {}
