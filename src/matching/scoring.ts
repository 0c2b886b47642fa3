/**
 * The one scoring function of suggestions and matching rounds: a pure function of a request and an
 * offer over a weights table. Each criterion gives a value in 0..1 with a one-sentence explanation;
 * the weights sum to 1; score = Σ weight × value.
 */
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

/** A criterion's value, and its explanation built only when asked for (rounds score many pairs). */
type Criterion = (request: ScoredRequest, offer: ScoredOffer) => { value: number; explain: () => string };

const words = (values: readonly string[]) => values.map((v) => v.toLowerCase().replace(/_/g, ' ')).join(', ');

/** Share of what the request asks for that the offer covers; no request preference counts as covered. */
function coverage(asked: readonly string[], offered: readonly string[], noun: string, required: boolean) {
  if (asked.length === 0) {
    return { value: 1, explain: () => `The request names no ${noun}, so any is acceptable.` };
  }
  const shared = asked.filter((item) => offered.includes(item));
  const value = shared.length / asked.length;
  if (shared.length === 0) {
    return { value: 0, explain: () => `The offer covers none of the requested ${noun} (${words(asked)}).` };
  }
  return {
    value: required || value < 1 ? value : 1,
    explain: () =>
      `The offer covers ${value === 1 ? 'all' : `${shared.length} of ${asked.length}`} requested ${noun} (${words(shared)}).`,
  };
}

const DAY = 86_400_000;
const days = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

export const CRITERIA: readonly { criterion: string; weight: number; score: Criterion }[] = [
  { criterion: 'sectors', weight: 0.25, score: (r, o) => coverage(r.sectors, o.sectors, 'sectors', true) },
  {
    criterion: 'assistanceTypes',
    weight: 0.2,
    score: (r, o) => coverage(r.assistanceTypes, o.assistanceTypes, 'kinds of assistance', true),
  },
  {
    criterion: 'protectionStreams',
    weight: 0.1,
    score: (r, o) => coverage(r.protectionStreams, o.protectionStreams, 'protection streams', false),
  },
  { criterion: 'phases', weight: 0.05, score: (r, o) => coverage(r.phases, o.phases, 'phases', false) },
  {
    criterion: 'languages',
    weight: 0.1,
    score: (r, o) => {
      if (r.languages.length === 0 || o.languages.length === 0) {
        return { value: 1, explain: () => 'No language constraint is stated on one side.' };
      }
      const shared = r.languages.filter((l) => o.languages.includes(l));
      return shared.length
        ? { value: 1, explain: () => `Both can work in ${shared.join(', ')}.` }
        : {
            value: 0,
            explain: () =>
              `The offer is in ${o.languages.join(', ')}, the request asks for ${r.languages.join(', ')}.`,
          };
    },
  },
  {
    criterion: 'deliveryMode',
    weight: 0.05,
    score: (r, o) => {
      if (r.deliveryModes.length === 0 || o.deliveryModes.length === 0) {
        return { value: 1, explain: () => 'No delivery mode constraint is stated on one side.' };
      }
      if (r.deliveryModes.some((m) => o.deliveryModes.includes(m))) {
        return {
          value: 1,
          explain: () =>
            `Delivery modes agree (${words(r.deliveryModes.filter((m) => o.deliveryModes.includes(m)))}).`,
        };
      }
      if (r.deliveryModes.includes('HYBRID') || o.deliveryModes.includes('HYBRID')) {
        return { value: 0.5, explain: () => 'A hybrid delivery can partly meet the requested mode.' };
      }
      return {
        value: 0,
        explain: () =>
          `The offer is delivered ${words(o.deliveryModes)}, the request wants ${words(r.deliveryModes)}.`,
      };
    },
  },
  {
    criterion: 'timing',
    weight: 0.1,
    score: (r, o) => {
      if (!r.desiredStart || !r.desiredEnd || !o.availableFrom || !o.availableUntil) {
        return { value: 1, explain: () => 'At least one side states no complete time window.' };
      }
      const start = Math.max(days(r.desiredStart), days(o.availableFrom));
      const end = Math.min(days(r.desiredEnd), days(o.availableUntil));
      const wanted = days(r.desiredEnd) - days(r.desiredStart) + 1;
      const covered = Math.max(0, end - start + 1);
      const value = Math.min(1, covered / wanted);
      return {
        value,
        explain: () => `The offer is available for ${Math.round(value * 100)}% of the desired period.`,
      };
    },
  },
  {
    criterion: 'mandate',
    weight: 0.1,
    score: (r, o) => {
      if (r.mandateParagraphs.length === 0) {
        return { value: 1, explain: () => 'The request accepts assistance under any paragraph.' };
      }
      return r.mandateParagraphs.includes(o.mandateParagraph)
        ? {
            value: 1,
            explain: () => `The offer is delivered under ${words([o.mandateParagraph])}, as requested.`,
          }
        : {
            value: 0,
            explain: () =>
              `The offer is delivered under ${words([o.mandateParagraph])}, not a requested paragraph.`,
          };
    },
  },
  {
    criterion: 'budget',
    weight: 0.05,
    score: (r, o) => {
      if (!r.budgetAmount || !o.budgetAmount || !r.budgetCurrency || !o.budgetCurrency) {
        return { value: 0.5, explain: () => 'A budget is missing on one side, so fit is unknown.' };
      }
      if (r.budgetCurrency !== o.budgetCurrency) {
        return {
          value: 0.5,
          explain: () => `Budgets are in different currencies (${r.budgetCurrency}, ${o.budgetCurrency}).`,
        };
      }
      const asked = Number(r.budgetAmount);
      const offered = Number(o.budgetAmount);
      if (asked === 0 || offered >= asked) {
        return {
          value: 1,
          explain: () => `The offer's budget covers the estimated ${r.budgetCurrency} ${r.budgetAmount}.`,
        };
      }
      const value = offered / asked;
      return {
        value,
        explain: () => `The offer's budget covers ${Math.round(value * 100)}% of the estimate.`,
      };
    },
  },
];

