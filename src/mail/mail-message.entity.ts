import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An e-mail to send, written in the transaction of the event that causes it (the outbox), then
 * delivered by the job queue (mail.service.ts). `sentAt` is set once the mail server accepted it;
 * `failedAt` once every attempt failed. Its id makes the Message-ID of every attempt, so a mail sent
 * twice (a crash between the server's acceptance and `sentAt`) is recognisably the same message.
 */
@Entity('mail_message')
export class MailMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The user it is for (null for an address that is no account yet, such as an invitation's). */
  @Index()
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'to_address', type: 'text' })
  toAddress!: string;

  /** What it is about: a notification kind, or DIGEST, INVITATION, PASSWORD_RESET … */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}
