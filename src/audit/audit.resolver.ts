import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { OFFER_OWNED, REQUEST_OWNED } from '../access/owned.js';
import { findVisible } from '../access/visible-query.js';
import { CurrentViewer, Roles } from '../auth/auth.decorators.js';
import type { Viewer } from '../auth/viewer.js';
import { isUuid } from '../common/validation.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { Role } from '../common/enums.js';
import type { GqlContext } from '../common/gql-context.js';
import { User } from '../organizations/user.entity.js';
import { AuditService } from './audit.service.js';
import { AuditEvent, AuditVerification } from './audit.types.js';

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  @Query(() => [AuditEvent], { description: 'Audit events of one entity, oldest first (COORDINATOR, ADMIN)' })
  @Roles(Role.COORDINATOR, Role.ADMIN)
  async auditTrail(
    @CurrentViewer() viewer: Viewer,
    @Args('entityId', { type: () => ID }) entityId: string,
  ): Promise<AuditEvent[]> {
    await this.assertVisible(viewer, entityId);
    const rows = await this.audit.trail(entityId);
    return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
  }

  @Query(() => AuditVerification, {
    description: 'Recomputes the hash chain over the whole audit log (ADMIN)',
  })
  @Roles(Role.ADMIN)
  verifyAuditLog(): Promise<AuditVerification> {
    return this.audit.verify();
  }

  /** A draft request or offer stays private to its organization, its audit trail included. */
  private async assertVisible(viewer: Viewer, entityId: string): Promise<void> {
    if (!isUuid(entityId)) return;
    const kinds = [
      [AssistanceRequest, REQUEST_OWNED],
      [AssistanceOffer, OFFER_OWNED],
    ] as const;
    for (const [entity, owned] of kinds) {
      if (await this.dataSource.getRepository(entity).existsBy({ id: entityId })) {
        await findVisible(this.dataSource.manager, entity, viewer, entityId, owned);
      }
    }
  }

  @ResolveField(() => User, { nullable: true })
  actor(@Parent() event: AuditEvent, @Context() context: GqlContext): Promise<User | null> | null {
    return event.actorId ? context.loaders.user.load(event.actorId) : null;
  }
}
