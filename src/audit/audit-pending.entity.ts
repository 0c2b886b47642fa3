import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An audit event written by the transaction of the change it records, not yet in the chain. The
 * sequencer (audit-sequencer.ts) moves these rows into `audit_event` in batches, in the order of
 * their ids, giving each its sequence number and hash; the move is one transaction, so an event is
 * either pending or sealed, never lost or doubled.
 */
@Entity('audit_pending')
export class AuditPendingRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb', nullable: true })
  payload!: Record<string, unknown> | null;
}
