import currencyCodes from 'currency-codes';
import ISO6391 from 'iso-639-1';
import { DomainError } from './errors.js';
import type { MoneyInput } from './money.js';
import { DECIMAL, isCalendarDate } from './scalars.js';
import { noDuplicates, requiredText } from './validation.js';

/** Input rules of RULES.md (Limits) shared by requests and offers; each names the offending field. */

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 20_000;
export const COMMENT_MAX = 10_000;
export const REFERENCE_TEXT_MAX = 200;

const CURRENCIES = new Set(currencyCodes.codes());

export function title(value: string, field: string): string {
  return requiredText(value, field, TITLE_MAX);
}

export function description(value: string, field: string): string {
  return requiredText(value, field, DESCRIPTION_MAX);
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : requiredText(trimmed, field, max);
}

/** A vocabulary list: no duplicates, and at least one value when `required`. */
export function vocabulary<T>(values: readonly T[] | null | undefined, field: string, required = false): T[] {
  const list = values ?? [];
  if (required && list.length === 0) throw DomainError.badInput(field, 'must name at least one value');
  return noDuplicates(list, field);
}

export function languages(values: readonly string[] | null | undefined, field: string): string[] {
  const list = vocabulary(values, field);
  for (const code of list) {
    if (!ISO6391.validate(code)) throw DomainError.badInput(field, `"${code}" is not an ISO 639-1 code`);
  }
  return list;
}

export function money(
  input: MoneyInput | null | undefined,
  field: string,
): { amount: string; currency: string } | null {
  if (input === null || input === undefined) return null;
  if (!DECIMAL.test(input.amount))
    throw DomainError.badInput(`${field}.amount`, 'must be a non-negative decimal');
  if (!CURRENCIES.has(input.currency)) {
    throw DomainError.badInput(`${field}.currency`, `"${input.currency}" is not an ISO 4217 currency code`);
  }
  return { amount: input.amount, currency: input.currency };
}

export function date(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!isCalendarDate(value)) throw DomainError.badInput(field, 'must be a calendar date YYYY-MM-DD');
  return value;
}

/** The end of a window is not before its start. */
export function dateOrder(
  start: string | null,
  end: string | null,
  endField: string,
  startField: string,
): void {
  if (start !== null && end !== null && end < start) {
    throw DomainError.badInput(endField, `must not be before ${startField}`);
  }
}

/** Distinct ISO alpha-3 codes of the reference list. */
export function stateCodes(
  values: readonly string[] | null | undefined,
  field: string,
  isKnown: (code: string) => boolean,
): string[] {
  const list = vocabulary(values, field);
  for (const code of list) {
    if (!/^[A-Z]{3}$/.test(code) || !isKnown(code)) {
      throw DomainError.badInput(
        field,
        `"${code}" is not the ISO alpha-3 code of a Member or observer State`,
      );
    }
  }
  return list;
}

export function regions(
  values: readonly string[] | null | undefined,
  field: string,
  known: readonly string[],
): string[] {
  const list = vocabulary(values, field);
  for (const region of list) {
    if (!known.includes(region))
      throw DomainError.badInput(field, `"${region}" is not one of ${known.join(', ')}`);
  }
  return list;
}

export function idempotencyKey(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.length < 1 || value.length > 200 || !/^[\x21-\x7e]+$/.test(value)) {
    throw DomainError.badInput('input.idempotencyKey', 'must be 1..200 printable ASCII characters');
  }
  return value;
}

/**
 * Lays an update over stored values: an omitted field keeps its value; null clears an optional
 * field and is refused (BAD_USER_INPUT) for a required one.
 */
export function overlay<I extends object>(input: I) {
  const read = (key: keyof I & string): unknown => (input as Record<string, unknown>)[key];
  return {
    required<T>(key: keyof I & string, current: T): T {
      const value = read(key);
      if (value === undefined) return current;
      if (value === null) throw DomainError.badInput(`input.${key}`, 'must not be null');
      return value as T;
    },
    list<T>(key: keyof I & string, current: T[]): T[] {
      const value = read(key);
      return value === undefined ? current : ((value as T[] | null) ?? []);
    },
    optional<T>(key: keyof I & string, current: T | null): T | null {
      const value = read(key);
      return value === undefined ? current : (value as T | null);
    },
  };
}
