import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { RequestConnectionResolver, RequestsResolver } from './requests.resolver.js';
import { RequestsService } from './requests.service.js';

/** Requesting States' needs. */
@Module({
  imports: [OrganizationsModule],
  providers: [RequestsService, RequestsResolver, RequestConnectionResolver],
  exports: [RequestsService],
})
export class RequestsModule {}
