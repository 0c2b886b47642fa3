import { Module } from '@nestjs/common';
import { OrganizationsResolver, UsersResolver } from './organizations.resolver.js';
import { OrganizationsService } from './organizations.service.js';

/** Organizations (Member States, UN entities, donors…) and their users. */
@Module({
  providers: [OrganizationsService, OrganizationsResolver, UsersResolver],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
