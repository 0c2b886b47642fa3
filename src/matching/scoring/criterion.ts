/**
 * What a scoring criterion is: one module holds its weight, the value of a pair (with a one-sentence
 * explanation), the same value for many pairs at once (matching rounds), and the SQL of an upper
 * bound of that value when one side of the pair is known (suggestions). `pairScore`, the round
 * scorer and both SQL bounds are generated from the list of criteria, so no criterion can be left out
 * of one of them.
 */

/** One criterion's part of a pair's score. */
export interface ScoreComponent {
  criterion: string;
  weight: number;
  value: number;
  explanation: string;
}

/** What scoring reads of a request. */
export interface ScoredRequest {
  sectors: readonly string[];
  assistanceTypes: readonly string[];
  protectionStreams: readonly string[];
  phases: readonly string[];
  mandateParagraphs: readonly string[];
  languages: readonly string[];
  deliveryModes: readonly string[];
  desiredStart: string | null;
  desiredEnd: string | null;
  budgetAmount: string | null;
  budgetCurrency: string | null;
}

/** What scoring reads of an offer. */
export interface ScoredOffer {
  sectors: readonly string[];
  assistanceTypes: readonly string[];
  protectionStreams: readonly string[];
  phases: readonly string[];
  mandateParagraph: string;
  languages: readonly string[];
  deliveryModes: readonly string[];
  availableFrom: string | null;
  availableUntil: string | null;
  budgetAmount: string | null;
  budgetCurrency: string | null;
}

/** A criterion's value for a pair, and its explanation built only when asked for. */
export interface PairValue {
  value: number;
  explain: () => string;
}

/** Binds the known side's values of a SQL bound as named parameters. */
export class BoundParameters {
  readonly values: Record<string, unknown> = {};
  private next = 0;

  /** `prefix` keeps the names apart from the other parameters of the query. */
  constructor(private readonly prefix = 'bound') {}

  /** The placeholder of `value` cast to `pgType`; NULL stays NULL. */
  bind(value: unknown, pgType: string): string {
    const name = `${this.prefix}${this.next}`;
    this.next += 1;
    this.values[name] = value;
    return `CAST(:${name} AS ${pgType})`;
  }
}

/** The requests and offers of one round, with their lists as bit sets built on demand. */
export interface RoundSides {
  readonly requests: readonly ScoredRequest[];
  readonly offers: readonly ScoredOffer[];
  /**
   * How many distinct values the request's list and the offer's list share, as a function of their
   * indexes. A request whose list repeats a value is marked inexact and scored by `pairScore`.
   */
  shared(
    ofRequest: (request: ScoredRequest) => readonly string[],
    ofOffer: (offer: ScoredOffer) => readonly string[],
  ): (request: number, offer: number) => number;
}

export interface Criterion {
  /** The name shown in a score's breakdown. */
  readonly criterion: string;
  /** Its share of the score; the weights of all criteria sum to 1. */
  readonly weight: number;
  /** The value of one pair, 0..1. */
  value(request: ScoredRequest, offer: ScoredOffer): PairValue;
  /** The value of many pairs of one round, equal to `value(…).value` on every pair of exact requests. */
  prepare(round: RoundSides): (request: number, offer: number) => number;
  /** SQL over the offer `o`, at least `value` for every offer against this request. */
  boundForRequest(request: ScoredRequest, parameters: BoundParameters): string;
  /** SQL over the request `r`, at least `value` for every request against this offer. */
  boundForOffer(offer: ScoredOffer, parameters: BoundParameters): string;
}

/** Lower-case words of vocabulary values, for explanations. */
export const words = (values: readonly string[]): string =>
  values.map((v) => v.toLowerCase().replace(/_/g, ' ')).join(', ');

const DAY = 86_400_000;

/** An ISO date as a day number. */
export const days = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY;

/** The properties of a side holding one scalar value (a date, an amount, a currency). */
type ScalarKey<T> = { [K in keyof T]: T[K] extends string | null ? K : never }[keyof T];

/**
 * Two scalar values of each side a criterion compares: the request's and the offer's properties
 * (in the same order on both sides) and their SQL types; the columns are the properties' names in
 * snake case, cast to those types.
 */
export interface ScalarPair {
  request: readonly [ScalarKey<ScoredRequest>, ScalarKey<ScoredRequest>];
  offer: readonly [ScalarKey<ScoredOffer>, ScalarKey<ScoredOffer>];
  types: readonly [string, string];
}

/** How a criterion over a ScalarPair values a pair from each side's two values. */
export interface ScalarRule<V> {
  /** A side's two values made comparable, or null when one is missing. */
  parse: (first: string | null, second: string | null) => V | null;
  /** The value of a pair whose sides both parsed. */
  fit: (request: V, offer: V) => number;
  /** The value when a side is missing one of its values. */
  missing: number;
  /** The same in SQL, over the request's and the offer's two values. */
  term: (request: readonly [string, string], offer: readonly [string, string]) => string;
}

const snakeCase = (property: string) => property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * A criterion's round scorer and both SQL bounds, from the two scalar values it compares on each
 * side: the round parses each side's values once; the known side's values are bound as parameters,
 * the searched side's are read from its columns.
 */
export function scalarCriterion<V>(
  pair: ScalarPair,
  rule: ScalarRule<V>,
): Pick<Criterion, 'prepare' | 'boundForRequest' | 'boundForOffer'> {
  const values = <T>(item: T, keys: readonly [keyof T, keyof T]) =>
    [item[keys[0]] as string | null, item[keys[1]] as string | null] as const;
  const columns = (alias: string, keys: readonly [string, string]) =>
    [0, 1].map((i) => `${alias}.${snakeCase(keys[i]!)}::${pair.types[i]!}`) as unknown as [string, string];
  const bind = (known: readonly [string | null, string | null], parameters: BoundParameters) =>
    [parameters.bind(known[0], pair.types[0]), parameters.bind(known[1], pair.types[1])] as const;
  return {
    prepare(round) {
      const requests = round.requests.map((r) => rule.parse(...values(r, pair.request)));
      const offers = round.offers.map((o) => rule.parse(...values(o, pair.offer)));
      return (r, o) => {
        const request = requests[r];
        const offer = offers[o];
        return request && offer ? rule.fit(request, offer) : rule.missing;
      };
    },
    boundForRequest: (known, parameters) =>
      rule.term(bind(values(known, pair.request), parameters), columns('o', pair.offer)),
    boundForOffer: (known, parameters) =>
      rule.term(columns('r', pair.request), bind(values(known, pair.offer), parameters)),
  };
}
