import { Field, InputType } from '@nestjs/graphql';
import {
  AssistanceType,
  Confidentiality,
  DeliveryMode,
  InfrastructureSector,
  PreparednessPhase,
  ProtectionStream,
} from '../common/enums.js';
import { MoneyInput } from '../common/money.js';
import { DateScalar } from '../common/scalars.js';

/** The names a side gives its period (start, end) and its budget, e.g. desiredStart, desiredEnd, estimatedBudget. */
export interface SideFieldNames<F extends string, U extends string, B extends string> {
  period: readonly [F, U];
  budget: B;
  /** The description of `idempotencyKey`, if any. */
  idempotencyKey?: string;
}

/** The create fields a request and an offer share, under the side's own names for period and budget. */
export type MarketplaceInput<F extends string, U extends string, B extends string> = SharedInput & {
  [K in F | U]?: string | null;
} & { [K in B]?: MoneyInput | null } & { idempotencyKey?: string | null };

/** The fields both create inputs carry under the same names. */
export interface SharedInput {
  title: string;
  description: string;
  sectors: InfrastructureSector[];
  assistanceTypes: AssistanceType[];
  protectionStreams?: ProtectionStream[] | null;
  phases?: PreparednessPhase[] | null;
  confidentiality?: Confidentiality | null;
  languages?: string[] | null;
  deliveryModes?: DeliveryMode[] | null;
}

/** The abstract create input of a side: the shared fields, its period, its budget and the idempotency key. */
export function MarketplaceItemInput<F extends string, U extends string, B extends string>(
  names: SideFieldNames<F, U, B>,
) {
  @InputType({ isAbstract: true })
  abstract class ItemInput implements SharedInput {
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

    @Field(() => Confidentiality, { nullable: true })
    confidentiality?: Confidentiality | null;

    @Field(() => [String], { nullable: true })
    languages?: string[] | null;

    @Field(() => [DeliveryMode], { nullable: true })
    deliveryModes?: DeliveryMode[] | null;

    @Field(() => String, { nullable: true, description: names.idempotencyKey })
    idempotencyKey?: string | null;
  }
  for (const name of names.period) Field(() => DateScalar, { nullable: true })(ItemInput.prototype, name);
  Field(() => MoneyInput, { nullable: true })(ItemInput.prototype, names.budget);
  return ItemInput as abstract new () => ItemInput & MarketplaceInput<F, U, B>;
}

/** The filter fields both lists share: the side's statuses, sectors and assistance types (any of). */
export function MarketplaceFilterInput<S extends string>(statuses: Record<string, S>) {
  @InputType({ isAbstract: true })
  abstract class FilterInput {
    @Field(() => [statuses], { nullable: true })
    status?: S[] | null;

    @Field(() => [InfrastructureSector], { nullable: true })
    sectors?: InfrastructureSector[] | null;

    @Field(() => [AssistanceType], { nullable: true })
    assistanceTypes?: AssistanceType[] | null;
  }
  return FilterInput;
}
