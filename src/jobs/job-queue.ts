import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type TransactionCommitEvent,
} from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** The schema of the job queue's tables, next to the application's. */
export const JOB_SCHEMA = 'pgboss';
/** Marks a transaction that queued jobs: the names of their queues. */
const QUEUED = 'jobsQueued';
/** Class of the advisory lock under which an instance sets the queue up (see the migrations' own). */
const JOB_QUEUE_SETUP_LOCK = 2341_0004;

export interface QueueDefinition<T extends object> {
  name: string;
  /** Retries, backoff, how long one run may take, where jobs go once every attempt failed. */
  options: Omit<PgBoss.Queue, 'name'>;
  /** Jobs fetched and run side by side by each instance (1 unless given). */
  batchSize?: number;
  /** A cron schedule (UTC) that queues a job, once per deployment whatever the number of instances. */
  cron?: string;
  /** Runs one job; a throw counts as a failed attempt (retried as `options` say). */
  handler: (data: T, job: PgBoss.Job<T>) => Promise<void>;
}

/**
 * The job queue, on PostgreSQL (pg-boss), over the application's own connection pool: jobs are rows,
 * fetched with SKIP LOCKED, so with several instances each job runs once. A job sent with
 * `sendWith(manager, …)` is inserted in that transaction: it exists if and only if the change that
 * caused it committed. Queues are defined by the domains (`define`) before the application starts;
 * each instance works them once it has started, and stops taking work at shutdown, letting what runs
 * finish within SHUTDOWN_GRACE_SECONDS.
 */
