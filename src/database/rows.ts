import { type AliasedRawBuilder, type RawBuilder, sql } from 'kysely';

/**
 * How a column is read so that building an entity is a copy of its properties (no ORM result
 * transformer, which cost more than the rest of a list request's work in Node):
 * - `value`: as the driver returns it (text, uuid, numbers, booleans, jsonb, enum labels);
 * - `json`: a text or enum array, read as JSON (the driver's JSON.parse allocates far less than its
 *   text-array parser);
 * - `epoch`: a timestamp, read as epoch milliseconds rounded down (the driver's parser truncates
 *   microseconds too) and made into a Date here, which is cheaper than parsing its text;
 * - `day`: a date, as `YYYY-MM-DD` text (what the ORM gives for a `date` column);
 * - `decimal`: numeric, as the driver's string (also inside JSON, where it would become a number).
 */
export type ColumnKind = 'value' | 'json' | 'epoch' | 'day' | 'decimal';

/** A column of table `T` and how it is read; a bare column name is read as `value`. */
export type ColumnRead<T> = (keyof T & string) | { column: keyof T & string; kind: ColumnKind };

/** `{ column, kind }` for a column read other than as a plain value. */
export const read = <T>(column: keyof T & string, kind: ColumnKind): ColumnRead<T> => ({ column, kind });

/**
 * The entity `E` as rows of table `T`: every property of the entity (but those in `Skip`, e.g. a
 * relation or a column the ORM does not select) from one column. A property left out does not compile.
 */
export type Columns<E, T, Skip extends keyof E = never> = {
  readonly [P in Exclude<keyof E, Skip> & string]-?: ColumnRead<T>;
};

export interface RowShape<E> {
  /**
   * The select list over the table under `alias`, each column under its property name; `omitted`
   * properties (sorted) are not read, and are left undefined by `build`.
   */
  select(alias: string, omitted?: readonly string[]): AliasedRawBuilder<unknown, string>[];
  /** The select list of some properties only (rows read for a purpose, not built into entities). */
  pick(alias: string, properties: readonly (keyof E & string)[]): AliasedRawBuilder<unknown, string>[];
  /** One JSON object with the same properties, to read a related row within another row. */
  json(alias: string): RawBuilder<unknown>;
  /** The entity of a row selected with `select`, or of an object read with `json`. */
  build(row: Record<string, unknown>): E;
}

/** `build(alias)`, made once per alias (list pages compile the same select list on every request). */
function perAlias<V>(build: (alias: string) => V): (alias: string) => V {
  const built = new Map<string, V>();
  return (alias) => {
    let value = built.get(alias);
    if (value === undefined) {
      value = build(alias);
      built.set(alias, value);
    }
    return value;
  };
}

function expression(alias: string, column: string, kind: ColumnKind, inJson: boolean): RawBuilder<unknown> {
  const ref = sql.ref(`${alias}.${column}`);
  switch (kind) {
    case 'json':
      return inJson ? sql`${ref}` : sql`to_json(${ref})`;
    case 'epoch':
      return sql`floor(extract(epoch FROM ${ref}) * 1000)::float8`;
    case 'day':
      return sql`to_char(${ref}, 'YYYY-MM-DD')`;
    case 'decimal':
      return inJson ? sql`${ref}::text` : sql`${ref}`;
    case 'value':
      return sql`${ref}`;
  }
}

/**
 * The builder of an entity from a row: a function written for the entity's properties (each copied
 * by a fixed name, timestamps made into Dates), which V8 runs about four times as fast as a loop over
 * the names (0.25 against 0.9 µs for a request's 30 columns). The names come from the column maps of
 * this code base, never from input, and are written as JSON string literals.
 */
function compiledBuild<E>(
  entity: new () => E,
  properties: readonly string[],
  timestamps: ReadonlySet<string>,
): (row: Record<string, unknown>) => E {
  const lines = properties.map((property) => {
    const name = JSON.stringify(property);
    return timestamps.has(property)
      ? `built[${name}] = row[${name}] === null ? null : new Date(row[${name}]);`
      : `built[${name}] = row[${name}];`;
  });
  const build = new Function(
    'Entity',
    'row',
    `const built = new Entity();\n${lines.join('\n')}\nreturn built;`,
  ) as (Entity: new () => E, row: Record<string, unknown>) => E;
  return (row) => build(entity, row);
}

/** The shape of entity `E` read from table `T` (see `ColumnKind`). */
export function rowShape<E extends object, T, Skip extends keyof E = never>(
  entity: new () => E,
  columns: Columns<E, T, Skip>,
): RowShape<E> {
  const entries = Object.entries(columns as Record<string, ColumnRead<T>>).map(([property, spec]) =>
    typeof spec === 'string'
      ? { property, column: spec, kind: 'value' as ColumnKind }
      : { property, column: spec.column, kind: spec.kind },
  );
  const properties = entries.map((entry) => entry.property);
  const byProperty = new Map(entries.map((entry) => [entry.property, entry]));
  const selected = (alias: string, entry: (typeof entries)[number]) =>
    expression(alias, entry.column, entry.kind, false).as(entry.property);
  const timestamps = entries.filter((entry) => entry.kind === 'epoch').map((entry) => entry.property);
  // Per alias and omitted properties: list pages compile the same select list on every request.
  const selectList = perAlias((key) => {
    const [alias = '', omitted = ''] = key.split('\u0000');
    const left = new Set(omitted.split(','));
    for (const property of left) {
      if (property && !byProperty.has(property))
        throw new Error(`${entity.name} has no column for ${property}`);
    }
    return entries.filter((entry) => !left.has(entry.property)).map((entry) => selected(alias, entry));
  });
  return {
    select: (alias, omitted = []) =>
      selectList(omitted.length === 0 ? alias : `${alias}\u0000${omitted.join(',')}`),
    pick: (alias, chosen) =>
      chosen.map((property) => {
        const entry = byProperty.get(property);
        if (!entry) throw new Error(`${entity.name} has no column for ${property}`);
        return selected(alias, entry);
      }),
    json: perAlias(
      (alias) =>
        sql`json_build_object(${sql.join(
          entries.map(
            (entry) => sql`${sql.lit(entry.property)}, ${expression(alias, entry.column, entry.kind, true)}`,
          ),
        )})`,
    ),
    build: compiledBuild(entity, properties, new Set(timestamps)),
  };
}

/** `alias.id` is one of `ids`: one parameter whatever their number, so one statement text. */
export function idIn(alias: string, ids: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.id`)} = ANY(${ids}::uuid[])`;
}
