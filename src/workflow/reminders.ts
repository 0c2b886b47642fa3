import type { EntityManager } from 'typeorm';

/** A reminder about to be sent: what it is about, its kind and when the wait it reminds of began. */
export interface ReminderKey {
  subjectId: string;
  kind: string;
  waitingSince: Date;
}

/**
 * Records the reminder in the caller's transaction: true if it was not sent before (the caller sends
 * it in that transaction), false if it was (a second run, another instance). The unique index
 * `reminder_once` decides, so concurrent runs send it once.
 */
export async function sendReminder(manager: EntityManager, key: ReminderKey): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO reminder (subject_id, kind, waiting_since) VALUES ($1, $2, $3)
     ON CONFLICT (subject_id, kind, waiting_since) DO NOTHING RETURNING id`,
    [key.subjectId, key.kind, key.waitingSince],
  );
  return rows.length > 0;
}
