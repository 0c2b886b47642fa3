import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * What a prepared text is for. Each purpose has its own bound on distinct texts; later texts of that
 * purpose run unprepared. PostgreSQL keeps every prepared statement, with its plan, until its
 * connection closes, and texts vary (the ranking query with the shape of the request: how many
 * sectors, kinds of assistance, …; list pages with their page size), so without a bound the server's
 * memory would grow with every new shape; and without a bound per purpose, list pages of every size
 * could take all the room and leave the suggestions' ranking queries or the loaders unprepared.
 */
export type Purpose = 'ranking' | 'pages' | 'lookups';
const MAX_PREPARED_TEXTS: Record<Purpose, number> = { ranking: 100, pages: 100, lookups: 100 };
const prepared: Record<Purpose, Set<string>> = { ranking: new Set(), pages: new Set(), lookups: new Set() };

/**
 * Runs a built query as a named prepared statement, so each connection parses it once and PostgreSQL
 * keeps its plan (connections set `plan_cache_mode = force_generic_plan`): for queries sent on every
 * call whose planning costs a good part of their execution (suggestions rank thousands of candidates
 * with a long scoring expression; list pages and loaders run on every read). The name is a digest of
 * the text, so one name means one text. A query bound to a transaction's query runner runs there,
 * unprepared, so that it sees the transaction's own writes.
 */
export function preparedRaw<T>(
  dataSource: DataSource,
  query: SelectQueryBuilder<ObjectLiteral>,
  purpose: Purpose = 'lookups',
): Promise<T[]> {
  if (boundToTransaction(query)) return query.getRawMany<T>();
  const [text, values] = query.getQueryAndParameters();
  return preparedQuery<T>(dataSource, text, values, purpose);
}

/** `preparedRaw` for a fixed SQL text with `$n` parameters. */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
  purpose: Purpose = 'lookups',
): Promise<T[]> {
  const name = `p_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
  const names = prepared[purpose];
  if (!names.has(name) && names.size < MAX_PREPARED_TEXTS[purpose]) names.add(name);
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const result = await pool.query<T & pg.QueryResultRow>(
    names.has(name) ? { name, text, values } : { text, values },
  );
  return result.rows;
}

/** Whether the builder came from a transaction's manager (its query runner is not the pool's). */
export function boundToTransaction(query: SelectQueryBuilder<ObjectLiteral>): boolean {
  return (query as unknown as { queryRunner?: unknown }).queryRunner !== undefined;
}
