import { type AliasedRawBuilder, type Kysely, sql } from 'kysely';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { compiledOnce, prepared, Slot } from './kysely.js';

/** One row to insert: its table and its values by column name. */
export interface InsertRow {
  table: string;
  values: Record<string, unknown>;
}

const columnsOf = new WeakMap<object, Map<string, ColumnMetadata>>();

/**
 * A row of `entity` for `insertTogether`: each property it sets under its column's name (JSON
 * columns as text, as the ORM sends them); properties left undefined take their defaults.
 */
export function insertRow<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  row: Partial<T>,
): InsertRow {
  const metadata = dataSource.getMetadata(entity);
  let columns = columnsOf.get(metadata);
  if (!columns) {
    columns = new Map(metadata.columns.map((column) => [column.propertyName, column]));
    columnsOf.set(metadata, columns);
  }
  const values: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(row)) {
    if (value === undefined) continue;
    const column = columns.get(property);
    if (!column) throw new Error(`${metadata.name} has no column for ${property}`);
    values[column.databaseName] =
      (column.type === 'jsonb' || column.type === 'json') && value !== null ? JSON.stringify(value) : value;
  }
  return { table: metadata.tableName, values };
}

/**
 * Inserts one row into each table of `rows` in one statement (data-modifying common table
 * expressions) and returns the first row as `returning` selects it over that table's name. One
 * statement is one transaction and one round trip: every row is written, or none. The text is
 * compiled once per shape (tables and the columns each row sets) and runs as a named prepared
 * statement, so the server parses it once per connection.
 */
export async function insertTogether(
  db: Kysely<object>,
  rows: readonly [InsertRow, ...InsertRow[]],
  returning: (table: string) => readonly AliasedRawBuilder<unknown, string>[],
): Promise<Record<string, unknown>> {
  const shape = rows.map((row) => `${row.table}(${Object.keys(row.values).join(',')})`).join(';');
  const values: Record<string, unknown> = {};
  rows.forEach((row, index) => {
    for (const [column, value] of Object.entries(row.values)) values[`${index}.${column}`] = value;
  });
  const statement = compiledOnce(
    `insertTogether:${shape}`,
    () => {
      const inserts = rows.map((row, index) => {
        const columns = Object.keys(row.values);
        const insert = sql`INSERT INTO ${sql.table(row.table)} (${sql.join(columns.map((c) => sql.ref(c)))})
          VALUES (${sql.join(columns.map((c) => new Slot(`${index}.${c}`)))})`;
        const body = index === 0 ? sql`${insert} RETURNING ${sql.join([...returning(row.table)])}` : insert;
        return sql`${sql.raw(`row${index}`)} AS (${body})`;
      });
      const text = sql<Record<string, unknown>>`WITH ${sql.join(inserts)} SELECT * FROM row0`;
      return { compile: () => text.compile(db) };
    },
    values,
    { onlySlots: true },
  );
  const [row] = await prepared(db, statement);
  if (!row) throw new Error(`insertTogether: ${rows[0].table} returned no row`);
  return row;
}
