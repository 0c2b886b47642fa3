import { Module } from '@nestjs/common';
import { MarketplaceModule } from '../marketplace/marketplace.module.js';
import { OfferConnectionResolver, OffersResolver } from './offers.resolver.js';
import { OffersService } from './offers.service.js';

/** Offers of assistance with their capacity. */
@Module({
  imports: [MarketplaceModule],
  providers: [OffersService, OffersResolver, OfferConnectionResolver],
  exports: [OffersService],
})
export class OffersModule {}
