import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganizationKind } from '../common/enums.js';
import { Node } from '../common/node.interface.js';
import { MemberState } from '../reference/member-state.entity.js';

@ObjectType({ implements: () => [Node] })
@Entity('organization')
@Index('organization_name_unique', { synchronize: false })
export class Organization implements Node {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field()
  @Column({ type: 'text' })
  name!: string;

  @Field(() => OrganizationKind)
  @Index()
  @Column({ type: 'enum', enum: OrganizationKind, enumName: 'organization_kind' })
  kind!: OrganizationKind;

  @Index()
  @Column({ name: 'member_state_code', type: 'char', length: 3, nullable: true })
  memberStateCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Its IATI organisation identifier (e.g. XM-DAC-7, GB-GOV-1): prefixes the identifiers of the activities it publishes',
  })
  @Index('organization_iati_identifier', { unique: true, where: 'iati_identifier IS NOT NULL' })
  @Column({ name: 'iati_identifier', type: 'text', nullable: true })
  iatiIdentifier!: string | null;

  @ManyToOne(() => MemberState, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_state_code' })
  memberState?: MemberState;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
