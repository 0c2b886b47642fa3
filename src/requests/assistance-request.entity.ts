import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
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
import { Node } from '../common/node.interface.js';
import { DateScalar } from '../common/scalars.js';

/** A requesting State's need for assistance. */
@ObjectType({ implements: () => [Node] })
@Entity('assistance_request')
/** Lists page newest first by creation time, then id: a cursor is a row's own (time, id). */
@Index('assistance_request_page_order', ['createdAt', 'id'])
// GIN over sector_type_pairs(sectors, assistance_types), made by the SectorTypePairs migration.
@Index('assistance_request_sector_type_pairs', { synchronize: false })
@Index('assistance_request_idempotency', ['createdBy', 'idempotencyKey'], {
  unique: true,
  where: '"idempotency_key" IS NOT NULL',
})
export class AssistanceRequest implements Node {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ description: 'Human-readable, unique and random, e.g. REQ-2026-7KQ9XM' })
  @Index('assistance_request_reference', { unique: true })
  @Column({ type: 'text' })
  reference!: string;

  @Field()
  @Column({ type: 'text' })
  title!: string;

  @Field()
  @Column({ type: 'text' })
  description!: string;

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

  @Field(() => [InfrastructureSector])
  @Index('assistance_request_sectors', { synchronize: false })
  @Column({ type: 'enum', enum: InfrastructureSector, enumName: 'infrastructure_sector', array: true })
  sectors!: InfrastructureSector[];

  @Field(() => [AssistanceType])
  @Index('assistance_request_assistance_types', { synchronize: false })
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

  @Field(() => Confidentiality)
  @Column({ type: 'enum', enum: Confidentiality, enumName: 'confidentiality' })
  confidentiality!: Confidentiality;

  @Field(() => [String], { description: 'ISO 639-1 codes' })
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
  @Column({ name: 'desired_start', type: 'date', nullable: true })
  desiredStart!: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'desired_end', type: 'date', nullable: true })
  desiredEnd!: string | null;

  @Column({ name: 'budget_amount', type: 'numeric', nullable: true })
  budgetAmount!: string | null;

  @Column({ name: 'budget_currency', type: 'char', length: 3, nullable: true })
  budgetCurrency!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Reference to the CTED assessment recommendation this need answers, if any',
  })
  @Column({ name: 'cted_recommendation_ref', type: 'text', nullable: true })
  ctedRecommendationRef!: string | null;

  @Field(() => RequestStatus)
  @Index()
  @Column({ type: 'enum', enum: RequestStatus, enumName: 'request_status' })
  status!: RequestStatus;

  @Field(() => Int, { description: 'Optimistic-concurrency version; increases on every change' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** sha256 of the canonical create input, to tell a retry from a different request with the same key. */
  @Column({ name: 'idempotency_fingerprint', type: 'char', length: 64, nullable: true })
  idempotencyFingerprint!: string | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Index()
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Index()
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  /** Full-text search over title (weight A) and description (weight B), maintained by PostgreSQL. */
  @Index('assistance_request_search', { synchronize: false })
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
