import { Field, ID, InputType, OmitType, PartialType } from '@nestjs/graphql';
import { MandateParagraph, Priority, RequestStatus } from '../common/enums.js';
import { MarketplaceFilterInput, MarketplaceItemInput } from '../marketplace/marketplace.inputs.js';

/** The request's names for its period and budget. */
export const REQUEST_FIELD_NAMES = {
  period: ['desiredStart', 'desiredEnd'],
  budget: 'estimatedBudget',
  idempotencyKey: 'Repeating a create with the same key returns the first result instead of a duplicate',
} as const;

@InputType()
export class CreateRequestInput extends MarketplaceItemInput(REQUEST_FIELD_NAMES) {
  @Field(() => [String], {
    nullable: true,
    description: "ISO alpha-3 codes; defaults to the requesting organization's State",
  })
  beneficiaryStateCodes?: string[] | null;

  @Field(() => [MandateParagraph], { nullable: true })
  mandateParagraphs?: MandateParagraph[] | null;

  @Field(() => Priority, { nullable: true })
  priority?: Priority | null;

  @Field(() => String, { nullable: true })
  ctedRecommendationRef?: string | null;
}

/** Every field of the create input but the key, all optional: omitted keeps, null clears optional ones. */
@InputType()
export class UpdateRequestInput extends PartialType(
  OmitType(CreateRequestInput, ['idempotencyKey'] as const),
  InputType,
) {}

@InputType()
export class RequestFilter extends MarketplaceFilterInput(RequestStatus) {
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
