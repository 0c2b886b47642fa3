import { Field, ID, InputType, OmitType, PartialType, Int } from '@nestjs/graphql';
import {
  AssistanceType,
  Confidentiality,
  DeliveryMode,
  InfrastructureSector,
  MandateParagraph,
  OfferStatus,
  PreparednessPhase,
  ProtectionStream,
} from '../common/enums.js';
import { MoneyInput } from '../common/money.js';
import { DateScalar } from '../common/scalars.js';

@InputType()
export class CreateOfferInput {
  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => [InfrastructureSector])
  sectors!: InfrastructureSector[];

  @Field(() => [AssistanceType])
  assistanceTypes!: AssistanceType[];

  @Field(() => [ProtectionStream], { nullable: true })
  protectionStreams?: ProtectionStream[] | null;

  @Field(() => [PreparednessPhase], { nullable: true })
  phases?: PreparednessPhase[] | null;

  @Field(() => MandateParagraph)
  mandateParagraph!: MandateParagraph;

  @Field(() => [String], { nullable: true })
  eligibleRegions?: string[] | null;

  @Field(() => [String], { nullable: true })
  eligibleStateCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  languages?: string[] | null;

  @Field(() => [DeliveryMode], { nullable: true })
  deliveryModes?: DeliveryMode[] | null;

  @Field(() => DateScalar, { nullable: true })
  availableFrom?: string | null;

  @Field(() => DateScalar, { nullable: true })
  availableUntil?: string | null;

  @Field(() => Int)
  capacity!: number;

  @Field(() => MoneyInput, { nullable: true })
  budget?: MoneyInput | null;

  @Field(() => Confidentiality, { nullable: true })
  confidentiality?: Confidentiality | null;

  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;
}

/** Every field of the create input but the key and the channel, all optional: omitted keeps, null clears optional ones. */
@InputType()
export class UpdateOfferInput extends PartialType(
  OmitType(CreateOfferInput, ['idempotencyKey', 'mandateParagraph'] as const),
  InputType,
) {}

@InputType()
export class OfferFilter {
  @Field(() => [OfferStatus], { nullable: true })
  status?: OfferStatus[] | null;

  @Field(() => [InfrastructureSector], { nullable: true })
  sectors?: InfrastructureSector[] | null;

  @Field(() => [AssistanceType], { nullable: true })
  assistanceTypes?: AssistanceType[] | null;

  @Field(() => MandateParagraph, { nullable: true })
  mandateParagraph?: MandateParagraph | null;

  @Field(() => String, { nullable: true, description: 'Offers open to this UN M49 region' })
  region?: string | null;

  @Field(() => ID, { nullable: true })
  providerOrganizationId?: string | null;

  @Field(() => String, { nullable: true })
  search?: string | null;
}
