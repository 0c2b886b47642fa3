import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
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
import { Node } from '../common/node.interface.js';
import { DateScalar } from '../common/scalars.js';

/** A donor State's, agency's or organization's offer of assistance, with a capacity of engagements. */
@ObjectType({ implements: () => [Node] })
@Entity('assistance_offer')
/** Lists page newest first by creation time, then id: a cursor is a row's own (time, id). */
@Index('assistance_offer_page_order', ['createdAt', 'id'])
// GIN over sector_type_pairs(sectors, assistance_types), made by the SectorTypePairs migration.
@Index('assistance_offer_sector_type_pairs', { synchronize: false })
@Index('assistance_offer_idempotency', ['createdBy', 'idempotencyKey'], {
  unique: true,
  where: '"idempotency_key" IS NOT NULL',
})
@Check(
  'assistance_offer_capacity',
  '"capacity" >= 1 AND "remaining_capacity" >= 0 AND "remaining_capacity" <= "capacity"',
)
export class AssistanceOffer implements Node {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ description: 'Human-readable, unique and random, e.g. OFF-2026-3M8ZQA' })
  @Index('assistance_offer_reference', { unique: true })
  @Column({ type: 'text' })
  reference!: string;

  @Field()
  @Column({ type: 'text' })
  title!: string;

  @Field()
  @Column({ type: 'text' })
  description!: string;

  @Index()
  @Column({ name: 'provider_organization_id', type: 'uuid' })
  providerOrganizationId!: string;

  @Field(() => [InfrastructureSector])
  @Index('assistance_offer_sectors', { synchronize: false })
  @Column({ type: 'enum', enum: InfrastructureSector, enumName: 'infrastructure_sector', array: true })
  sectors!: InfrastructureSector[];

  @Field(() => [AssistanceType])
  @Index('assistance_offer_assistance_types', { synchronize: false })
  @Column({
    name: 'assistance_types',
    type: 'enum',
    enum: AssistanceType,
    enumName: 'assistance_type',
    array: true,
  })
  assistanceTypes!: AssistanceType[];

  @Field(() => [ProtectionStream])
  @Column({
    name: 'protection_streams',
    type: 'enum',
    enum: ProtectionStream,
    enumName: 'protection_stream',
    array: true,
  })
  protectionStreams!: ProtectionStream[];

  @Field(() => [PreparednessPhase])
  @Column({ type: 'enum', enum: PreparednessPhase, enumName: 'preparedness_phase', array: true })
  phases!: PreparednessPhase[];

  @Field(() => MandateParagraph, { description: 'The channel this offer is delivered through' })
  @Index()
  @Column({ name: 'mandate_paragraph', type: 'enum', enum: MandateParagraph, enumName: 'mandate_paragraph' })
  mandateParagraph!: MandateParagraph;

  @Field(() => [String], { description: 'UN M49 region names; empty means every region' })
  @Index('assistance_offer_eligible_regions', { synchronize: false })
  @Column({ name: 'eligible_regions', type: 'text', array: true })
  eligibleRegions!: string[];

  @Index('assistance_offer_eligible_states', { synchronize: false })
  @Column({ name: 'eligible_state_codes', type: 'text', array: true })
  eligibleStateCodes!: string[];

  @Field(() => [String])
  @Column({ type: 'text', array: true })
  languages!: string[];

  @Field(() => [DeliveryMode])
  @Column({
    name: 'delivery_modes',
    type: 'enum',
    enum: DeliveryMode,
    enumName: 'delivery_mode',
    array: true,
  })
  deliveryModes!: DeliveryMode[];

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'available_from', type: 'date', nullable: true })
  availableFrom!: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'available_until', type: 'date', nullable: true })
  availableUntil!: string | null;

  @Field(() => Int, { description: 'How many engagements (agreed matches) the offer can serve' })
  @Column({ type: 'int' })
  capacity!: number;

  @Field(() => Int)
  @Column({ name: 'remaining_capacity', type: 'int' })
  remainingCapacity!: number;

  @Column({ name: 'budget_amount', type: 'numeric', nullable: true })
  budgetAmount!: string | null;

  @Column({ name: 'budget_currency', type: 'char', length: 3, nullable: true })
  budgetCurrency!: string | null;

  @Field(() => Confidentiality)
  @Column({ type: 'enum', enum: Confidentiality, enumName: 'confidentiality' })
  confidentiality!: Confidentiality;

  @Field(() => OfferStatus)
  @Index()
  @Column({ type: 'enum', enum: OfferStatus, enumName: 'offer_status' })
  status!: OfferStatus;

  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'idempotency_fingerprint', type: 'char', length: 64, nullable: true })
  idempotencyFingerprint!: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Index()
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Index('assistance_offer_search', { synchronize: false })
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')`,
  })
  search?: string;
}
