import { Field, Int } from '@nestjs/graphql';
import { Check, Column, Index } from 'typeorm';
import { MandateParagraph, OfferStatus } from '../common/enums.js';
import * as marketplace from '../marketplace/marketplace-item.entity.js';

/** A donor State's, agency's or organization's offer of assistance, with a capacity of engagements. */
@marketplace.MarketplaceEntity('assistance_offer')
@Check(
  'assistance_offer_capacity',
  '"capacity" >= 1 AND "remaining_capacity" >= 0 AND "remaining_capacity" <= "capacity"',
)
export class AssistanceOffer extends marketplace.MarketplaceItem({
  reference: 'Human-readable, unique and random, e.g. OFF-2026-3M8ZQA',
  status: { enum: OfferStatus, enumName: 'offer_status' },
}) {
  @marketplace.ownerColumn('provider_organization_id')
  providerOrganizationId!: string;

  @Field(() => MandateParagraph, { description: 'The channel this offer is delivered through' })
  @Index()
  @Column({ name: 'mandate_paragraph', type: 'enum', enum: MandateParagraph, enumName: 'mandate_paragraph' })
  mandateParagraph!: MandateParagraph;

  @Field(() => [String], { description: 'UN M49 region names; empty means every region' })
  @marketplace.indexedTextArray('eligible_regions', 'assistance_offer_eligible_regions')
  eligibleRegions!: string[];

  @marketplace.indexedTextArray('eligible_state_codes', 'assistance_offer_eligible_states')
  eligibleStateCodes!: string[];

  @marketplace.optionalDate('available_from')
  availableFrom!: string | null;

  @marketplace.optionalDate('available_until')
  availableUntil!: string | null;

  @Field(() => Int, { description: 'How many engagements (agreed matches) the offer can serve' })
  @Column({ type: 'int' })
  capacity!: number;

  @Field(() => Int)
  @Column({ name: 'remaining_capacity', type: 'int' })
  remainingCapacity!: number;

  @Index()
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
