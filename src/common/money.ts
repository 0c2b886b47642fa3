import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from './scalars.js';

@ObjectType()
export class Money {
  @Field(() => DecimalScalar)
  amount!: string;

  @Field({ description: 'ISO 4217 code' })
  currency!: string;
}

@InputType()
export class MoneyInput {
  @Field(() => DecimalScalar)
  amount!: string;

  @Field()
  currency!: string;
}

export function money(amount: string | null, currency: string | null): Money | null {
  return amount !== null && currency !== null ? { amount, currency } : null;
}
