import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';
import type { DataSource, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { preparedRaw, type Purpose } from './prepared.js';

/**
 * How one entity's rows are read without the ORM's result transformer: every selected column under
 * its property name, cast in SQL to what the driver turns into the ORM's value (text and enum arrays
 * as JSON, which the driver parses with JSON.parse; dates as `YYYY-MM-DD` text; timestamps as epoch
 * milliseconds, made into Dates here, which is cheaper than parsing their text), so building an
 * entity is a copy of its properties. `null` when the entity has a column this does not cover (those
 * go through the ORM).
 */
interface FastShape {
  /** The select list, each column under its property name. */
  select: (alias: string) => string[];
  /** One JSON object with the same properties (to read a related row within another's row). */
  json: (alias: string) => string;
  /** The entity of a row selected with `select` or parsed from `json`. */
  build: (row: ObjectLiteral) => ObjectLiteral;
}

const shapes = new WeakMap<EntityMetadata, FastShape | null>();

/** Element types of arrays read as JSON (the driver's JSON.parse allocates far less than its text-array parser). */
const TEXT_TYPES = new Set<unknown>(['text', 'varchar', 'character varying', String]);

/** Column types the driver already returns as the ORM's hydrated value. */
const PLAIN_TYPES = new Set<unknown>([
  'uuid',
  'text',
  'varchar',
  'character varying',
  'char',
  'character',
  'int',
  'integer',
  'smallint',
  'bigint',
  'numeric',
  'decimal',
  'double precision',
  'jsonb',
  'json',
  'boolean',
  String,
]);
const TIMESTAMP_TYPES = new Set<unknown>(['timestamptz', 'timestamp with time zone']);
/** Types the driver returns as strings but JSON would carry as (possibly rounded) numbers. */
const DECIMAL_TYPES = new Set<unknown>(['bigint', 'numeric', 'decimal']);

/** The SQL of one column's value (inside a JSON object when `asJson`), or null when not covered. */
function expression(column: ColumnMetadata, alias: string, asJson = false): string | null {
  const source = `"${alias}"."${column.databaseName}"`;
  if (column.type === 'enum') {
    // The ORM turns enum labels that look like numbers into numbers; these entities have none.
    if ((column.enum ?? []).some((label) => typeof label !== 'string' || !Number.isNaN(Number(label))))
      return null;
    if (column.isArray) return asJson ? source : `to_json(${source})`;
    return `${source}::text`;
  }
  if (column.type === 'date') return column.isArray ? null : `to_char(${source}, 'YYYY-MM-DD')`;
  if (column.isArray) {
    if (!TEXT_TYPES.has(column.type)) return null;
    return asJson ? source : `to_json(${source})`;
  }
  // Milliseconds rounded down, as the driver's parser truncates microseconds (also before 1970).
  if (TIMESTAMP_TYPES.has(column.type)) return `floor(extract(epoch FROM ${source}) * 1000)::float8`;
  if (asJson && DECIMAL_TYPES.has(column.type)) return `${source}::text`;
  return PLAIN_TYPES.has(column.type) ? source : null;
}

/** `build(alias)`, built once per alias (list pages ask for the same text on every request). */
function perAlias<T>(build: (alias: string) => T): (alias: string) => T {
  const built = new Map<string, T>();
  return (alias) => {
    let value = built.get(alias);
    if (value === undefined) {
      value = build(alias);
      built.set(alias, value);
    }
    return value;
  };
}

function shapeOf(metadata: EntityMetadata): FastShape | null {
  if (shapes.has(metadata)) return shapes.get(metadata) ?? null;
  // Virtual columns are join columns without a property of their own; the ORM leaves them out too.
  const columns = metadata.columns.filter((column) => column.isSelect && !column.isVirtual);
  const covered = columns.every(
    (column) => !column.transformer && !column.embeddedMetadata && expression(column, 'x') !== null,
  );
  const target = metadata.target;
  if (!covered || typeof target !== 'function') {
    shapes.set(metadata, null);
    return null;
  }
  const Entity = target as new () => ObjectLiteral;
  const properties = columns.map((column) => column.propertyName);
  const timestamps = columns
    .filter((column) => TIMESTAMP_TYPES.has(column.type))
    .map((column) => column.propertyName);
  const select = perAlias((alias) =>
    columns.map((column) => `${expression(column, alias)} AS "${column.propertyName}"`),
  );
  const json = perAlias(
    (alias) =>
      `json_build_object(${columns
        .map((column) => `'${column.propertyName}', ${expression(column, alias, true)}`)
        .join(', ')})`,
  );
  const shape: FastShape = {
    select,
    json,
    build: (row) => {
      const entity = new Entity();
      for (const property of properties) entity[property] = row[property];
      for (const property of timestamps) {
        const value = row[property] as number | null;
        entity[property] = value === null ? null : new Date(value);
      }
      return entity;
    },
  };
  shapes.set(metadata, shape);
  return shape;
}

/** How `fastMany` sends its statement. */
export interface ReadOptions {
  /**
   * As a named prepared statement, planned once per connection with a generic plan (the default):
   * for texts whose best plan does not depend on their values. A filtered list passes false, since a
   * rare value (a search term, a sector) can want another plan than a common one.
   */
  prepared?: boolean;
  /** Which bound of prepared texts the statement counts against (`lookups` by default). */
  purpose?: Purpose;
}

/** The raw rows of a built query, sent as `options` say. */
export function readRaw<T = ObjectLiteral>(
  query: SelectQueryBuilder<ObjectLiteral>,
  { prepared = true, purpose }: ReadOptions,
): Promise<T[]> {
  return prepared ? preparedRaw<T>(query.connection as DataSource, query, purpose) : query.getRawMany<T>();
}

/** Whether `fastMany` reads this entity itself (true) or hands it to the ORM (false). */
export function readsFast(metadata: EntityMetadata): boolean {
  return shapeOf(metadata) !== null;
}

/**
 * The entities a query selects (its main alias, every column), as the ORM's `getMany()` would give
 * them, read (by default) through a named prepared statement and built without the ORM's result
 * transformer:
 * for read paths that load many rows on every call (list pages, loaders, matching rounds), where
 * that transformer cost more than the rest of the request's work in Node. Falls back to `getMany()`
 * for entities with columns it does not cover. A test checks it equals `getMany()` on every entity
 * that takes this path.
 */
export async function fastMany<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  options: ReadOptions = {},
): Promise<T[]> {
  const alias = query.expressionMap.mainAlias;
  const shape = alias?.hasMetadata ? shapeOf(alias.metadata) : null;
  if (!alias || !shape) return query.getMany();
  const rows = await readRaw(query.clone().select(shape.select(alias.name)), options);
  return rows.map((row) => shape.build(row) as T);
}

