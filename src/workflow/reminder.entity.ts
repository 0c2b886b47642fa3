import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A reminder sent: one per subject, kind and the moment the wait it reminds of began, so a schedule
 * that runs twice, or on two instances at once, sends it once (the unique index decides).
 */
@Entity('reminder')
@Index('reminder_once', ['subjectId', 'kind', 'waitingSince'], { unique: true })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** What it reminds of, e.g. MATCH_REMINDER (a proposal unanswered), REQUEST_REVIEW_REMINDER. */
  @Column({ type: 'text' })
  kind!: string;

  /** When the wait began: the proposal, or the request's entry into its status. */
  @Column({ name: 'waiting_since', type: 'timestamptz' })
  waitingSince!: Date;

  @CreateDateColumn({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}