/** The breakdown and total of one pair. */
export function scorePair(
  request: ScoredRequest,
  offer: ScoredOffer,
): { score: number; breakdown: ScoreComponent[] } {
  const breakdown = CRITERIA.map(({ criterion, weight, score }) => {
    const { value, explain } = score(request, offer);
    return { criterion, weight, value: round(value), explanation: explain() };
  });
  return { score: round(breakdown.reduce((sum, c) => sum + c.weight * c.value, 0)), breakdown };
}

/** The total of one pair alone, equal to `scorePair(…).score`, without building explanations. */
export function pairScore(request: ScoredRequest, offer: ScoredOffer): number {
  let total = 0;
  for (const { weight, score } of CRITERIA) total += weight * round(score(request, offer).value);
  return round(total);
}

/** Scores are kept to 6 decimals, so equal inputs give equal scores everywhere they are compared. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Bit sets over the values one list field takes across a round's requests and offers. */
class BitSets {
  private readonly positions = new Map<string, number>();

  constructor(lists: Iterable<readonly string[]>) {
    for (const list of lists) {
      for (const value of list) {
        if (!this.positions.has(value)) this.positions.set(value, this.positions.size);
      }
    }
  }

  /** Words per set. */
  get words(): number {
    return Math.max(1, Math.ceil(this.positions.size / 32));
  }

  /** The set of `list`, written into `into` at `offset`; false when the list repeats a value. */
  write(list: readonly string[], into: Uint32Array, offset: number): boolean {
    for (const value of list) {
      const position = this.positions.get(value) as number;
      into[offset + (position >>> 5)]! |= 1 << (position & 31);
    }
    let size = 0;
    for (let word = 0; word < this.words; word += 1) size += bitCount(into[offset + word]!);
    return size === list.length;
  }
}

function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** One list field of both sides as bit sets, `words` words per item. */
interface Field {
  words: number;
  requests: Uint32Array;
  offers: Uint32Array;
}

const REQUEST_LISTS = [
  'sectors',
  'assistanceTypes',
  'protectionStreams',
  'phases',
  'languages',
  'deliveryModes',
] as const;

/**
 * Scores many pairs of one set of requests and one set of offers (matching rounds), equal to
 * `pairScore` on every pair: each side's lists become bit sets once, its dates day numbers and its
 * budget a number, so a pair costs a few bitwise operations instead of list searches and date
 * parsing (198,347 pairs, with building the sets: 0.9 s → 0.23 s). A request that repeats a value in a list is scored by
 * `pairScore` itself, since a bit set would count the value once. A property test checks equality.
 */
