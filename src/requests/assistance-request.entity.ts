import { Field, GraphQLISODateTime } from '@nestjs/graphql';
import { Column, Index } from 'typeorm';
import { MandateParagraph, Priority, RequestStatus } from '../common/enums.js';
import * as marketplace from '../marketplace/marketplace-item.entity.js';

/** A requesting State's need for assistance. */
@marketplace.MarketplaceEntity('assistance_request')
export class AssistanceRequest extends marketplace.MarketplaceItem({
  reference: 'Human-readable, unique and random, e.g. REQ-2026-7KQ9XM',
  status: { enum: RequestStatus, enumName: 'request_status' },
  languages: 'ISO 639-1 codes',
  version: 'Optimistic-concurrency version; increases on every change',
}) {
  @marketplace.ownerColumn('requesting_organization_id')
  requestingOrganizationId!: string;

  @marketplace.indexedTextArray('beneficiary_state_codes', 'assistance_request_beneficiary_states')
  beneficiaryStateCodes!: string[];

  /** UN M49 regions of the beneficiary States, kept with them for filters and eligibility. */
  @marketplace.indexedTextArray('beneficiary_regions', 'assistance_request_beneficiary_regions')
  beneficiaryRegions!: string[];

  @Field(() => [MandateParagraph])
  @Index('assistance_request_mandate_paragraphs', { synchronize: false })
  @Column({
    name: 'mandate_paragraphs',
    type: 'enum',
    enum: MandateParagraph,
    enumName: 'mandate_paragraph',
    array: true,
  })
  mandateParagraphs!: MandateParagraph[];

  @Field(() => Priority)
  @Column({ type: 'enum', enum: Priority, enumName: 'priority' })
  priority!: Priority;

  @marketplace.optionalDate('desired_start')
  desiredStart!: string | null;

  @marketplace.optionalDate('desired_end')
  desiredEnd!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Reference to the CTED assessment recommendation this need answers, if any',
  })
  @Column({ name: 'cted_recommendation_ref', type: 'text', nullable: true })
  ctedRecommendationRef!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Index()
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Index()
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;
}
