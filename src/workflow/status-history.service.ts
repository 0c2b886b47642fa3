import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditEntry, AuditService } from '../audit/audit.service.js';
import { bulkInsert } from '../database/bulk-insert.js';
import { type InsertRow, insertRow } from '../database/insert-together.js';
import { StatusChange } from './status-change.entity.js';

export interface ChangeRecord {
  entityType: 'AssistanceRequest' | 'AssistanceOffer' | 'Match';
  entityId: string;
  from: string | null;
  to: string;
  action: string;
  actorId: string | null;
  reason?: string | null;
  /** Extra audit detail (e.g. the fields an update changed). */
  detail?: Record<string, unknown>;
}

function historyRecord(change: ChangeRecord): Partial<StatusChange> {
  return {
    entityType: change.entityType,
    entityId: change.entityId,
    from: change.from,
    to: change.to,
    action: change.action,
    actorId: change.actorId,
    reason: change.reason ?? null,
  };
}

function auditEntry(change: ChangeRecord): AuditEntry {
  return {
    entityType: change.entityType,
    entityId: change.entityId,
    action: change.action,
    actorId: change.actorId,
    payload: { from: change.from, to: change.to, reason: change.reason ?? null, ...change.detail },
  };
}

/** Writes a status-history entry and its audit event, in the transaction of the change. */
@Injectable()
export class StatusHistoryService {
  constructor(
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async record(manager: EntityManager, change: ChangeRecord): Promise<void> {
    await this.recordMany(manager, [change]);
  }

  /** Several changes in one go: batched history inserts, then their audit events in order. */
  async recordMany(manager: EntityManager, changes: ChangeRecord[]): Promise<void> {
    await bulkInsert(manager, StatusChange, changes.map(historyRecord));
    await this.audit.appendMany(manager, changes.map(auditEntry));
  }

  /**
   * A change's history row and audit event as rows for a statement that writes them with the change
   * itself (`insertTogether`), outside a transaction; call `recorded()` once it has run.
   */
  rows(change: ChangeRecord): InsertRow[] {
    return [
      insertRow(this.dataSource, StatusChange, historyRecord(change)),
      this.audit.pendingRow(auditEntry(change)),
    ];
  }

  /** The statement that carried `rows()` has run. */
  recorded(): void {
    this.audit.appended();
  }

  /** An audited change that moves no status (an edit). */
  recordEdit(manager: EntityManager, entry: AuditEntry): Promise<unknown> {
    return this.audit.append(manager, entry);
  }
}
