import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../common/enums.js';
import { CurrentViewer, Roles } from '../../viewer/viewer.decorators.js';
import type { Viewer } from '../../viewer/viewer.js';
import { ReportPeriodInput } from '../reporting.types.js';
import { IatiExport } from './iati-export.js';

@Resolver()
export class IatiResolver {
  constructor(private readonly exports: IatiExport) {}

  @Query(() => String, {
    description:
      "The provider organization's agreed assistance in the period as one IATI 2.03 <iati-activities> XML document (its focal points, COORDINATOR, ADMIN); matches not PUBLIC on both sides need the requesting organization's publicationConsent",
  })
  @Roles(Role.PROVIDER, Role.COORDINATOR, Role.ADMIN)
  iatiActivities(
    @CurrentViewer() viewer: Viewer,
    @Args('providerOrganizationId', { type: () => ID }) providerOrganizationId: string,
    @Args('period') period: ReportPeriodInput,
  ): Promise<string> {
    return this.exports.document(viewer, providerOrganizationId, period);
  }
}
