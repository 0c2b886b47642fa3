import { Field, ID, InputType, OmitType, PartialType, Int } from '@nestjs/graphql';
import { MandateParagraph, OfferStatus } from '../common/enums.js';
import { MarketplaceFilterInput, MarketplaceItemInput } from '../marketplace/marketplace.inputs.js';

/** The offer's names for its period and budget. */
export const OFFER_FIELD_NAMES = { period: ['availableFrom', 'availableUntil'], budget: 'budget' } as const;

@InputType()
export class CreateOfferInput extends MarketplaceItemInput(OFFER_FIELD_NAMES) {
  @Field(() => MandateParagraph)
  mandateParagraph!: MandateParagraph;

  @Field(() => [String], { nullable: true })
  eligibleRegions?: string[] | null;

  @Field(() => [String], { nullable: true })
  eligibleStateCodes?: string[] | null;

  @Field(() => Int)
  capacity!: number;
}

/** Every field of the create input but the key and the channel, all optional: omitted keeps, null clears optional ones. */
@InputType()
export class UpdateOfferInput extends PartialType(
  OmitType(CreateOfferInput, ['idempotencyKey', 'mandateParagraph'] as const),
  InputType,
) {}

@InputType()
export class OfferFilter extends MarketplaceFilterInput(OfferStatus) {
  @Field(() => MandateParagraph, { nullable: true })
  mandateParagraph?: MandateParagraph | null;

  @Field(() => String, { nullable: true, description: 'Offers open to this UN M49 region' })
  region?: string | null;

  @Field(() => ID, { nullable: true })
  providerOrganizationId?: string | null;

  @Field(() => String, { nullable: true })
  search?: string | null;
}
