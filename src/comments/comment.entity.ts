import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../common/node.interface.js';

/** A comment on a request (or, later, a match); seen by whoever sees its subject. */
@ObjectType({ implements: () => [Node] })
@Entity('comment')
@Index(['subjectId', 'createdAt'])
export class Comment implements Node {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Field()
  @Column({ type: 'text' })
  body!: string;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
