import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { DomainError } from './errors.js';
import { vocabulary } from './input-rules.js';
import { isUuid, requiredText } from './validation.js';

/**
 * Filters shared by the lists of the contract, as conditions over the columns of table `T` under
 * `alias`; every value is a bound parameter, never SQL text. Values are cast to the column's type,
 * never the column to text, so the column's index serves the filter. Each step validates its value
 * when it is reached, so errors come in the order the steps are written.
 */
export class ListFilters<T> {
  readonly conditions: Expression<SqlBool>[] = [];

  constructor(private readonly alias: string) {}

  /** The column under the list's alias. */
  column(name: keyof T & string): RawBuilder<unknown> {
    return sql.ref(`${this.alias}.${name}`);
  }

  /** Adds a condition of the list's own (already validated). */
  where(condition: Expression<SqlBool>): this {
    this.conditions.push(condition);
    return this;
  }

  /** Rows whose enum array shares at least one value with `values` (GIN-indexed `&&`). */
  overlaps(
    column: keyof T & string,
    pgType: string,
    values: readonly string[] | null | undefined,
    field: string,
  ): this {
    const list = vocabulary(values, field);
    if (list.length) this.where(sql`${this.column(column)} && ${list}::${sql.raw(pgType)}[]`);
    return this;
  }

  /** Rows whose text array contains `value`. */
  contains(column: keyof T & string, value: string | null | undefined): this {
    if (value !== null && value !== undefined)
      this.where(sql`${this.column(column)} @> ARRAY[${value}]::text[]`);
    return this;
  }

  /** Rows whose enum column (of type `pgType`) is one of `values`. */
  oneOf(
    column: keyof T & string,
    pgType: string,
    values: readonly string[] | null | undefined,
    field: string,
  ): this {
    const list = vocabulary(values, field);
    if (list.length) this.where(sql`${this.column(column)} = ANY(${list}::${sql.raw(pgType)}[])`);
    return this;
  }

  /** Rows whose column (of type `pgType`) equals `value`. */
  equals(column: keyof T & string, pgType: string, value: string | null | undefined): this {
    if (value !== null && value !== undefined) {
      this.where(sql`${this.column(column)} = ${value}::${sql.raw(pgType)}`);
    }
    return this;
  }

  /** Rows whose uuid column is `value`: BAD_USER_INPUT unless it is an id. */
  id(column: keyof T & string, value: string | null | undefined, field: string): this {
    if (value === null || value === undefined) return this;
    if (!isUuid(value)) throw DomainError.badInput(field, 'must be an id');
    return this.equals(column, 'uuid', value);
  }

  /** Full-text search in websearch syntax (quotes, OR, -exclusion) over the generated search column. */
  search(text: string | null | undefined, field: string): this {
    const search = text?.trim();
    if (!search) return this;
    requiredText(search, field, 500);
    return this.where(
      sql`${this.column('search' as keyof T & string)} @@ websearch_to_tsquery('english', ${search})`,
    );
  }

  /** `query` restricted by every condition. */
  applyTo<Q extends { where(condition: Expression<SqlBool>): Q }>(query: Q): Q {
    return this.conditions.reduce((restricted, condition) => restricted.where(condition), query);
  }
}
