import { type RawBuilder, sql } from 'kysely';

/** A SQL condition with `:name` placeholders and their values (the access policy's and the score bound's form). */
export interface NamedSql {
  sql: string;
  parameters: Record<string, unknown>;
}

/** `:name`, not the second colon of a `::type` cast. */
const PLACEHOLDER = /(?<!:):([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * A condition written with named placeholders, as a Kysely fragment whose values are bound as
 * parameters (never written into the text): how the read layer's queries take the access predicate
 * and the score bound, which are built as text with named values. A placeholder without a value is
 * a programming error and throws.
 */
export function named<T = unknown>({ sql: text, parameters }: NamedSql): RawBuilder<T> {
  const parts = text.split(PLACEHOLDER);
  const pieces: RawBuilder<unknown>[] = [];
  parts.forEach((part, index) => {
    if (index % 2 === 0) {
      if (part) pieces.push(sql.raw(part));
      return;
    }
    if (!Object.hasOwn(parameters, part)) throw new Error(`no value for the placeholder :${part}`);
    pieces.push(sql.val(parameters[part]));
  });
  return sql<T>`${sql.join(pieces, sql``)}`;
}
