import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Roles } from '../viewer/viewer.decorators.js';
import type { Viewer } from '../viewer/viewer.js';
import { Role, UnLanguage } from '../common/enums.js';
import { languageOf } from '../reference/vocabulary.js';
import { renderMarkdown } from './renderers.js';
import { DomainError } from '../common/errors.js';
import type { GqlContext } from '../viewer/gql-context.js';
import type { OrganizationLoaders } from '../organizations/organization.loaders.js';
import { Organization } from '../organizations/organization.entity.js';
import { User } from '../organizations/user.entity.js';
import { type FrozenReport, ReportsService } from './reports.service.js';
import {
  CtcReport,
  GenerateCtcReportInput,
  ImplementationSummary,
  ProviderContribution,
  ReportPeriodInput,
} from './reporting.types.js';
import type { SummaryData } from './summary.js';
import { SummaryService } from './summary.service.js';

const READERS = [Role.COORDINATOR, Role.CTC_OBSERVER, Role.ADMIN];

/** A report without its author, whom a field resolver loads. */
type ReportView = Omit<CtcReport, 'generatedBy'>;

function toReport(report: FrozenReport): ReportView {
  const { record } = report;
  return {
    id: record.id,
    reference: record.reference,
    title: record.title,
    period: { from: record.periodFrom, to: record.periodTo },
    generatedAt: record.generatedAt,
    generatedById: record.generatedBy,
    summary: report.summary as unknown as ImplementationSummary,
    csv: report.csv,
    sha256: record.sha256,
  };
}

@Resolver(() => CtcReport)
export class ReportingResolver {
  constructor(
    private readonly summaries: SummaryService,
    private readonly reports: ReportsService,
  ) {}

  @Query(() => ImplementationSummary, {
    description: 'Live figures for a period (COORDINATOR, CTC_OBSERVER, ADMIN)',
  })
  @Roles(...READERS)
  async implementationSummary(@Args('period') period: ReportPeriodInput): Promise<SummaryData> {
    return this.summaries.summary(period);
  }

  @Query(() => [CtcReport])
  @Roles(...READERS)
  async ctcReports(): Promise<ReportView[]> {
    return (await this.reports.list()).map(toReport);
  }

  @Query(() => CtcReport)
  @Roles(...READERS)
  async ctcReport(@Args('id', { type: () => ID }) id: string): Promise<ReportView> {
    return toReport(await this.reports.get(id));
  }

  @Mutation(() => CtcReport)
  @Roles(Role.COORDINATOR)
  async generateCtcReport(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: GenerateCtcReportInput,
  ): Promise<ReportView> {
    return toReport(await this.reports.generate(viewer, input.title, input.period));
  }

  @ResolveField(() => String, {
    description:
      "The summary as a Markdown document for the Committee, in `locale`, else the viewer's preferred language, else Accept-Language, else English; the same hash in every language",
  })
  async markdown(
    @Parent() report: ReportView,
    @Args('locale', { type: () => UnLanguage, nullable: true }) locale: UnLanguage | null | undefined,
    @Context() context: GqlContext<OrganizationLoaders>,
  ): Promise<string> {
    const language = await languageOf(locale, context);
    return renderMarkdown(
      report.summary as unknown as SummaryData,
      {
        reference: report.reference,
        title: report.title,
        generatedAt: report.generatedAt.toISOString(),
        sha256: report.sha256,
      },
      language,
    );
  }

  @ResolveField(() => User)
  async generatedBy(
    @Parent() report: ReportView,
    @Context() context: GqlContext<OrganizationLoaders>,
  ): Promise<User> {
    const user = await context.loaders.user.load(report.generatedById);
    if (!user) throw DomainError.notFound('User');
    return user;
  }
}

@Resolver(() => ProviderContribution)
export class ProviderContributionResolver {
  /** The provider as it is now; the frozen name is in the report's CSV and Markdown. */
  @ResolveField(() => Organization)
  async organization(
    @Parent() contribution: ProviderContribution,
    @Context() context: GqlContext<OrganizationLoaders>,
  ): Promise<Organization> {
    const organization = await context.loaders.organization.load(contribution.organizationId);
    if (!organization) throw DomainError.notFound('Organization');
    return organization;
  }
}
