import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';

/** Arbitrary JSON (audit payloads). DateTime is GraphQLISODateTime from @nestjs/graphql. */
export const JSONScalar = GraphQLJSON;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD, or null. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function stringLiteral(ast: ValueNode, name: string): string {
  if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string`);
  return ast.value;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new GraphQLError('Date must be a calendar date written YYYY-MM-DD');
  }
  return value;
}

/** ISO-8601 calendar date carried as the string YYYY-MM-DD in and out (never shifted by a time zone). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'ISO-8601 calendar date, e.g. 2026-03-01',
  // Output values come from `date` columns, read as YYYY-MM-DD (or from inputs already checked by
  // parseValue): they are not checked again.
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string') return value;
    return parseDate(value);
  },
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(stringLiteral(ast, 'Date')),
});

/** Non-negative decimals with at most 15 integer and 4 fraction digits, no leading zeros or exponent. */
export const DECIMAL = /^(0|[1-9]\d{0,14})(\.\d{1,4})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new GraphQLError(
      'Decimal must be a string such as "125000.00" (at most 15 integer and 4 fraction digits, not negative)',
    );
  }
  return value;
}

/** Exact decimal number carried as a string; stored as PostgreSQL numeric, never as a float. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'Exact decimal number carried as a string, e.g. "125000.00"',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(stringLiteral(ast, 'Decimal')),
});
