import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Runs a built query as a named prepared statement, so each connection parses it once and PostgreSQL
 * can keep its plan: for queries sent on every call whose planning costs as much as a good part of
 * their execution (suggestions rank thousands of candidates with a long scoring expression). The name
 * is a digest of the text, so one name always means one text.
 */
export async function preparedRaw<T>(
  dataSource: DataSource,
  query: SelectQueryBuilder<ObjectLiteral>,
): Promise<T[]> {
  const [text, values] = query.getQueryAndParameters();
  const name = `p_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const result = await pool.query<T & pg.QueryResultRow>({ name, text, values });
  return result.rows;
}
