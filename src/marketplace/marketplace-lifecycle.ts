import { randomUUID } from 'node:crypto';
import type { DataSource, DeepPartial, EntityManager, FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { findWithAccess, type Permission } from '../access/access.js';
import { staleVersion } from '../access/visible-query.js';
import type { Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { type Page, type PageArgs, pageArgs } from '../common/pagination.js';
import { createOnce } from '../common/idempotency.js';
import { omittedOf } from '../common/selection.js';
import * as rules from '../common/input-rules.js';
import type { Organization } from '../organizations/organization.entity.js';
import type { OrganizationsService } from '../organizations/organizations.service.js';
import type { Viewer } from '../viewer/viewer.js';
import type { AfterCommit, MarketplaceEvents, MarketplaceExit } from '../workflow/marketplace-events.js';
import { withFreshReferences } from '../workflow/references.js';
import { type InsertRow, insertRow } from '../database/insert-together.js';
import type { StateMachine } from '../workflow/state-machine.js';
import type { ChangeRecord, StatusHistoryService } from '../workflow/status-history.service.js';
import type { MarketplaceItem } from './marketplace-item.entity.js';
import { READ_WHEN_SELECTED } from './marketplace.repository.js';
import type { MarketplaceServices } from './marketplace.services.js';
import type { ReferenceService } from '../reference/reference.service.js';

/** What a side of the market is, for the lifecycle both sides share. */
export interface MarketplaceSide<E extends MarketplaceItem<S>, S extends string, A extends string> {
  entity: new () => E;
  /** Its name in exits and messages ("request", "offer") and the article messages put before it. */
  side: MarketplaceExit['side'];
  article: 'A' | 'An';
  /** Its name in history and audit. */
  entityType: ChangeRecord['entityType'];
  /** Its table; the unique indexes `<table>_reference` and `<table>_idempotency` guard creation. */
  table: string;
  /** The prefix of its references, e.g. REQ for REQ-2026-7KQ9XM. */
  referencePrefix: string;
  /** Who creates one: a holder of this role, acting for their organization, which owns the item. */
  creator: { role: Role; refusal: string };
  /** The column of the owning organization. */
  owner: keyof E & string;
  /** The permission to edit one. */
  edit: Permission;
  machine: StateMachine<S, A>;
  /** The status of a new item, the statuses in which it may be edited, and those that leave the marketplace. */
  initial: S;
  editable: readonly S[];
  exits: readonly S[];
  /** Time stamps set by an action the first time it is taken (e.g. SUBMIT sets submitted_at). */
  stamps: Partial<Record<A, { property: keyof E & string; column: string }>>;
}

/** An edit's conditional update beyond the fields and the version: what else it sets, on what condition. */
export interface EditStatement {
  set?: Record<string, unknown>;
  where: string;
  parameters: Record<string, unknown>;
  /** Runs in the transaction after the edit is audited. */
  after?: (manager: EntityManager) => Promise<void>;
}

/**
 * The lifecycle requests and offers share: created once per idempotency key with a unique reference
 * and a CREATE in the history; edited by a conditional update on the version read; moved along the
 * side's workflow, with its time stamps, its history, and an exit published to the marketplace
 * (matching cancels what hangs on the item in the same transaction) when it leaves. A side supplies
 * its fields and may extend an edit, derive a status or act after a transition.
 */
export abstract class MarketplaceLifecycle<
  E extends MarketplaceItem<S>,
  S extends string,
  A extends string,
  C extends { idempotencyKey?: string | null },
  U extends object,
  V extends object,
  F extends object = object,
> {
  protected readonly dataSource: DataSource;
  protected readonly organizations: OrganizationsService;
  protected readonly history: StatusHistoryService;
  protected readonly marketplace: MarketplaceEvents;
  protected readonly reference: ReferenceService;

  protected constructor(
    private readonly config: MarketplaceSide<E, S, A>,
    services: MarketplaceServices,
  ) {
    ({
      dataSource: this.dataSource,
      organizations: this.organizations,
      history: this.history,
      marketplace: this.marketplace,
      reference: this.reference,
    } = services);
  }

  /** The checked columns of a new item (beside reference, owner, status and the other lifecycle columns). */
  protected abstract columnsOnCreate(input: C, organization: Organization): DeepPartial<E>;

  /** The checked columns of the item with the update laid over it. */
  protected abstract columnsOnUpdate(current: E, input: U): V;

  /** The item if the viewer may see it, else NOT_FOUND. */
  protected abstract findVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<E>;

  /** By default an edit holds while the item is still in an editable status. */
  protected editStatement(_current: E, _columns: V): EditStatement {
    return { where: 'status IN (:...statuses)', parameters: { statuses: this.config.editable } };
  }

  /** The status a transition ends in, and extra history detail; by default the workflow's. */
  protected derive(_current: E, to: S): { to: S; detail?: Record<string, unknown> } {
    return { to };
  }

  /** Runs in the transaction after a transition and its exit; returns what to do after commit. */
  protected transitioned(
    _manager: EntityManager,
    _current: E,
    _action: A,
    _to: S,
  ): Promise<AfterCommit | void> {
    return Promise.resolve();
  }

  async create(viewer: Viewer, input: C): Promise<E> {
    const { entity, creator, table } = this.config;
    const organization = await this.organizations.actingOrganization(viewer, creator.role, creator.refusal);
    const key = rules.idempotencyKey(input.idempotencyKey);
    const columns = this.columnsOnCreate(input, organization);
    const stamps = Object.values<{ property: string } | undefined>(this.config.stamps).map((s) => [
      s?.property,
      null,
    ]);
    return createOnce({
      key,
      input,
      constraint: `${table}_idempotency`,
      find: (k) => this.pages().byIdempotencyKey(viewer.id, k),
      // The item, its first history entry and its audit event in one statement: one round trip, all
      // or nothing, without a transaction held open across Node.
      create: (print) =>
        withFreshReferences(
          { prefix: this.config.referencePrefix, constraint: `${table}_reference` },
          async ([reference]) => {
            const id = randomUUID();
            const item = insertRow(this.dataSource, entity, {
              ...columns,
              id,
              reference,
              [this.config.owner]: organization.id,
              status: this.config.initial,
              version: 1,
              createdBy: viewer.id,
              idempotencyKey: key,
              idempotencyFingerprint: print,
              ...Object.fromEntries(stamps),
            } as Partial<E>);
            const created = await this.pages().insertItem([
              item,
              ...this.history.rows({
                entityType: this.config.entityType,
                entityId: id,
                from: null,
                to: this.config.initial,
                action: 'CREATE',
                actorId: viewer.id,
                detail: { reference },
              }),
            ]);
            this.history.recorded();
            return created;
          },
        ),
    });
  }

  async update(viewer: Viewer, id: string, input: U, expectedVersion: number): Promise<E> {
    const { entity, side } = this.config;
    return this.dataSource.transaction(async (manager) => {
      const current = await findWithAccess(manager, entity, viewer, this.config.edit, id);
      if (current.version !== expectedVersion) throw staleVersion(side, current.version);
      if (!this.config.editable.includes(current.status)) {
        throw new DomainError(
          'INVALID_TRANSITION',
          `${this.config.article} ${side} in status ${current.status} can no longer be edited`,
        );
      }
      const columns = this.columnsOnUpdate(current, input);
      const edit = this.editStatement(current, columns);
      const result = await manager
        .createQueryBuilder()
        .update(entity)
        .set({ ...columns, ...edit.set, version: () => 'version + 1' } as QueryDeepPartialEntity<E>)
        .where(`id = :id AND version = :version AND ${edit.where}`, {
          id,
          version: expectedVersion,
          ...edit.parameters,
        })
        .execute();
      if (result.affected !== 1) throw staleVersion(side);
      await this.history.recordEdit(manager, {
        entityType: this.config.entityType,
        entityId: id,
        action: 'UPDATE',
        actorId: viewer.id,
        payload: { fields: Object.keys(input).sort(), version: expectedVersion + 1 },
      });
      await edit.after?.(manager);
      return manager.findOneOrFail(entity, { where: { id } as FindOptionsWhere<E> });
    });
  }

  async transition(
    viewer: Viewer,
    id: string,
    action: A,
    reason: string | null | undefined,
    expectedVersion: number | null | undefined,
  ): Promise<E> {
    const note = rules.optionalText(reason, 'reason', rules.COMMENT_MAX);
    return this.move(id, action, note, viewer.id, async (manager) => {
      const current = await this.findVisible(manager, viewer, id);
      if (expectedVersion !== null && expectedVersion !== undefined && current.version !== expectedVersion) {
        throw staleVersion(this.config.side, current.version);
      }
      return { current, to: this.config.machine.apply(viewer, this.subject(current), action) };
    });
  }

  /**
   * The service's own move of the item `id`, a row of the workflow taken by SYSTEM (an offer closing
   * once its availability has passed): the same writes as a user's move, recorded with no actor;
   * INVALID_TRANSITION when the item's status no longer allows it. `also` runs in the same
   * transaction with the item as written (e.g. to tell its owner), and returns what to do after commit.
   */
  async transitionAsSystem(
    id: string,
    action: A,
    reason: string,
    also?: (manager: EntityManager, item: E) => Promise<AfterCommit>,
  ): Promise<E> {
    const { entity, side } = this.config;
    return this.move(
      id,
      action,
      reason,
      null,
      async (manager) => {
        const current = await manager.findOne(entity, {
          where: { id } as FindOptionsWhere<E>,
          lock: { mode: 'pessimistic_write' },
        });
        if (!current) throw DomainError.notFound(side);
        return { current, to: this.config.machine.applyAsSystem(current, action) };
      },
      also,
    );
  }

  /**
   * One move in one transaction: `decide` reads the item and the status the action leads to; the
   * update is conditional on the status and version read, then come the history, the exit from the
   * marketplace and the side's own reaction, and what they do after the commit.
   */
  private async move(
    id: string,
    action: A,
    note: string | null,
    actorId: string | null,
    decide: (manager: EntityManager) => Promise<{ current: E; to: S }>,
    also?: (manager: EntityManager, item: E) => Promise<AfterCommit>,
  ): Promise<E> {
    const { entity, side } = this.config;
    const afterCommit: AfterCommit[] = [];
    const updated = await this.dataSource.transaction(async (manager) => {
      const decided = await decide(manager);
      const { current } = decided;
      const { to, detail } = this.derive(current, decided.to);
      const stamp = this.config.stamps[action];
      // Conditional on the status and version read above: of concurrent attempts exactly one wins.
      const result = await manager
        .createQueryBuilder()
        .update(entity)
        .set({
          status: to,
          version: () => 'version + 1',
          ...(stamp ? { [stamp.property]: () => `coalesce(${stamp.column}, now())` } : {}),
        } as QueryDeepPartialEntity<E>)
        .where('id = :id AND status = :from AND version = :version', {
          id,
          from: current.status,
          version: current.version,
        })
        .execute();
      if (result.affected !== 1) throw staleVersion(side);
      await this.history.record(manager, {
        entityType: this.config.entityType,
        entityId: id,
        from: current.status,
        to,
        action,
        actorId,
        reason: note,
        detail,
      });
      const exit = this.config.exits.includes(to)
        ? await this.marketplace.exited(manager, { side, id, to, actorId })
        : undefined;
      const then = await this.transitioned(manager, current, action, to);
      if (then) afterCommit.push(then);
      if (exit) afterCommit.push(exit);
      const written = await manager.findOneOrFail(entity, { where: { id } as FindOptionsWhere<E> });
      if (also) afterCommit.push(await also(manager, written));
      return written;
    });
    for (const run of afterCommit) await run();
    return updated;
  }

  /** Actions the viewer may take on the item now. */
  allowedActions(viewer: Viewer, item: E): A[] {
    return this.config.machine.allowedActions(viewer, this.subject(item));
  }

  private subject(item: E) {
    return { status: item.status, ownerOrganizationId: item[this.config.owner] as string };
  }

  /** An item the viewer may see, or NOT_FOUND (the same answer as for one that does not exist). */
  get(viewer: Viewer, id: string): Promise<E> {
    return this.pages().visibleById(viewer, id);
  }

  /**
   * A page of the items the viewer may see, newest first; each item's organization is read with the
   * page, in the same statement (the side's repository, over the read layer). With the fields the
   * client `selected` on the items, the long text it did not ask for is not read (`READ_WHEN_SELECTED`).
   */
  list(
    viewer: Viewer,
    filter: F | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    selected?: ReadonlySet<string>,
  ): Promise<Page<E>> {
    const args = { ...pageArgs(first, after), omitted: omittedOf(READ_WHEN_SELECTED, selected) };
    return this.pages().page(viewer, this.checkedFilter(filter), args);
  }

  /** The side's list repository. */
  protected abstract pages(): {
    page(viewer: Viewer, filter: F | null | undefined, args: PageArgs): Promise<Page<E>>;
    visibleById(viewer: Viewer, id: string): Promise<E>;
    insertItem(rows: readonly [InsertRow, ...InsertRow[]]): Promise<E>;
    byIdempotencyKey(createdBy: string, key: string): Promise<E | null>;
  };

  /** The filter, with what needs the side's reference data checked (the repository checks the rest). */
  protected checkedFilter(filter: F | null | undefined): F | null | undefined {
    return filter;
  }
}
