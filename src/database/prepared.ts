import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * At most this many distinct texts are prepared; later ones run unprepared. PostgreSQL keeps every
 * prepared statement, with its plan, until its connection closes, and the ranking query's text varies
 * with the shape of the request (how many sectors, kinds of assistance, …), so without a bound the
 * server's memory would grow with every new shape.
 */
const MAX_PREPARED_TEXTS = 100;
const prepared = new Set<string>();

/**
 * Runs a built query as a named prepared statement, so each connection parses it once and PostgreSQL
 * keeps its plan (connections set `plan_cache_mode = force_generic_plan`): for queries sent on every
 * call whose planning costs a good part of their execution (suggestions rank thousands of candidates
 * with a long scoring expression). The name is a digest of the text, so one name means one text.
 */
export function preparedRaw<T>(
  dataSource: DataSource,
  query: SelectQueryBuilder<ObjectLiteral>,
): Promise<T[]> {
  const [text, values] = query.getQueryAndParameters();
  return preparedQuery<T>(dataSource, text, values);
}

/** `preparedRaw` for a fixed SQL text with `$n` parameters. */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const name = `p_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
  if (!prepared.has(name) && prepared.size < MAX_PREPARED_TEXTS) prepared.add(name);
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const result = await pool.query<T & pg.QueryResultRow>(
    prepared.has(name) ? { name, text, values } : { text, values },
  );
  return result.rows;
}
