import { Field, ID, InputType, OmitType, PartialType } from '@nestjs/graphql';
import {
  AssistanceType,
  Confidentiality,
  DeliveryMode,
  InfrastructureSector,
  MandateParagraph,
  PreparednessPhase,
  Priority,
  ProtectionStream,
  RequestStatus,
} from '../common/enums.js';
import { MoneyInput } from '../common/money.js';
import { DateScalar } from '../common/scalars.js';

@InputType()
export class CreateRequestInput {
  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => [String], {
    nullable: true,
    description: "ISO alpha-3 codes; defaults to the requesting organization's State",
  })
  beneficiaryStateCodes?: string[] | null;

  @Field(() => [InfrastructureSector])
  sectors!: InfrastructureSector[];

  @Field(() => [AssistanceType])
  assistanceTypes!: AssistanceType[];

  @Field(() => [ProtectionStream], { nullable: true })
  protectionStreams?: ProtectionStream[] | null;

  @Field(() => [PreparednessPhase], { nullable: true })
  phases?: PreparednessPhase[] | null;

  @Field(() => [MandateParagraph], { nullable: true })
  mandateParagraphs?: MandateParagraph[] | null;

  @Field(() => Priority, { nullable: true })
  priority?: Priority | null;

  @Field(() => Confidentiality, { nullable: true })
  confidentiality?: Confidentiality | null;

  @Field(() => [String], { nullable: true })
  languages?: string[] | null;

  @Field(() => [DeliveryMode], { nullable: true })
  deliveryModes?: DeliveryMode[] | null;

  @Field(() => DateScalar, { nullable: true })
  desiredStart?: string | null;

  @Field(() => DateScalar, { nullable: true })
  desiredEnd?: string | null;

  @Field(() => MoneyInput, { nullable: true })
  estimatedBudget?: MoneyInput | null;

  @Field(() => String, { nullable: true })
  ctedRecommendationRef?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Repeating a create with the same key returns the first result instead of a duplicate',
  })
  idempotencyKey?: string | null;
}

/** Every field of the create input but the key, all optional: omitted keeps, null clears optional ones. */
@InputType()
export class UpdateRequestInput extends PartialType(
  OmitType(CreateRequestInput, ['idempotencyKey'] as const),
  InputType,
) {}

@InputType()
export class RequestFilter {
  @Field(() => [RequestStatus], { nullable: true })
  status?: RequestStatus[] | null;

  @Field(() => [InfrastructureSector], { nullable: true })
  sectors?: InfrastructureSector[] | null;

  @Field(() => [AssistanceType], { nullable: true })
  assistanceTypes?: AssistanceType[] | null;

  @Field(() => [MandateParagraph], { nullable: true })
  mandateParagraphs?: MandateParagraph[] | null;

  @Field(() => [Priority], { nullable: true })
  priority?: Priority[] | null;

  @Field(() => String, { nullable: true, description: 'UN M49 region of any beneficiary State' })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO alpha-3 of any beneficiary State' })
  memberStateCode?: string | null;

  @Field(() => ID, { nullable: true })
  requestingOrganizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Full-text search over title and description' })
  search?: string | null;
}
