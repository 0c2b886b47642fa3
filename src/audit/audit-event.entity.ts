import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row of the append-only, hash-chained audit log. No code path updates or deletes these rows. */
@Entity('audit_event')
export class AuditEventRecord {
  /** Gapless: assigned under a transaction-level advisory lock, never from a sequence. */
  @PrimaryColumn({ type: 'bigint' })
  sequence!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Index()
  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Index()
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb', nullable: true })
  payload!: Record<string, unknown> | null;

  @Column({ name: 'previous_hash', type: 'char', length: 64, nullable: true })
  previousHash!: string | null;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
