import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../common/node.interface.js';

@ObjectType({ implements: () => [Node] })
@Entity('notification')
@Index(['userId', 'createdAt'])
@Index('notification_digest_due', ['userId'], { where: 'in_digest AND digested_at IS NULL' })
export class Notification implements Node {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Field({ description: 'e.g. MATCH_PROPOSED, MATCH_AGREED, REQUEST_STATUS_CHANGED, COMMENT_ADDED' })
  @Column({ type: 'text' })
  kind!: string;

  @Field()
  @Column({ type: 'text' })
  message!: string;

  @Field(() => ID)
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  /** Waits for its recipient's daily digest (their setting for its kind when it was made). */
  @Column({ name: 'in_digest', type: 'boolean', default: false })
  inDigest!: boolean;

  /** When the digest that carried it was written to the outbox. */
  @Column({ name: 'digested_at', type: 'timestamptz', nullable: true })
  digestedAt!: Date | null;
}
