import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../common/scalars.js';

@ObjectType()
export class AuditEvent {
  @Field(() => Int, { description: 'Gapless, strictly increasing' })
  sequence!: number;

  @Field()
  entityType!: string;

  @Field(() => ID)
  entityId!: string;

  @Field()
  action!: string;

  /** Resolved as `actor` by organizations (actor-fields.resolver.ts), which knows users. */
  actorId!: string | null;

  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => JSONScalar, { nullable: true })
  payload?: unknown;

  @Field({ description: "sha256 over the previous event's hash and this event's content (hex)" })
  hash!: string;

  @Field(() => String, { nullable: true })
  previousHash!: string | null;
}

@ObjectType()
export class AuditVerification {
  @Field()
  valid!: boolean;

  @Field(() => Int)
  checkedEvents!: number;

  @Field(() => Int, { nullable: true, description: 'The first event whose hash does not verify, if any' })
  firstInvalidSequence!: number | null;
}
