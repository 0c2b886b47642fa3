import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Roles } from '../viewer/viewer.decorators.js';
import type { Viewer } from '../viewer/viewer.js';
import { Role } from '../common/enums.js';
import { AuditService } from './audit.service.js';
import { AuditEvent, AuditVerification } from './audit.types.js';

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEvent], {
    description:
      'Audit events of one entity, oldest first (COORDINATOR, ADMIN); sign-in events for ADMINs only',
  })
  @Roles(Role.COORDINATOR, Role.ADMIN)
  async auditTrail(
    @CurrentViewer() viewer: Viewer,
    @Args('entityId', { type: () => ID }) entityId: string,
  ): Promise<AuditEvent[]> {
    const rows = await this.audit.trail(viewer, entityId);
    return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
  }

  @Query(() => AuditVerification, {
    description: 'Recomputes the hash chain over the whole audit log (ADMIN)',
  })
  @Roles(Role.ADMIN)
  verifyAuditLog(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
