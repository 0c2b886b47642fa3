import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { Slot } from '../database/kysely.js';
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
  /** What the conditions are, without their values: equal shapes, equal SQL text. */
  private readonly steps: string[] = [];

  /**
   * With `slots`, every value goes into it under a slot name and the SQL holds the slot (see
   * `compiledOnce`): a list's statement is then compiled once per shape of its filter.
   */
  constructor(
    private readonly alias: string,
    private readonly slots?: Record<string, unknown>,
  ) {}

  /** The column under the list's alias. */
  column(name: keyof T & string): RawBuilder<unknown> {
    return sql.ref(`${this.alias}.${name}`);
  }

  /** The kinds, columns and types of the conditions, in order (their values left out). */
  shape(): string {
    return this.steps.join(';');
  }

  /**
   * Adds a condition of the list's own (its value already validated), named by `step`, which must
   * tell its SQL apart from every other custom condition of the list; `bind` each value into it.
   */
  custom(step: string, condition: (bind: (value: unknown) => unknown) => Expression<SqlBool>): this {
    return this.where(
      `custom ${step}`,
      condition((value) => this.bind(value)),
    );
  }

  private where(step: string, condition: Expression<SqlBool>): this {
    this.steps.push(step);
    this.conditions.push(condition);
    return this;
  }

  /** The value itself, or the slot that stands for it (see the constructor). */
  private bind(value: unknown): unknown {
    if (!this.slots) return value;
    const name = `filter.${this.steps.length}.${Object.keys(this.slots).length}`;
    this.slots[name] = value;
    return new Slot(name);
  }

  /** Rows whose enum array shares at least one value with `values` (GIN-indexed `&&`). */
  overlaps(
    column: keyof T & string,
    pgType: string,
    values: readonly string[] | null | undefined,
    field: string,
  ): this {
    const list = vocabulary(values, field);
    if (list.length)
      this.where(
        `overlaps ${column} ${pgType}`,
        sql`${this.column(column)} && ${this.bind(list)}::${sql.raw(pgType)}[]`,
      );
    return this;
  }

  /** Rows whose text array contains `value`. */
  contains(column: keyof T & string, value: string | null | undefined): this {
    if (value !== null && value !== undefined)
      this.where(`contains ${column}`, sql`${this.column(column)} @> ARRAY[${this.bind(value)}]::text[]`);
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
    if (list.length)
      this.where(
        `oneOf ${column} ${pgType}`,
        sql`${this.column(column)} = ANY(${this.bind(list)}::${sql.raw(pgType)}[])`,
      );
    return this;
  }

  /** Rows whose column (of type `pgType`) equals `value`. */
  equals(column: keyof T & string, pgType: string, value: string | null | undefined): this {
    if (value !== null && value !== undefined) {
      this.where(
        `equals ${column} ${pgType}`,
        sql`${this.column(column)} = ${this.bind(value)}::${sql.raw(pgType)}`,
      );
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
      'search',
      sql`${this.column('search' as keyof T & string)} @@ websearch_to_tsquery('english', ${this.bind(search)})`,
    );
  }

  /** `query` restricted by every condition. */
  applyTo<Q extends { where(condition: Expression<SqlBool>): Q }>(query: Q): Q {
    return this.conditions.reduce((restricted, condition) => restricted.where(condition), query);
  }
}
