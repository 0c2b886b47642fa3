import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
} from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { bulkInsert } from '../database/bulk-insert.js';
import { auditHash } from './audit-chain.js';
import { AuditEventRecord } from './audit-event.entity.js';

/** Held by the one transaction, of any instance, that is sealing: the chain has one order. */
const AUDIT_SEAL_LOCK = 2341_0013;
/** Events sealed per transaction. */
const SEAL_BATCH = 1000;
/** The key of `QueryRunner.data` that marks a transaction which appended audit events. */
const APPENDED = 'auditAppended';

interface PendingRow {
  id: string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor_id: string | null;
  at: Date;
  payload: Record<string, unknown> | null;
}

/**
 * Seals audit events into the hash chain, after the transactions that wrote them have committed (the
 * design of transparency logs such as Trillian): a change writes its event to `audit_pending` in its
 * own transaction, with no lock, so writers never queue behind one another; the sequencer then moves
 * pending events into `audit_event` in batches, in the order of their ids, giving each its gapless
 * sequence number and its hash, in one transaction per batch under an advisory lock (so of several
 * instances one seals at a time, and the chain has one order). Pending events are sealed shortly after
 * this instance writes them, on every tick for those of other instances or of a process that died, at
 * start-up before the service listens, and before any read of the chain (`sealNow`).
 */
@Injectable()
export class AuditSequencer
  implements OnApplicationBootstrap, BeforeApplicationShutdown, EntitySubscriberInterface
{
  private readonly logger = new Logger('AuditSequencer');
  private ticker: NodeJS.Timeout | undefined;
  /** Seals run one after another in this process. */
  private queue: Promise<unknown> = Promise.resolve();
  /** A background seal is queued or running. */
  private scheduled = false;
  /** Events committed while a background seal ran: seal again when it ends. */
  private again = false;
  private failing = false;
  private stopped = false;
  private runner: QueryRunner | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Told of every commit (TypeORM's subscriber hook), to seal what it wrote at once.
    dataSource.subscribers.push(this);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Events left pending by a process that stopped before sealing them join the chain first.
    await this.sealNow();
    // A tick while a seal is queued or running has nothing to add.
    this.ticker = setInterval(() => this.scheduled || this.background(), this.config.auditSealIntervalMs);
    this.ticker.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.ticker);
    // What this instance wrote is sealed before it goes; a failure leaves it pending for the next start.
    await this.enqueue(() => this.sealAll()).catch(() => undefined);
    await this.runner?.release().catch(() => undefined);
    this.runner = undefined;
  }

  /** Marks a transaction that appends events, so that its commit starts a seal. */
  static markAppended(runner: QueryRunner): void {
    runner.data = { ...runner.data, [APPENDED]: true };
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if ((event.queryRunner.data as Record<string, unknown> | undefined)?.[APPENDED]) this.background();
  }

  /**
   * Seals every event committed before the call (waiting for another instance's seal if one runs), so
   * a read of the chain that follows sees every change acknowledged before it.
   */
  sealNow(): Promise<number> {
    return this.enqueue(() => this.sealAll());
  }

  /** Seals soon: after events were appended outside a transaction the sequencer saw commit. */
  sealSoon(): void {
    this.background();
  }

  /** Starts a seal unless one is queued or running, in which case that one runs once more. */
  private background(): void {
    if (this.stopped) return;
    if (this.scheduled) {
      this.again = true;
      return;
    }
    this.scheduled = true;
    this.again = false;
    void this.enqueue(() => this.sealAll()).then(
      () => {
        if (this.failing) this.logger.log('Audit events are being sealed again');
        this.failing = false;
        this.scheduled = false;
        if (this.again) this.background();
      },
      (error: unknown) => {
        // The database is away: events stay pending, committed, and are sealed once it is back (the
        // next tick retries).
        if (!this.failing) this.logger.warn(`Sealing audit events failed, will retry: ${String(error)}`);
        this.failing = true;
        this.scheduled = false;
      },
    );
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Seals batches until nothing is pending; returns how many events it sealed. */
  private async sealAll(): Promise<number> {
    // Nothing pending (the usual case for ticks and reads of the chain): one light statement, no
    // transaction and no lock. Rows another instance is sealing still count as pending until it
    // commits, so a read then waits for that seal.
    const [{ pending }]: { pending: boolean }[] = await this.onOwnConnection((runner) =>
      runner.query('SELECT EXISTS (SELECT 1 FROM audit_pending) AS pending'),
    );
    if (!pending) return 0;
    let sealed = 0;
    for (;;) {
      const batch = await this.sealBatch();
      sealed += batch;
      if (batch < SEAL_BATCH) return sealed;
    }
  }

  /** One batch in one transaction. */
  private sealBatch(): Promise<number> {
    return this.onOwnConnection(async (runner) => {
      await runner.startTransaction();
      const sealed = await this.sealIn(runner.manager);
      await runner.commitTransaction();
      return sealed;
    });
  }

  /**
   * Runs on a connection the sequencer keeps for itself: sealing never waits in the pool's queue
   * behind the writes it follows (the pool has one connection fewer for them).
   */
  private async onOwnConnection<T>(run: (runner: QueryRunner) => Promise<T>): Promise<T> {
    this.runner ??= this.dataSource.createQueryRunner();
    const runner = this.runner;
    try {
      return await run(runner);
    } catch (error) {
      // A broken connection (the database restarted) is given back; the next seal takes another.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release().catch(() => undefined);
      this.runner = undefined;
      throw error;
    }
  }

  private async sealIn(manager: EntityManager): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_SEAL_LOCK]);
    // The chain's head is read by the statement that takes the batch, after the lock: one round trip.
    const pending: (PendingRow & { head_sequence: string | null; head_hash: string | null })[] =
      await manager.query(
        `WITH sealed AS (
           DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending ORDER BY id LIMIT $1)
           RETURNING id, entity_type, entity_id, action, actor_id, at, payload),
         head AS (SELECT sequence, hash FROM audit_event ORDER BY sequence DESC LIMIT 1)
         SELECT sealed.*, head.sequence AS head_sequence, head.hash AS head_hash
           FROM sealed LEFT JOIN head ON TRUE ORDER BY sealed.id`,
        [SEAL_BATCH],
      );
    const [first] = pending;
    if (!first) return 0;
    const head =
      first.head_sequence === null ? undefined : { sequence: first.head_sequence, hash: first.head_hash };
    let sequence = head ? Number(head.sequence) : 0;
    let previousHash = head?.hash ?? null;
    const records = pending.map((row) => {
      sequence += 1;
      const content = {
        sequence,
        entityType: row.entity_type,
        entityId: row.entity_id,
        action: row.action,
        actorId: row.actor_id,
        at: row.at,
        payload: row.payload,
      };
      const hash = auditHash(previousHash, content);
      const record = manager.create(AuditEventRecord, {
        ...content,
        sequence: String(sequence),
        previousHash,
        hash,
      });
      previousHash = hash;
      return record;
    });
    await bulkInsert(manager, AuditEventRecord, records);
    return records.length;
  }
}
