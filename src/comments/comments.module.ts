import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MatchingModule } from '../matching/matching.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { CommentsResolver, MatchCommentsResolver, RequestCommentsResolver } from './comments.resolver.js';
import { CommentsService } from './comments.service.js';

/** Comments on requests and matches: read by whoever sees the subject; its owners hear of each one. */
@Module({
  imports: [AuditModule, NotificationsModule, RequestsModule, MatchingModule],
  providers: [CommentsService, CommentsResolver, RequestCommentsResolver, MatchCommentsResolver],
})
export class CommentsModule {}
