import { type Compilable, type CompiledQuery, type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { accessCondition, accessSql, notFoundOf, type Permission } from '../access/access.js';
import type { ListFilters } from '../common/list-filters.js';
import { isUuid } from '../common/validation.js';
import { compiledOnce, namedSql, prepared, Slot } from '../database/kysely.js';
import { idIn, type RowShape } from '../database/rows.js';
import { EXAMPLE_PAGES, EXAMPLE_VIEWERS, type SqlExample } from './sql-snapshots.js';
import type { Viewer } from '../viewer/viewer.js';
import { isUnfiltered, type Page, type PageArgs, type Position, readPage } from '../common/pagination.js';

/** What a list is made of: the shape of its nodes, their position, and a related row read with each. */
export interface ListShape<T> {
  /** The nodes' table, its alias in the list's statements, and the permission to read one. */
  table: string;
  alias: string;
  read: Permission;
  node: RowShape<T>;
  /** The node's position in the list: its creation time. */
  at: (node: T) => Date;
  /** The shape of a related row read within each row as JSON under `INCLUDED` (e.g. its organization). */
  included?: RowShape<{ id: string }>;
}

/**
 * A domain's list page, total and loader over the read layer: the domain writes their statements
 * (typed SQL over its tables, also compiled for its SQL snapshots), this runs them and builds the rows.
 */
export abstract class ListRepository<DB, T extends { id: string }, F extends object> {
  constructor(
    protected readonly db: Kysely<DB>,
    private readonly shape: ListShape<T>,
  ) {}

  /**
   * The list's conditions for a filter, validated in the filter's order (BAD_USER_INPUT naming the
   * first bad field); with `slots`, their values are bound there (see `ListFilters`).
   */
  abstract filtersOf(filter: F, slots?: Record<string, unknown>): ListFilters<unknown>;

  /**
   * A page's rows (`newestFirst` over the visible rows that pass `filters`). `access` stands for the
   * viewer's access condition when given (see `compiledPerShape`).
   */
  abstract pageQuery(
    viewer: Viewer,
    filters: ListFilters<unknown>,
    args: PageArgs,
    access?: Expression<SqlBool>,
  ): Compilable<Record<string, unknown>>;

  /** The list's total, with the same filters. */
  abstract countQuery(
    viewer: Viewer,
    filters: ListFilters<unknown>,
    access?: Expression<SqlBool>,
  ): Compilable<{ n: number }>;

  /** The nodes' table under the list's alias, with every column of a node selected. */
  protected nodesQuery() {
    const { table, alias, node } = this.shape;
    return (this.db as unknown as Kysely<object>)
      .selectFrom(sql`${sql.table(table)}`.as(alias))
      .select(node.select(alias));
  }

  /** One node by its id, if the viewer may read it (the list's visibility, no filter). */
  visibleByIdQuery(viewer: Viewer, id: string): Compilable<Record<string, unknown>> {
    const { alias, read } = this.shape;
    return this.nodesQuery()
      .where(sql<boolean>`${sql.ref(`${alias}.id`)} = ${id}::uuid`)
      .where(accessSql(viewer, read, alias));
  }

  /** The nodes with these ids, whoever may read them (for loaders and matching). */
  byIdsQuery(ids: readonly string[]): Compilable<Record<string, unknown>> {
    return this.nodesQuery().where(idIn(this.shape.alias, ids));
  }

  /** The nodes with these ids, in no particular order (no visibility here: the caller checks it). */
  byIds(ids: readonly string[]): Promise<T[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.nodes(this.byIdsQuery(ids));
  }

  /**
   * The node with this id if the viewer may read it, through a named prepared statement; else
   * NOT_FOUND, the same answer as for one that does not exist.
   */
  async visibleById(viewer: Viewer, id: string): Promise<T> {
    const [node] = isUuid(id) ? await this.nodes(this.visibleByIdQuery(viewer, id)) : [];
    if (!node) throw notFoundOf(this.shape.read);
    return node;
  }

  /** One page of what the viewer may read; `included` holds the related rows read with it. */
  page(viewer: Viewer, filter: F | null | undefined, args: PageArgs): Promise<Page<T>> {
    const values: Record<string, unknown> = {};
    const filters = this.filtersOf(filter ?? ({} as F), values);
    return readPage(
      this.db,
      {
        ...this.shape,
        rows: this.compiledPerShape(viewer, args, filters, values, (access, slots) =>
          this.pageQuery(viewer, filters, slots, access),
        ),
        count: () =>
          this.compiledPerShape(viewer, null, filters, values, (access) =>
            this.countQuery(viewer, filters, access),
          ),
        unfiltered: isUnfiltered(filter),
      },
      args.size,
    );
  }

  /**
   * A list's statement, compiled once per shape: the text of the viewer's access condition, the
   * shape of the filter (which conditions, not their values), the page size, whether a cursor is
   * given and the columns left unread; the viewer's values, the filter's and the cursor are bound per
   * call. Every value of the template is a slot (`onlySlots`), so no viewer's values can stay in a
   * statement another viewer runs. Unfiltered lists (the list screens' default) run it as a named
   * prepared statement, filtered ones unnamed (see `runList`).
   */
  private compiledPerShape<R>(
    viewer: Viewer,
    args: PageArgs | null,
    filters: ListFilters<unknown>,
    filterValues: Readonly<Record<string, unknown>>,
    build: (access: Expression<SqlBool>, args: PageArgs) => Compilable<R>,
  ): CompiledQuery<R> {
    const { table, alias, read } = this.shape;
    const { condition, parameters } = accessCondition(viewer, read, alias);
    const position = args?.position ?? null;
    const values: Record<string, unknown> = position
      ? { ...filterValues, 'cursor.at': position.at, 'cursor.id': position.id }
      : { ...filterValues };
    const slots: Record<string, Slot> = {};
    for (const [name, value] of Object.entries(parameters)) {
      values[`access.${name}`] = value;
      slots[name] = new Slot(`access.${name}`);
    }
    const slotted: PageArgs = {
      ...args,
      size: args?.size ?? 0,
      position: position && ({ at: new Slot('cursor.at'), id: new Slot('cursor.id') } as unknown as Position),
    };
    return compiledOnce(
      `list:${table}:${args ? `page:${args.size}:${position ? 'after' : 'first'}:${args.omitted?.join(',') ?? ''}` : 'count'}:${filters.shape()}:${condition}`,
      () => build(namedSql<SqlBool>(condition, slots), slotted),
      values,
      { onlySlots: true, purpose: 'pages' },
    );
  }

  /** The nodes a fixed statement (a loader's) reads, through a named prepared statement. */
  protected async nodes(query: Compilable<Record<string, unknown>>): Promise<T[]> {
    return (await prepared(this.db, query)).map((row) => this.shape.node.build(row));
  }
}

/**
 * The SQL snapshot examples of a list: an unfiltered first page (a requester's visibility), a filtered
 * page after a cursor (a coordinator's), and both totals.
 */
export function listExamples<F extends object>(
  repository: Pick<ListRepository<unknown, { id: string }, F>, 'filtersOf' | 'pageQuery' | 'countQuery'>,
  filter: F,
): SqlExample[] {
  const { coordinator, requester } = EXAMPLE_VIEWERS;
  const none = () => repository.filtersOf({} as F);
  const some = () => repository.filtersOf(filter);
  return [
    {
      name: 'page',
      args: 'requester, no filter, first page',
      query: repository.pageQuery(requester, none(), EXAMPLE_PAGES.first),
    },
    {
      name: 'page',
      args: 'coordinator, filtered, after a cursor',
      query: repository.pageQuery(coordinator, some(), EXAMPLE_PAGES.after),
    },
    { name: 'count', args: 'requester, no filter', query: repository.countQuery(requester, none()) },
    { name: 'count', args: 'coordinator, filtered', query: repository.countQuery(coordinator, some()) },
  ];
}