export function pairScorer(
  requests: readonly ScoredRequest[],
  offers: readonly ScoredOffer[],
): (request: number, offer: number) => number {
  const fields = {} as Record<(typeof REQUEST_LISTS)[number] | 'mandates', Field>;
  const exact = new Uint8Array(requests.length).fill(1);
  const build = (
    name: keyof typeof fields,
    ofRequest: (r: ScoredRequest) => readonly string[],
    ofOffer: (o: ScoredOffer) => readonly string[],
  ) => {
    const sets = new BitSets([...requests.map(ofRequest), ...offers.map(ofOffer)]);
    const words = sets.words;
    const field: Field = {
      words,
      requests: new Uint32Array(requests.length * words),
      offers: new Uint32Array(offers.length * words),
    };
    requests.forEach((r, i) => {
      if (!sets.write(ofRequest(r), field.requests, i * words)) exact[i] = 0;
    });
    offers.forEach((o, i) => sets.write(ofOffer(o), field.offers, i * words));
    fields[name] = field;
  };
  for (const name of REQUEST_LISTS)
    build(
      name,
      (r) => r[name],
      (o) => o[name],
    );
  build(
    'mandates',
    (r) => r.mandateParagraphs,
    (o) => [o.mandateParagraph],
  );
  const hybrid = { request: new Uint8Array(requests.length), offer: new Uint8Array(offers.length) };
  requests.forEach((r, i) => (hybrid.request[i] = r.deliveryModes.includes('HYBRID') ? 1 : 0));
  offers.forEach((o, i) => (hybrid.offer[i] = o.deliveryModes.includes('HYBRID') ? 1 : 0));
  const window = (from: string | null, until: string | null) =>
    from && until ? [days(from), days(until)] : null;
  const wanted = requests.map((r) => window(r.desiredStart, r.desiredEnd));
  const available = offers.map((o) => window(o.availableFrom, o.availableUntil));
  const budget = (amount: string | null, currency: string | null) =>
    amount && currency ? { amount: Number(amount), currency } : null;
  const asks = requests.map((r) => budget(r.budgetAmount, r.budgetCurrency));
  const bids = offers.map((o) => budget(o.budgetAmount, o.budgetCurrency));

  const shared = (field: Field, r: number, o: number) => {
    let count = 0;
    for (let w = 0; w < field.words; w += 1)
      count += bitCount(field.requests[r * field.words + w]! & field.offers[o * field.words + w]!);
    return count;
  };
  const coverage =
    (name: 'sectors' | 'assistanceTypes' | 'protectionStreams' | 'phases') => (r: number, o: number) => {
      const asked = requests[r]![name].length;
      return asked === 0 ? 1 : shared(fields[name], r, o) / asked;
    };
  const values: Record<string, (r: number, o: number) => number> = {
    sectors: coverage('sectors'),
    assistanceTypes: coverage('assistanceTypes'),
    protectionStreams: coverage('protectionStreams'),
    phases: coverage('phases'),
    languages: (r, o) =>
      requests[r]!.languages.length === 0 ||
      offers[o]!.languages.length === 0 ||
      shared(fields.languages, r, o) > 0
        ? 1
        : 0,
    deliveryMode: (r, o) => {
      if (requests[r]!.deliveryModes.length === 0 || offers[o]!.deliveryModes.length === 0) return 1;
      if (shared(fields.deliveryModes, r, o) > 0) return 1;
      return hybrid.request[r] || hybrid.offer[o] ? 0.5 : 0;
    },
    timing: (r, o) => {
      const want = wanted[r];
      const have = available[o];
      if (!want || !have) return 1;
      const start = Math.max(want[0]!, have[0]!);
      const end = Math.min(want[1]!, have[1]!);
      return Math.min(1, Math.max(0, end - start + 1) / (want[1]! - want[0]! + 1));
    },
    mandate: (r, o) =>
      requests[r]!.mandateParagraphs.length === 0 || shared(fields.mandates, r, o) > 0 ? 1 : 0,
    budget: (r, o) => {
      const ask = asks[r];
      const bid = bids[o];
      if (!ask || !bid || ask.currency !== bid.currency) return 0.5;
      return ask.amount === 0 || bid.amount >= ask.amount ? 1 : bid.amount / ask.amount;
    },
  };
  const criteria = CRITERIA.map(({ criterion, weight }) => {
    const value = values[criterion];
    if (!value) throw new Error(`pairScorer has no value for the criterion ${criterion}`);
    return { weight, value };
  });
  return (r, o) => {
    if (!exact[r]) return pairScore(requests[r]!, offers[o]!);
    let total = 0;
    for (const { weight, value } of criteria) total += weight * round(value(r, o));
    return round(total);
  };
}
