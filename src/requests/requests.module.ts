import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { WorkflowModule } from '../workflow/workflow.module.js';
import { RequestConnectionResolver, RequestsResolver } from './requests.resolver.js';
import { RequestsService } from './requests.service.js';

/** Requesting States' needs. */
@Module({
  imports: [OrganizationsModule, WorkflowModule, NotificationsModule],
  providers: [RequestsService, RequestsResolver, RequestConnectionResolver],
  exports: [RequestsService],
})
export class RequestsModule {}
