import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Failed sign-ins per account name, for throttling (kept whether or not the account exists). */
@Entity('login_failure')
@Index(['email', 'at'])
export class LoginFailure {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;
}
