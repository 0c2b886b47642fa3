import { Global, Module } from '@nestjs/common';
import { StatusChangeResolver } from './status-change.resolver.js';
import { StatusHistoryService } from './status-history.service.js';
import { MatchEffects } from '../matching/match-effects.js';

/** Status history (with its audit events) and the effects of matches, shared by the request, offer and match workflows. */
@Global()
@Module({
  providers: [StatusHistoryService, StatusChangeResolver, MatchEffects],
  exports: [StatusHistoryService, MatchEffects],
})
export class WorkflowModule {}
