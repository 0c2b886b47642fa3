import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { type EmailDelivery, Role, UnLanguage } from '../common/enums.js';
import { Node } from '../common/node.interface.js';
import { Organization } from './organization.entity.js';

@ObjectType({ implements: () => [Node] })
@Entity('app_user')
export class User implements Node {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased; unique. */
  @Field()
  @Index('app_user_email_unique', { unique: true })
  @Column({ type: 'text' })
  email!: string;

  @Field()
  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Field(() => [Role])
  @Column({ type: 'enum', enum: Role, enumName: 'role', array: true })
  roles!: Role[];

  @Index()
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<Organization>;

  @Field(() => UnLanguage, {
    nullable: true,
    description:
      "The language the service writes to this user in (e-mails, labels, reports); null until chosen, when the request's Accept-Language, else English, applies",
  })
  @Column({
    name: 'preferred_language',
    type: 'enum',
    enum: UnLanguage,
    enumName: 'un_language',
    nullable: true,
  })
  preferredLanguage!: UnLanguage | null;

  /** The kinds of notification whose e-mail the user set apart from the defaults (`NOTIFICATION_KINDS`). */
  @Column({ name: 'notification_preferences', type: 'jsonb', default: () => "'{}'" })
  notificationPreferences!: Record<string, EmailDelivery>;

  /** Set while an ADMIN has deactivated the account: no sign-in, no live token (field: UsersResolver). */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
