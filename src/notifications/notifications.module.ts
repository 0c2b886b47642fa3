import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { MailModule } from '../mail/mail.module.js';
import { DigestService } from './digest.service.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';

/** Stored notifications and the notificationAdded subscription. */
@Module({
  imports: [MailModule, JobsModule],
  providers: [NotificationsService, NotificationsResolver, DigestService],
  exports: [NotificationsService, DigestService],
})
export class NotificationsModule {}
