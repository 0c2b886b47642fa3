import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A frozen report to the Counter-Terrorism Committee: the summary as canonical JSON and its sha256,
 * fixed at generation. The database refuses every update and delete of these rows.
 */
@Entity('ctc_report')
export class CtcReportRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom!: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo!: string;

  @Column({ name: 'generated_at', type: 'timestamptz' })
  generatedAt!: Date;

  @Column({ name: 'generated_by', type: 'uuid' })
  generatedBy!: string;

  /** The canonical JSON text exactly as hashed (text, not jsonb, so not a byte changes). */
  @Column({ name: 'summary_json', type: 'text' })
  summaryJson!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;
}
