import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { accessSql, type Permission } from '../access/access.js';
import { ListFilters } from '../common/list-filters.js';
import { countOf, INCLUDED, newestFirst, type PageArgs } from '../common/pagination.js';
import { type InsertRow, insertTogether } from '../database/insert-together.js';
import type { RowShape } from '../database/rows.js';
import { ORGANIZATION_ROW } from '../organizations/organization.tables.js';
import { ListRepository } from '../reads/list-repository.js';
import type { Viewer } from '../viewer/viewer.js';
import type { MarketplaceItem } from './marketplace-item.entity.js';
import type { MarketplaceItemTable } from './marketplace.tables.js';

/** The filter fields both lists share (`MarketplaceFilterInput`), and the search both have. */
export interface MarketplaceFilter {
  status?: readonly string[] | null;
  sectors?: readonly string[] | null;
  assistanceTypes?: readonly string[] | null;
  search?: string | null;
}

/**
 * Columns a list page reads only when the client selects the field of the same name: the long text
 * a list screen rarely shows. The page's other columns are read always (fields and access rules
 * read them).
 */
export const READ_WHEN_SELECTED = ['description'] as const;

/** What a side's list is read from. */
export interface MarketplaceListing<E, T extends MarketplaceItemTable> {
  table: string;
  alias: string;
  read: Permission;
  node: RowShape<E>;
  /** The enum type of its status column. */
  statusType: string;
  /** The column of the owning organization, shown with each listed item. */
  owner: keyof T & string;
}

/**
 * The list page, total and reads by id of one side of the marketplace: the visible items, filtered by
 * status, sectors and kinds of assistance, then by the side's own filters, then by the search; newest
 * first, each with its owning organization read in the page's statement. A side writes its own
 * filters only (`sideFilters`).
 */
export abstract class MarketplaceRepository<
  DB,
  E extends MarketplaceItem<string>,
  T extends MarketplaceItemTable,
  F extends MarketplaceFilter,
> extends ListRepository<DB, E, F> {
  constructor(
    db: Kysely<DB>,
    private readonly listing: MarketplaceListing<E, T>,
  ) {
    const { table, alias, read, node } = listing;
    super(db, { table, alias, read, node, at: (item) => item.createdAt, included: ORGANIZATION_ROW });
  }

  /** The side's own filters, validated in the filter's order. */
  protected abstract sideFilters(filters: ListFilters<T>, filter: F): void;

  /** The conditions of a filter: status, sectors, kinds, the side's own, then the search, in that order. */
  filtersOf(filter: F, slots?: Record<string, unknown>): ListFilters<T> {
    const { alias, statusType } = this.listing;
    const filters = new ListFilters<T>(alias, slots)
      .oneOf('status', statusType, filter.status, 'filter.status')
      .overlaps('sectors', 'infrastructure_sector', filter.sectors, 'filter.sectors')
      .overlaps('assistance_types', 'assistance_type', filter.assistanceTypes, 'filter.assistanceTypes');
    this.sideFilters(filters, filter);
    return filters.search(filter.search, 'filter.search');
  }

  /** The items the viewer may read that pass the filters. */
  private listed(viewer: Viewer, filters: ListFilters<unknown>, access?: Expression<SqlBool>) {
    const { table, alias, read } = this.listing;
    return filters.applyTo(
      (this.db as unknown as Kysely<Record<string, T>>)
        .selectFrom(sql`${sql.table(table)}`.as(alias))
        .where(access ?? accessSql(viewer, read, alias)),
    );
  }

  pageQuery(viewer: Viewer, filters: ListFilters<unknown>, args: PageArgs, access?: Expression<SqlBool>) {
    const { alias, owner, node } = this.listing;
    return newestFirst(
      this.listed(viewer, filters, access),
      { at: `${alias}.created_at`, id: `${alias}.id` },
      args,
    )
      .leftJoin(sql`${sql.table('organization')}`.as('listed_organization'), (join) =>
        join.on(sql<boolean>`${sql.ref('listed_organization.id')} = ${sql.ref(`${alias}.${owner}`)}`),
      )
      .select(node.select(alias, args.omitted))
      .select(ORGANIZATION_ROW.json('listed_organization').as(INCLUDED));
  }

  /**
   * Inserts a new item (the first row) with the rows that go with it, in one statement
   * (`insertTogether`), and returns the item as the read layer reads it.
   */
  async insertItem(rows: readonly [InsertRow, ...InsertRow[]]): Promise<E> {
    const { node } = this.listing;
    return node.build(
      await insertTogether(this.db as unknown as Kysely<object>, rows, (table) => node.select(table)),
    );
  }

  /** The item `createdBy` made with this idempotency key, if any. */
  byIdempotencyKeyQuery(createdBy: string, key: string) {
    const { alias } = this.listing;
    return this.nodesQuery()
      .where(sql<boolean>`${sql.ref(`${alias}.created_by`)} = ${createdBy}::uuid`)
      .where(sql<boolean>`${sql.ref(`${alias}.idempotency_key`)} = ${key}`);
  }

  async byIdempotencyKey(createdBy: string, key: string): Promise<E | null> {
    const [item] = await this.nodes(this.byIdempotencyKeyQuery(createdBy, key));
    return item ?? null;
  }

  countQuery(viewer: Viewer, filters: ListFilters<unknown>, access?: Expression<SqlBool>) {
    return countOf(this.listed(viewer, filters, access));
  }
}
