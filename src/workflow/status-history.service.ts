import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuditEntry, AuditService } from '../audit/audit.service.js';
import { bulkInsert } from '../database/bulk-insert.js';
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

/** Writes a status-history entry and its audit event, in the transaction of the change. */
@Injectable()
export class StatusHistoryService {
  constructor(private readonly audit: AuditService) {}

  async record(manager: EntityManager, change: ChangeRecord): Promise<void> {
    await this.recordMany(manager, [change]);
  }

  /** Several changes in one go: batched history inserts, then their audit events in order. */
  async recordMany(manager: EntityManager, changes: ChangeRecord[]): Promise<void> {
    await bulkInsert(
      manager,
      StatusChange,
      changes.map((change) => ({
        entityType: change.entityType,
        entityId: change.entityId,
        from: change.from,
        to: change.to,
        action: change.action,
        actorId: change.actorId,
        reason: change.reason ?? null,
      })),
    );
    await this.audit.appendMany(
      manager,
      changes.map((change) => ({
        entityType: change.entityType,
        entityId: change.entityId,
        action: change.action,
        actorId: change.actorId,
        payload: { from: change.from, to: change.to, reason: change.reason ?? null, ...change.detail },
      })),
    );
  }

  /** An audited change that moves no status (an edit). */
  recordEdit(manager: EntityManager, entry: AuditEntry): Promise<unknown> {
    return this.audit.append(manager, entry);
  }
}
