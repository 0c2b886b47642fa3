import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { InfrastructureSector } from '../common/enums.js';
import { Node } from '../common/node.interface.js';
import { DateScalar } from '../common/scalars.js';
import { Organization } from '../organizations/organization.entity.js';
import { User } from '../organizations/user.entity.js';

@ObjectType()
export class CountByKey {
  @Field()
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class ReportPeriod {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;
}

@ObjectType()
export class UnmetNeed {
  @Field(() => InfrastructureSector)
  sector!: InfrastructureSector;

  @Field()
  region!: string;

  @Field(() => Int, { description: "Requests in OPEN status with no AGREED match at the period's end" })
  openRequests!: number;
}

@ObjectType()
export class ProviderContribution {
  @Field(() => Organization)
  organization!: Organization;

  organizationId!: string;

  @Field(() => Int)
  agreedMatches!: number;

  @Field(() => Int)
  deliveredMatches!: number;
}

@ObjectType()
export class GoodPractice {
  @Field()
  matchReference!: string;

  @Field(() => InfrastructureSector)
  sector!: InfrastructureSector;

  @Field()
  practice!: string;
}

@ObjectType()
export class ImplementationSummary {
  @Field(() => ReportPeriod)
  period!: ReportPeriod;

  @Field(() => Int)
  requestsReceived!: number;

  @Field(() => Int)
  offersPublished!: number;

  @Field(() => Int)
  matchesProposed!: number;

  @Field(() => Int)
  matchesAgreed!: number;

  @Field(() => Int)
  matchesDelivered!: number;

  @Field(() => Float, { description: 'matched requests / requests opened in the period, 0..1' })
  matchRate!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Median days from a request's openedAt to its first agreed match",
  })
  medianDaysToMatch!: number | null;

  @Field(() => [CountByKey])
  requestsByStatus!: CountByKey[];

  @Field(() => [CountByKey])
  requestsBySector!: CountByKey[];

  @Field(() => [CountByKey])
  requestsByRegion!: CountByKey[];

  @Field(() => [CountByKey], {
    description:
      'Keys PARAGRAPH_9, PARAGRAPH_11, PARAGRAPH_12: agreed matches by the paragraph they are delivered under',
  })
  matchesByParagraph!: CountByKey[];

  @Field(() => [UnmetNeed])
  unmetNeeds!: UnmetNeed[];

  @Field(() => [ProviderContribution])
  providerContributions!: ProviderContribution[];

  @Field(() => [GoodPractice])
  goodPractices!: GoodPractice[];
}

@ObjectType({
  implements: () => [Node],
  description:
    'A frozen report to the Counter-Terrorism Committee: its content never changes after generation.',
})
export class CtcReport implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'e.g. CTC-2026-001' })
  reference!: string;

  @Field()
  title!: string;

  @Field(() => ReportPeriod)
  period!: ReportPeriod;

  @Field(() => GraphQLISODateTime)
  generatedAt!: Date;

  @Field(() => User)
  generatedBy!: User;

  generatedById!: string;

  @Field(() => ImplementationSummary)
  summary!: ImplementationSummary;

  @Field({ description: 'The summary as CSV (section,key,value rows)' })
  csv!: string;

  @Field({ description: 'sha256 (hex) of the canonical JSON of summary, fixed at generation' })
  sha256!: string;
}

@InputType()
export class ReportPeriodInput {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;
}

@InputType()
export class GenerateCtcReportInput {
  @Field()
  title!: string;

  @Field(() => ReportPeriodInput)
  period!: ReportPeriodInput;
}
