import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { MandateParagraph, Priority, RequestStatus } from '../common/enums.js';
import { Node } from '../common/node.interface.js';
import { MarketplaceIndexes, MarketplaceItem, optionalDate } from '../marketplace/marketplace-item.entity.js';

/** A requesting State's need for assistance. */
@ObjectType({ implements: () => [Node] })
@Entity('assistance_request')
@MarketplaceIndexes('assistance_request')
export class AssistanceRequest extends MarketplaceItem({
  reference: 'Human-readable, unique and random, e.g. REQ-2026-7KQ9XM',
  status: { enum: RequestStatus, enumName: 'request_status' },
  languages: 'ISO 639-1 codes',
  version: 'Optimistic-concurrency version; increases on every change',
}) {
  @Index()
  @Column({ name: 'requesting_organization_id', type: 'uuid' })
  requestingOrganizationId!: string;

  @Index('assistance_request_beneficiary_states', { synchronize: false })
  @Column({ name: 'beneficiary_state_codes', type: 'text', array: true })
  beneficiaryStateCodes!: string[];

  /** UN M49 regions of the beneficiary States, kept with them for filters and eligibility. */
  @Index('assistance_request_beneficiary_regions', { synchronize: false })
  @Column({ name: 'beneficiary_regions', type: 'text', array: true })
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

  @optionalDate('desired_start')
  desiredStart!: string | null;

  @optionalDate('desired_end')
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
