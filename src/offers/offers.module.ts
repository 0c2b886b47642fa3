import { JobsModule } from '../jobs/jobs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OfferExpiry } from './offer-expiry.js';
import { Module } from '@nestjs/common';
import { MarketplaceModule } from '../marketplace/marketplace.module.js';
import { OfferConnectionResolver, OffersResolver } from './offers.resolver.js';
import { OffersService } from './offers.service.js';

/** Offers of assistance with their capacity. */
@Module({
  imports: [MarketplaceModule, NotificationsModule, JobsModule],
  providers: [OffersService, OfferExpiry, OffersResolver, OfferConnectionResolver],
  exports: [OffersService],
})
export class OffersModule {}
