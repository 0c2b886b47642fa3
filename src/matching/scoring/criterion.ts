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

/** Two scalar values of one side a criterion compares, their SQL types, and their columns. */
export interface SideValues<T> {
  of: (side: T) => readonly [string | null, string | null];
  types: readonly [string, string];
  columns: readonly [string, string];
}

/**
 * Both SQL bounds of a criterion comparing two scalar values of each side: the known side's values
 * are bound as parameters, the searched side's are read from its columns.
 */
export function scalarBounds(
  term: (request: readonly [string, string], offer: readonly [string, string]) => string,
  request: SideValues<ScoredRequest>,
  offer: SideValues<ScoredOffer>,
): Pick<Criterion, 'boundForRequest' | 'boundForOffer'> {
  const bind = <T>(side: SideValues<T>, item: T, parameters: BoundParameters) => {
    const [first, second] = side.of(item);
    return [parameters.bind(first, side.types[0]), parameters.bind(second, side.types[1])] as const;
  };
  return {
    boundForRequest: (known, parameters) => term(bind(request, known, parameters), offer.columns),
    boundForOffer: (known, parameters) => term(request.columns, bind(offer, known, parameters)),
  };
}