/** A related entity read within each row of `fastManyIncluding`, joined on `on` under `alias`. */
export interface Include<R extends ObjectLiteral> {
  entity: new () => R;
  alias: string;
  on: string;
}

/**
 * `fastMany`, with the row of a related entity (at most one per row, e.g. its organization) read in
 * the same statement as a JSON object: for list pages whose nodes all show it, so that it needs no
 * statement of its own. Returns the distinct related entities found as `included`. When either
 * entity is not covered, the rows take `fastMany`'s path and nothing is included.
 */
export async function fastManyIncluding<T extends ObjectLiteral, R extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  include: Include<R>,
  options: ReadOptions = {},
): Promise<{ rows: T[]; included: R[] }> {
  const alias = query.expressionMap.mainAlias;
  const shape = alias?.hasMetadata ? shapeOf(alias.metadata) : null;
  const related = shapeOf(query.connection.getMetadata(include.entity));
  if (!alias || !shape || !related) return { rows: await fastMany(query, options), included: [] };
  const rows = await readRaw(
    query
      .clone()
      .leftJoin(include.entity, include.alias, include.on)
      .select(shape.select(alias.name))
      .addSelect(related.json(include.alias), '__included'),
    options,
  );
  const included = new Map<unknown, R>();
  for (const row of rows) {
    const json = row.__included as ObjectLiteral | null;
    if (json && json.id !== null && !included.has(json.id)) included.set(json.id, related.build(json) as R);
  }
  return { rows: rows.map((row) => shape.build(row) as T), included: [...included.values()] };
}

/** The entities of `repository` with these ids (in no particular order), through `fastMany`. */
export function fastByIds<T extends ObjectLiteral>(
  repository: Repository<T>,
  ids: readonly string[],
): Promise<T[]> {
  return fastMany(repository.createQueryBuilder('e').where('e.id = ANY(:ids::uuid[])', { ids }));
}
