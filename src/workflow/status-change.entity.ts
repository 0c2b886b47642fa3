import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One entry of an entity's status history; written in the transaction of the change. */
@ObjectType('StatusChange')
@Entity('status_change')
@Index(['entityId', 'id'])
export class StatusChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId!: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'from_status', type: 'text', nullable: true })
  from!: string | null;

  @Field()
  @Column({ name: 'to_status', type: 'text' })
  to!: string;

  @Field()
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
