import { JobsModule } from '../jobs/jobs.module.js';
import { MatchDeadlines } from './match-deadlines.js';
import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OffersModule } from '../offers/offers.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { WorkflowModule } from '../workflow/workflow.module.js';
import {
  MatchConnectionResolver,
  MatchesResolver,
  OfferMatchesResolver,
  OfferSuggestionsResolver,
  RequestMatchesResolver,
  RequestSuggestionsResolver,
} from './matches.resolver.js';
import { MarketplaceExits } from './marketplace-exits.js';
import { MatchEffects } from './match-effects.js';
import { MatchesService } from './matches.service.js';
import { ProposalsService } from './proposals.service.js';
import { RoundsService } from './rounds.service.js';
import { SuggestionsService } from './suggestions.service.js';

/** Suggestions, the match workflow with safe capacity and optimal matching rounds. */
@Module({
  imports: [RequestsModule, OffersModule, WorkflowModule, NotificationsModule, JobsModule],
  providers: [
    MatchEffects,
    MatchDeadlines,
    MarketplaceExits,
    MatchesService,
    ProposalsService,
    SuggestionsService,
    RoundsService,
    MatchesResolver,
    MatchConnectionResolver,
    RequestMatchesResolver,
    OfferMatchesResolver,
    OfferSuggestionsResolver,
    RequestSuggestionsResolver,
  ],
  exports: [MatchesService],
})
export class MatchingModule {}
