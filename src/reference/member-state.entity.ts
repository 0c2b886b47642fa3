import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@ObjectType()
@Entity('member_state')
export class MemberState {
  @Field(() => ID, { description: 'ISO 3166-1 alpha-3 code' })
  @PrimaryColumn({ type: 'char', length: 3 })
  code!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code (IATI recipient-country)' })
  @Column({ type: 'char', length: 2 })
  alpha2!: string;

  @Field()
  @Column({ type: 'text' })
  name!: string;

  /** Its name in each of the six UN languages (ar, zh, en, fr, ru, es). */
  @Column({ type: 'jsonb' })
  names!: Record<string, string>;

  @Field({ description: 'UN M49 region, e.g. Africa, Americas, Asia, Europe, Oceania' })
  @Index()
  @Column({ type: 'text' })
  region!: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'sub_region', type: 'text', nullable: true })
  subRegion!: string | null;

  @Field({ description: 'false for observer States' })
  @Column({ name: 'un_member', type: 'boolean' })
  unMember!: boolean;
}
