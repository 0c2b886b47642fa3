import type { Confidentiality } from '../common/enums.js';
import * as rules from '../common/input-rules.js';
import { money, type MoneyInput } from '../common/money.js';
import type { MarketplaceItem } from './marketplace-item.entity.js';
import type { MarketplaceInput, SideFieldNames } from './marketplace.inputs.js';

/** The fields both sides set under the same names, with the stored vocabulary's types. */
type SharedFields = Pick<
  MarketplaceItem,
  | 'title'
  | 'description'
  | 'sectors'
  | 'assistanceTypes'
  | 'protectionStreams'
  | 'phases'
  | 'confidentiality'
  | 'languages'
  | 'deliveryModes'
>;

/** The fields both sides set, complete (after defaults or merging an update), under the side's names. */
export type Fields<F extends string, U extends string, B extends string> = SharedFields & {
  [K in F | U]: string | null;
} & { [K in B]: MoneyInput | null };

/** The columns both sides store from those fields, with the side's period columns. */
export type Columns<F extends string, U extends string> = SharedFields &
  Pick<MarketplaceItem, 'budgetAmount' | 'budgetCurrency'> & { [K in F | U]: string | null };

/** The stored item with its period under the side's names. */
type StoredItem<F extends string, U extends string> = MarketplaceItem & { [K in F | U]: string | null };

/** The shared fields of a new item; omitted lists are empty and confidentiality is the side's default. */
export function fieldsFromCreate<F extends string, U extends string, B extends string>(
  names: SideFieldNames<F, U, B>,
  input: MarketplaceInput<F, U, B>,
  confidentiality: Confidentiality,
): Fields<F, U, B> {
  const [from, until] = names.period;
  return {
    title: input.title,
    description: input.description,
    sectors: input.sectors,
    assistanceTypes: input.assistanceTypes,
    protectionStreams: input.protectionStreams ?? [],
    phases: input.phases ?? [],
    confidentiality: input.confidentiality ?? confidentiality,
    languages: input.languages ?? [],
    deliveryModes: input.deliveryModes ?? [],
    ...period(from, input[from] ?? null, until, input[until] ?? null),
    ...({ [names.budget]: input[names.budget] ?? null } as { [K in B]: MoneyInput | null }),
  };
}

/** Where a side reads its own fields of an update, within the shared order (a null for a required field is refused in it). */
export interface SideOverlay<X, Y> {
  /** Read after the description. */
  afterDescription?: () => X;
  /** Read after the vocabularies, before the confidentiality. */
  beforeConfidentiality: () => Y;
}

/** The stored item's fields with the update laid over them: omitted stay, null clears optional ones. */
export function fieldsFromUpdate<F extends string, U extends string, B extends string, X, Y>(
  names: SideFieldNames<F, U, B>,
  current: StoredItem<F, U>,
  input: Partial<MarketplaceInput<F, U, B>>,
  side: SideOverlay<X, Y>,
): Fields<F, U, B> & X & Y {
  const { required, list, optional } = rules.overlay(input);
  const [from, until] = names.period;
  // Read in the order of the form: a nulled required field is refused in that order.
  const named = {
    title: required('title', current.title),
    description: required('description', current.description),
  };
  const early = side.afterDescription?.();
  const vocabulary = {
    sectors: required('sectors', current.sectors),
    assistanceTypes: required('assistanceTypes', current.assistanceTypes),
    protectionStreams: list('protectionStreams', current.protectionStreams),
    phases: list('phases', current.phases),
  };
  const own = side.beforeConfidentiality();
  return {
    ...named,
    ...vocabulary,
    confidentiality: required('confidentiality', current.confidentiality),
    languages: list('languages', current.languages),
    deliveryModes: list('deliveryModes', current.deliveryModes),
    ...period(from, optional(from, current[from]), until, optional(until, current[until])),
    ...({
      [names.budget]: optional(names.budget, money(current.budgetAmount, current.budgetCurrency)),
    } as { [K in B]: MoneyInput | null }),
    ...(early as X),
    ...own,
  };
}

/** Where a side checks its own rules within the shared order of checks. */
export interface SideChecks<X> {
  /** Runs after the period is checked, before the budget (the offer's capacity). */
  beforeBudget?: () => void;
  /** The side's own columns, checked after the phases and before the languages. */
  own: () => X;
}

/**
 * Checks the shared rules of RULES.md (Limits), in this order: the period, the budget, title,
 * description, the vocabularies, the side's own fields, languages and delivery modes.
 */
export function validateFields<F extends string, U extends string, B extends string, X>(
  names: SideFieldNames<F, U, B>,
  fields: Fields<F, U, B>,
  side: SideChecks<X>,
): Columns<F, U> & X {
  const [from, until] = names.period;
  const start = rules.date(fields[from], `input.${from}`);
  const end = rules.date(fields[until], `input.${until}`);
  rules.dateOrder(start, end, `input.${until}`, from);
  side.beforeBudget?.();
  const budget = rules.money(fields[names.budget], `input.${names.budget}`);
  const checked = {
    title: rules.title(fields.title, 'input.title'),
    description: rules.description(fields.description, 'input.description'),
    sectors: rules.vocabulary(fields.sectors, 'input.sectors', true),
    assistanceTypes: rules.vocabulary(fields.assistanceTypes, 'input.assistanceTypes', true),
    protectionStreams: rules.vocabulary(fields.protectionStreams, 'input.protectionStreams'),
    phases: rules.vocabulary(fields.phases, 'input.phases'),
  };
  const own = side.own();
  return {
    ...checked,
    confidentiality: fields.confidentiality,
    languages: rules.languages(fields.languages, 'input.languages'),
    deliveryModes: rules.vocabulary(fields.deliveryModes, 'input.deliveryModes'),
    budgetAmount: budget?.amount ?? null,
    budgetCurrency: budget?.currency ?? null,
    ...period(from, start, until, end),
    ...own,
  };
}

function period<F extends string, U extends string>(
  from: F,
  start: string | null,
  until: U,
  end: string | null,
): { [K in F | U]: string | null } {
  return { [from]: start, [until]: end } as { [K in F | U]: string | null };
}
