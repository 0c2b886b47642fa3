import { Field, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  fastMany,
  fastManyIncluding,
  type Include,
  type ReadOptions,
  readRaw,
} from '../database/fast-entities.js';
import { DomainError } from './errors.js';

export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** A page of a list; `totalCount` is computed only when the client asks for it. */
export interface Page<T> {
  edges: { node: T; cursor: string }[];
  nodes: T[];
  pageInfo: PageInfo;
  countTotal: () => Promise<number>;
  /** Related entities read with the page (see `pageBySequence`), for the loaders. */
  included: ObjectLiteral[];
}

/** The connection type of the contract for `T`: edges, nodes, pageInfo and totalCount. */
export function Connection<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  abstract class Edge {
    @Field(() => node)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionType;
}

/** The resolver of a connection's `totalCount`: counted only when a client asks for it. */
export function TotalCountResolver(connection: Type<unknown>) {
  @Resolver(() => connection)
  class TotalCount {
    @ResolveField(() => Int)
    totalCount(@Parent() page: Page<unknown>): Promise<number> {
      return page.countTotal();
    }
  }
  return TotalCount;
}

/** `first` of a list: 1..100, or BAD_USER_INPUT. */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw DomainError.badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/** Where a row stands in a list: its creation time and id, nothing that counts other rows. */
export interface Position {
  at: Date;
  id: string;
}

const CURSOR =
  /^c:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Cursors are opaque to clients: the last row's own creation time and id. */
export function encodeCursor(position: Position): string {
  return Buffer.from(`c:${position.at.toISOString()}|${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): Position | null {
  if (cursor === null || cursor === undefined) return null;
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  const at = match ? new Date(match[1] as string) : null;
  if (!match || !at || Number.isNaN(at.getTime())) {
    throw DomainError.badInput('after', 'is not a cursor this list gave out');
  }
  return { at, id: match[2] as string };
}

/** Builds a page from up to `size + 1` rows fetched newest first. */
export function toPage<T>(
  rows: T[],
  size: number,
  position: (row: T) => Position,
  countTotal: () => Promise<number>,
  included: ObjectLiteral[] = [],
): Page<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(position(node)) }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    countTotal,
    included,
  };
}

/**
 * One page of a list ordered newest first by creation time, then id (`alias.<created>`, `alias.id`,
 * with an index on both): `query` builds the filtered query afresh, for the rows and, only when
 * asked, for the total. The order and the cursors reveal nothing but each row's own time and id.
 * `include` reads one related row per node in the same statement (e.g. its organization), given
 * back as `included` for the caller to prime its loader with; `filter` is the list's filter, which
 * decides whether the page runs as a prepared statement.
 */
export async function pageByCreation<T extends { id: string } & ObjectLiteral>(
  query: () => SelectQueryBuilder<T>,
  order: { alias: string; column: 'created_at' | 'proposed_at'; at: (row: T) => Date },
  first: number | null | undefined,
  after: string | null | undefined,
  { include, filter }: { include?: Include<ObjectLiteral>; filter?: object | null } = {},
): Promise<Page<T>> {
  const size = pageSize(first);
  const position = decodeCursor(after);
  const { alias, column } = order;
  const page = query()
    .orderBy(`${alias}.${column}`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(size + 1);
  if (position !== null) {
    page.andWhere(`(${alias}.${column}, ${alias}.id) < (:positionAt, :positionId)`, {
      positionAt: position.at,
      positionId: position.id,
    });
  }
  // Unfiltered pages (the list screens' default) run as prepared statements; filtered ones are
  // planned for their values.
  const read: ReadOptions = { prepared: isUnfiltered(filter), purpose: 'pages' };
  const { rows, included } = include
    ? await fastManyIncluding(page, include, read)
    : { rows: await fastMany(page, read), included: [] };
  return toPage(
    rows,
    size,
    (row) => ({ at: order.at(row), id: row.id }),
    // count(*) rather than the ORM's count(DISTINCT id): list queries join nothing that repeats rows,
    // and the distinct count took twice as long (8 ms against 5 ms over 10,000 requests).
    async () => {
      const total = query().select('count(*)::int', 'n');
      const [row] = await readRaw<{ n: number }>(total, read);
      return row?.n ?? 0;
    },
    included,
  );
}

/** Whether a list filter restricts nothing (absent, or every field unset). */
export function isUnfiltered(filter: object | null | undefined): boolean {
  return !filter || Object.values(filter).every((value) => value === undefined || value === null);
}
