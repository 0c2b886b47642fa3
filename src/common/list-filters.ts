import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from './errors.js';
import { vocabulary } from './input-rules.js';
import { isUuid, requiredText } from './validation.js';

/** Filters shared by the lists of the contract; every value is a bound parameter, never SQL text. */
export class ListFilters<T extends ObjectLiteral> {
  private counter = 0;

  constructor(
    readonly query: SelectQueryBuilder<T>,
    private readonly alias: string,
  ) {}

  private param(): string {
    this.counter += 1;
    return `f${this.counter}`;
  }

  /** Rows whose enum array shares at least one value with `values` (GIN-indexed `&&`). */
  overlaps(
    column: string,
    pgType: string,
    values: readonly string[] | null | undefined,
    field: string,
  ): this {
    const list = vocabulary(values, field);
    if (list.length) {
      const p = this.param();
      this.query.andWhere(`${this.alias}.${column} && :${p}::${pgType}[]`, { [p]: list });
    }
    return this;
  }

  /** Rows whose text array contains `value`. */
  contains(column: string, value: string | null | undefined): this {
    if (value !== null && value !== undefined) {
      const p = this.param();
      this.query.andWhere(`${this.alias}.${column} @> ARRAY[:${p}]::text[]`, { [p]: value });
    }
    return this;
  }

  /**
   * Rows whose enum column (of type `pgType`) is one of `values`. The parameter is cast to the
   * column's type, not the column to text, so an index on the column serves the filter.
   */
  oneOf(column: string, pgType: string, values: readonly string[] | null | undefined, field: string): this {
    const list = vocabulary(values, field);
    if (list.length) {
      const p = this.param();
      this.query.andWhere(`${this.alias}.${column} = ANY(:${p}::${pgType}[])`, { [p]: list });
    }
    return this;
  }

  equals(column: string, value: string | null | undefined): this {
    if (value !== null && value !== undefined) {
      const p = this.param();
      this.query.andWhere(`${this.alias}.${column}::text = :${p}`, { [p]: value });
    }
    return this;
  }

  id(column: string, value: string | null | undefined, field: string): this {
    if (value === null || value === undefined) return this;
    if (!isUuid(value)) throw DomainError.badInput(field, 'must be an id');
    return this.equals(column, value);
  }

  /** Full-text search in websearch syntax (quotes, OR, -exclusion) over the generated search column. */
  search(text: string | null | undefined, field: string): this {
    const search = text?.trim();
    if (!search) return this;
    requiredText(search, field, 500);
    const p = this.param();
    this.query.andWhere(`${this.alias}.search @@ websearch_to_tsquery('english', :${p})`, { [p]: search });
    return this;
  }
}
