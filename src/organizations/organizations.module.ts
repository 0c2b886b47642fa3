import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuditEventActorResolver, StatusChangeActorResolver } from './actor-fields.resolver.js';
import { OrganizationsResolver, UserConnectionResolver, UsersResolver } from './organizations.resolver.js';
import { OrganizationsService } from './organizations.service.js';

/** Organizations (Member States, UN entities, donors…) and their users. */
@Module({
  imports: [AuditModule],
  providers: [
    OrganizationsService,
    OrganizationsResolver,
    UsersResolver,
    UserConnectionResolver,
    AuditEventActorResolver,
    StatusChangeActorResolver,
  ],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