@Injectable()
export class JobQueue
  implements OnApplicationBootstrap, BeforeApplicationShutdown, EntitySubscriberInterface
{
  private readonly logger = new Logger('JobQueue');
  private readonly boss: PgBoss;
  private readonly definitions: QueueDefinition<object>[] = [];
  /** This instance's worker of each queue. */
  private readonly workers = new Map<string, string>();
  private started = false;
  private lastErrorLog = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Told of every commit (TypeORM's subscriber hook), to wake the workers of the jobs it queued.
    dataSource.subscribers.push(this);
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => this.pool().query(text, values) },
      schema: JOB_SCHEMA,
      pollingIntervalSeconds: config.jobPollSeconds,
      maintenanceIntervalSeconds: config.jobMaintenanceSeconds,
      monitorStateIntervalSeconds: config.jobMaintenanceSeconds,
      // Cron schedules: checked as often as the queue is polled and kept up, within pg-boss's bounds.
      cronWorkerIntervalSeconds: Math.min(45, config.jobPollSeconds),
      cronMonitorIntervalSeconds: Math.min(45, config.jobMaintenanceSeconds),
    });
    // Errors of the queue's own upkeep (the database away, say): logged, at most once per 10 s.
    this.boss.on('error', (error) => this.reportError(error));
  }

  /** Declares a queue and its worker; every queue is defined before the application starts. */
  define<T extends object>(definition: QueueDefinition<T>): void {
    if (this.started) throw new Error(`queue ${definition.name} defined after the job queue started`);
    this.definitions.push(definition as unknown as QueueDefinition<object>);
  }

  /**
   * Declares a scheduled job: `run` at each tick of `cron` (UTC), once per deployment; a run that
   * throws is retried (3 times, from `retryDelay` seconds, doubling), and may take an hour.
   */
  schedule(name: string, cron: string, run: () => Promise<unknown>, retryDelay = 60): void {
    this.define({
      name,
      options: { retryLimit: 3, retryDelay, retryBackoff: true, expireInSeconds: 3600 },
      cron,
      handler: async () => {
        await run();
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    // Instances starting together install the queue's schema and create its queues one at a time.
    const lock = await this.pool().connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [JOB_QUEUE_SETUP_LOCK]);
      await this.boss.start();
      await this.setUp();
    } catch (error) {
      // A start that fails leaves no timer behind.
      await this.beforeApplicationShutdown();
      throw error;
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [JOB_QUEUE_SETUP_LOCK]).catch(() => undefined);
      lock.release();
    }
    try {
      for (const definition of this.definitions) await this.startWorker(definition);
    } catch (error) {
      await this.beforeApplicationShutdown();
      throw error;
    }
  }

  /** The queues, with their current options, and their schedules. */
  private async setUp(): Promise<void> {
    // Dead-letter queues first: a queue names its dead letter, which must exist.
    const ordered = [...this.definitions].sort(
      (a, b) => Number(Boolean(a.options.deadLetter)) - Number(Boolean(b.options.deadLetter)),
    );
    for (const { name, options } of ordered) {
      // Created once per deployment; a later start brings its options up to date.
      if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, { name, ...options });
      else await this.boss.createQueue(name, { name, ...options });
    }
    for (const { name, cron } of this.definitions) {
      if (cron) await this.boss.schedule(name, cron, {}, { tz: 'UTC' });
      else await this.boss.unschedule(name);
    }
  }

  /**
   * Works a queue `batchSize` jobs at a time, side by side; each job that throws fails alone (and is
   * retried as its queue says), the others complete. A full batch is followed at once by the next,
   * so a backlog drains without waiting for the polling interval.
   */
  private async startWorker({ name, handler, batchSize = 1 }: QueueDefinition<object>): Promise<void> {
    // Named once `work` returns; a first batch done before that is simply not followed at once.
    const named: { worker?: string } = {};
    named.worker = await this.boss.work<object>(name, { batchSize }, async (jobs) => {
      const outcomes = await Promise.allSettled(jobs.map((job) => handler(job.data, job)));
      const failed = jobs.filter((_job, index) => outcomes[index]?.status === 'rejected');
      for (const [index, job] of jobs.entries()) {
        const outcome = outcomes[index];
        if (outcome?.status === 'rejected') {
          const reason = outcome.reason as unknown;
          await this.boss.fail(name, job.id, {
            message: reason instanceof Error ? reason.message : String(reason),
          });
        }
      }
      if (named.worker && jobs.length === batchSize && failed.length < jobs.length)
        this.boss.notifyWorker(named.worker);
    });
    this.workers.set(name, named.worker);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // No new work; what runs may finish within the grace period. The pool is the application's.
    await this.boss
      .stop({
        graceful: true,
        close: false,
        wait: true,
        timeout: Math.max(this.config.shutdownGraceSeconds, 1) * 1000,
      })
      .catch((error: unknown) => this.reportError(error));
  }

  /**
   * Queues a job in the transaction of `manager`: it exists once, and only if that transaction
   * commits; this instance's worker then takes it at once rather than at its next poll.
   */
  async sendWith(manager: EntityManager, name: string, data: object, options: PgBoss.SendOptions = {}) {
    const runner = manager.queryRunner;
    if (runner) {
      const queued = (runner.data as { [QUEUED]?: Set<string> } | undefined)?.[QUEUED] ?? new Set<string>();
      queued.add(name);
      runner.data = { ...runner.data, [QUEUED]: queued };
    }
    const db = {
      executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }),
    };
    return this.boss.send(name, data, { ...options, db });
  }

  /** Queues a job now, outside any transaction. */
  send(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
    return this.boss.send(name, data, options);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const queued = (event.queryRunner.data as { [QUEUED]?: Set<string> } | undefined)?.[QUEUED];
    if (!queued || !this.started) return;
    for (const name of queued) {
      const worker = this.workers.get(name);
      if (worker) this.boss.notifyWorker(worker);
    }
    queued.clear();
  }

  private pool(): pg.Pool {
    return (this.dataSource.driver as PostgresDriver).master as pg.Pool;
  }

  private reportError(error: unknown): void {
    if (Date.now() - this.lastErrorLog < 10_000) return;
    this.lastErrorLog = Date.now();
    this.logger.warn({ msg: 'the job queue failed a step; it retries by itself', err: error });
  }
}
