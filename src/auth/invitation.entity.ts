import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../common/enums.js';

/**
 * An invitation to an account: the invitee sets a password with its one-time token (only its hash is
 * kept), valid 72 hours, spent on use. Inviting the same address again replaces the pending one.
 */
@ObjectType({ description: 'A pending invitation to an account' })
@Entity('invitation')
@Index('invitation_pending_email', ['email'], { unique: true, where: 'accepted_at IS NULL' })
export class Invitation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower-cased. */
  @Field()
  @Column({ type: 'text' })
  email!: string;

  @Field()
  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Field(() => [Role])
  @Column({ type: 'enum', enum: Role, enumName: 'role', array: true })
  roles!: Role[];

  @Field(() => ID, { nullable: true })
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ name: 'invited_by', type: 'uuid' })
  invitedBy!: string;

  /** sha256 (hex) of the token's secret part. */
  @Column({ name: 'secret_hash', type: 'char', length: 64 })
  secretHash!: string;

  @Field(() => GraphQLISODateTime, { description: 'When its token stops working' })
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
