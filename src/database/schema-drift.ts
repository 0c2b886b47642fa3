import type { DataSource } from 'typeorm';

export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

/** The SQL TypeORM would run to bring the database to the entities; empty when migrations match them. */
export async function pendingSchemaChanges(
  dataSource: DataSource,
): Promise<{ up: SchemaQuery[]; down: SchemaQuery[] }> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  const plain = (q: SchemaQuery): SchemaQuery =>
    q.parameters?.length ? { query: q.query, parameters: q.parameters } : { query: q.query };
  return { up: log.upQueries.map(plain), down: log.downQueries.map(plain).reverse() };
}
