import { Module } from '@nestjs/common';
import { CommentsResolver } from '../comments/comments.resolver.js';
import { CommentsService } from '../comments/comments.service.js';
import { RequestConnectionResolver, RequestsResolver } from './requests.resolver.js';
import { RequestsService } from './requests.service.js';

/** Requesting States' needs and the comments on them. */
@Module({
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
