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
