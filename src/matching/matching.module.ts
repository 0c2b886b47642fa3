import { Module } from '@nestjs/common';
import { CommentsResolver } from '../comments/comments.resolver.js';
import { CommentsService } from '../comments/comments.service.js';
import { OffersModule } from '../offers/offers.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import {
  MatchConnectionResolver,
  MatchesResolver,
  OfferMatchesResolver,
  RequestMatchesResolver,
} from './matches.resolver.js';
import { MarketplaceExits } from './marketplace-exits.js';
import { MatchEffects } from './match-effects.js';
import { MatchesService } from './matches.service.js';
import { ProposalsService } from './proposals.service.js';
import { RoundsService } from './rounds.service.js';
import { SuggestionsService } from './suggestions.service.js';

/** Suggestions, the match workflow with safe capacity, optimal matching rounds, and comments on requests and matches. */
@Module({
  imports: [RequestsModule, OffersModule],
  providers: [
    MatchEffects,
    MarketplaceExits,
    MatchesService,
    ProposalsService,
    SuggestionsService,
    RoundsService,
    MatchesResolver,
    MatchConnectionResolver,
    RequestMatchesResolver,
    OfferMatchesResolver,
    CommentsService,
    CommentsResolver,
  ],
  exports: [MatchesService],
})
export class MatchingModule {}
