import { Module } from '@nestjs/common';
import { OfferConnectionResolver, OffersResolver } from './offers.resolver.js';
import { OffersService } from './offers.service.js';

/** Offers of assistance with their capacity. */
@Module({
  providers: [OffersService, OffersResolver, OfferConnectionResolver],
  exports: [OffersService],
})
export class OffersModule {}
