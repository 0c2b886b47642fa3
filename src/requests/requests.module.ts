import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { CommentsResolver } from '../comments/comments.resolver.js';
import { CommentsService } from '../comments/comments.service.js';
import { RequestConnectionResolver, RequestsResolver } from './requests.resolver.js';
import { RequestsService } from './requests.service.js';

/** Requesting States' needs and the comments on them. */
@Module({
  imports: [OrganizationsModule],
  providers: [
    RequestsService,
    RequestsResolver,
    RequestConnectionResolver,
    CommentsService,
    CommentsResolver,
  ],
  exports: [RequestsService],
})
export class RequestsModule {}
