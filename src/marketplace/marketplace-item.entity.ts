import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import {
  AssistanceType,
  Confidentiality,
  DeliveryMode,
  InfrastructureSector,
  PreparednessPhase,
  ProtectionStream,
} from '../common/enums.js';
import { Node } from '../common/node.interface.js';
import { DateScalar } from '../common/scalars.js';

/** What differs between the two sides in the columns and fields they share. */
export interface MarketplaceItemOptions<S extends string> {
  /** The description of `reference`, with an example of the side's prefix. */
  reference: string;
  /** The side's status enum and its PostgreSQL type. */
  status: { enum: Record<string, S>; enumName: string };
  languages?: string;
  version?: string;
}

/**
 * The columns and GraphQL fields a request and an offer share: identity, reference, the vocabulary
 * that matching compares, confidentiality, status and version, idempotency and full-text search.
 * Named indexes are per table: the subclass declares them with `@MarketplaceIndexes(table)`.
 */
export function MarketplaceItem<S extends string>(options: MarketplaceItemOptions<S>) {
  @ObjectType({ isAbstract: true })
  abstract class Item implements Node {
    @Field(() => ID)
    @PrimaryGeneratedColumn('uuid')
    id!: string;

    @Field({ description: options.reference })
    @Column({ type: 'text' })
    reference!: string;

    @Field()
    @Column({ type: 'text' })
    title!: string;

    @Field()
    @Column({ type: 'text' })
    description!: string;

    @Field(() => [InfrastructureSector])
    @Column({ type: 'enum', enum: InfrastructureSector, enumName: 'infrastructure_sector', array: true })
    sectors!: InfrastructureSector[];

    @Field(() => [AssistanceType])
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

    @Field(() => [String], { description: options.languages })
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

    @Column({ name: 'budget_amount', type: 'numeric', nullable: true })
    budgetAmount!: string | null;

    @Column({ name: 'budget_currency', type: 'char', length: 3, nullable: true })
    budgetCurrency!: string | null;

    @Field(() => Confidentiality)
    @Column({ type: 'enum', enum: Confidentiality, enumName: 'confidentiality' })
    confidentiality!: Confidentiality;

    @Field(() => options.status.enum)
    @Index()
    @Column({ type: 'enum', enum: options.status.enum, enumName: options.status.enumName })
    status!: S;

    @Field(() => Int, { description: options.version })
    @Column({ type: 'int', default: 1 })
    version!: number;

    @Column({ name: 'created_by', type: 'uuid' })
    createdBy!: string;

    @Column({ name: 'idempotency_key', type: 'text', nullable: true })
    idempotencyKey!: string | null;

    /** sha256 of the canonical create input, to tell a retry from a different one with the same key. */
    @Column({ name: 'idempotency_fingerprint', type: 'char', length: 64, nullable: true })
    idempotencyFingerprint!: string | null;

    @Field(() => GraphQLISODateTime)
    @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
    createdAt!: Date;

    @Field(() => GraphQLISODateTime)
    @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
    updatedAt!: Date;

    /** Full-text search over title (weight A) and description (weight B), maintained by PostgreSQL. */
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
  return Item;
}

/** A request or an offer, whatever its side. */
export type MarketplaceItem<S extends string = string> = InstanceType<ReturnType<typeof MarketplaceItem<S>>>;

/** A side's entity: its GraphQL object type (a Node), its table and the table's named indexes. */
export function MarketplaceEntity(table: string): ClassDecorator {
  const decorators = [ObjectType({ implements: () => [Node] }), Entity(table), MarketplaceIndexes(table)];
  return (target) => {
    for (const decorate of decorators) decorate(target);
  };
}

/** The owning organization's id (the requesting or the providing one), indexed. */
export function ownerColumn(name: string): PropertyDecorator {
  const indexed = Index();
  const column = Column({ name, type: 'uuid' });
  return (target, property) => {
    indexed(target, property);
    column(target, property);
  };
}

/**
 * The named indexes of a side's table (`assistance_request_…`, `assistance_offer_…`); those made by
 * migrations by hand (GIN over arrays, the search vector) are named only, never synchronized.
 */
export function MarketplaceIndexes(table: string): ClassDecorator {
  const indexes: ClassDecorator[] = [
    /** Lists page newest first by creation time, then id: a cursor is a row's own (time, id). */
    Index(`${table}_page_order`, ['createdAt', 'id']),
    Index(`${table}_idempotency`, ['createdBy', 'idempotencyKey'], {
      unique: true,
      where: '"idempotency_key" IS NOT NULL',
    }),
    Index(`${table}_reference`, ['reference'], { unique: true }),
    // GIN over sector_type_pairs(sectors, assistance_types), made by the SectorTypePairs migration.
    Index(`${table}_sector_type_pairs`, { synchronize: false }),
    Index(`${table}_sectors`, { synchronize: false }),
    Index(`${table}_assistance_types`, { synchronize: false }),
    Index(`${table}_search`, { synchronize: false }),
  ];
  return (target) => {
    for (const index of indexes) index(target);
  };
}

/** An optional calendar date of one side (desired or available period). */
export function optionalDate(name: string): PropertyDecorator {
  const field = Field(() => DateScalar, { nullable: true });
  const column = Column({ name, type: 'date', nullable: true });
  return (target, property) => {
    field(target, property);
    column(target, property);
  };
}

/** A text[] column searched through a GIN index that a migration made (named here, never synchronized). */
export function indexedTextArray(name: string, index: string): PropertyDecorator {
  const indexed = Index(index, { synchronize: false });
  const column = Column({ name, type: 'text', array: true });
  return (target, property) => {
    indexed(target, property);
    column(target, property);
  };
}
