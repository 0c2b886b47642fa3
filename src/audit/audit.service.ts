import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readsSignInEvents } from '../access/access-policy.js';
import { accessCondition, Permission, PERMISSIONS, SUBJECTS } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { isUuid } from '../common/validation.js';
import { bulkInsert } from '../database/bulk-insert.js';
import { type InsertRow, insertRow } from '../database/insert-together.js';
import { AuditEventRecord } from './audit-event.entity.js';
import { AuditPendingRecord } from './audit-pending.entity.js';
import { AuditSequencer } from './audit-sequencer.js';
import { CHAIN_START, verifyLink, type ChainCursor } from './audit-chain.js';
import { ACCOUNT_ENTITY, SIGN_IN_ACTIONS } from './sign-in-events.js';

export interface AuditEntry {
  entityType: string;
  entityId: string;
  action: string;
  actorId: string | null;
  payload?: Record<string, unknown> | null;
}

export interface AuditVerificationResult {
  valid: boolean;
  checkedEvents: number;
  firstInvalidSequence: number | null;
}

const VERIFY_BATCH = 5000;

/** An entry's pending row; `at` has millisecond precision, so the hashed time is exactly the stored one. */
function pendingRecord(entry: AuditEntry, at: Date): Partial<AuditPendingRecord> {
  return {
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actorId: entry.actorId,
    at,
    payload: entry.payload ?? null,
  };
}

/**
 * The append-only, hash-chained audit log. Callers append inside the transaction of the change: the
 * event is written there, unchained (`audit_pending`), and commits or rolls back with the change; the
 * sequencer chains it shortly after commit (audit-sequencer.ts). Reads of the chain seal first.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sequencer: AuditSequencer,
  ) {}

  /** Appends within the caller's transaction (`manager` must be transactional). */
  append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    return this.appendMany(manager, [entry]);
  }

  /** Appends several events in order, in one statement; the sequencer chains them in that order. */
  async appendMany(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append needs a transactional EntityManager');
    }
    if (entries.length === 0) return;
    const at = new Date(Date.now());
    await bulkInsert(
      manager,
      AuditPendingRecord,
      entries.map((entry) => pendingRecord(entry, at)),
    );
    AuditSequencer.markAppended(manager.queryRunner);
  }

  /**
   * The pending row of `entry`, for a statement that writes it together with the change it records
   * (`insertTogether`) outside a transaction; call `appended()` once that statement has run.
   */
  pendingRow(entry: AuditEntry): InsertRow {
    return insertRow(this.dataSource, AuditPendingRecord, pendingRecord(entry, new Date(Date.now())));
  }

  /** Events were written by a statement of their own (`pendingRow`): the sequencer seals them soon. */
  appended(): void {
    this.sequencer.sealSoon();
  }

  /** Appends in a transaction of its own (for events that change nothing else, e.g. a failed login). */
  record(entry: AuditEntry): Promise<void> {
    return this.dataSource.transaction((manager) => this.append(manager, entry));
  }

  /**
   * Events of one entity the viewer may read, oldest first. The trail of a request or offer the
   * viewer may not see (another organization's draft), and sign-in events for anyone but an ADMIN,
   * are left out in the same statement, so they answer exactly like an entity that does not exist.
   */
  async trail(viewer: Viewer, entityId: string): Promise<AuditEventRecord[]> {
    // No entity has a NUL character in its id (PostgreSQL stores none): nothing, as for any unknown id.
    if (entityId.includes('\u0000')) return [];
    await this.sequencer.sealNow();
    const query = this.dataSource
      .getRepository(AuditEventRecord)
      .createQueryBuilder('e')
      .where('e.entity_id = :entityId', { entityId })
      .orderBy('e.sequence', 'ASC');
    if (isUuid(entityId)) {
      for (const permission of [Permission.REQUEST_READ, Permission.OFFER_READ]) {
        const { table, alias } = SUBJECTS[PERMISSIONS[permission].subject];
        const { condition, parameters } = accessCondition(viewer, permission);
        query.andWhere(
          `NOT EXISTS (SELECT 1 FROM ${table} ${alias}
            WHERE ${alias}.id = CAST(:entityId AS uuid) AND NOT ${condition})`,
          parameters,
        );
      }
    }
    if (!readsSignInEvents(viewer)) {
      query.andWhere('e.entity_type <> :accountEntity AND e.action <> ALL(:signInActions)', {
        accountEntity: ACCOUNT_ENTITY,
        signInActions: SIGN_IN_ACTIONS,
      });
    }
    return query.getMany();
  }

  /** Recomputes the whole chain from the first event, in batches. */
  async verify(): Promise<AuditVerificationResult> {
    await this.sequencer.sealNow();
    let cursor: ChainCursor = CHAIN_START;
    let checkedEvents = 0;
    for (;;) {
      const rows = await this.dataSource.query(
        `SELECT sequence, entity_type, entity_id, action, actor_id, at, payload, previous_hash, hash
           FROM audit_event WHERE sequence >= $1 ORDER BY sequence LIMIT $2`,
        [cursor.expectedSequence, VERIFY_BATCH],
      );
      for (const row of rows as AuditRow[]) {
        checkedEvents += 1;
        const next = verifyLink(cursor, {
          sequence: Number(row.sequence),
          entityType: row.entity_type,
          entityId: row.entity_id,
          action: row.action,
          actorId: row.actor_id,
          at: row.at,
          payload: row.payload,
          previousHash: row.previous_hash,
          hash: row.hash,
        });
        if (!next) return { valid: false, checkedEvents, firstInvalidSequence: cursor.expectedSequence };
        cursor = next;
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    // A deleted tail cannot be seen from the rows alone; a gap or a missing head can.
    const [{ count }] = await this.dataSource.query('SELECT count(*)::int AS count FROM audit_event');
    if (count !== checkedEvents) {
      return { valid: false, checkedEvents, firstInvalidSequence: cursor.expectedSequence };
    }
    return { valid: true, checkedEvents, firstInvalidSequence: null };
  }
}

interface AuditRow {
  sequence: string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor_id: string | null;
  at: Date;
  payload: unknown;
  previous_hash: string | null;
  hash: string;
}
