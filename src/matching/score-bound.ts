import type { ScoredOffer, ScoredRequest } from './scoring.js';
import { CRITERIA } from './scoring.js';

/**
 * The score as a SQL expression over `r` (request) and `o` (offer), for ranking many candidates in
 * the database before `scorePair` scores the best of them. It follows every criterion of
 * `scorePair`, without its rounding to 6 decimals, so it is an upper bound of the exact score up to
 * 1e-6, which is the tolerance of the stopping rule that uses it. One side's values are bound as
 * parameters, so the expression is cheap per row and uses no subquery; membership is tested with
 * `= ANY(column)`, which builds no array per row (`column @> ARRAY[…]` did, 0.6 ms a call).
 */
export interface ScoreBound {
  sql: string;
  parameters: Record<string, unknown>;
}

const weight = (criterion: string) => CRITERIA.find((c) => c.criterion === criterion)?.weight ?? 0;

/** Coverage of the request's list by the offer's, with the request's list known (suggestOffers). */
function coverageOfKnownAsk(
  asked: readonly string[],
  offerColumn: string,
  pgType: string,
  key: string,
  parameters: Record<string, unknown>,
): string {
  if (asked.length === 0) return '1';
  const terms = asked.map((value, i) => {
    parameters[`${key}${i}`] = value;
    return `(CAST(:${key}${i} AS ${pgType}) = ANY(o.${offerColumn}))::int`;
  });
  return `((${terms.join(' + ')})::float8 / ${asked.length})`;
}

/** Coverage of the request's list by the offer's, with the offer's list known (suggestRequests). */
function coverageOfKnownOffer(
  offered: readonly string[],
  requestColumn: string,
  pgType: string,
  key: string,
  parameters: Record<string, unknown>,
): string {
  const terms = offered.map((value, i) => {
    parameters[`${key}${i}`] = value;
    return `(CAST(:${key}${i} AS ${pgType}) = ANY(r.${requestColumn}))::int`;
  });
  const shared = terms.length ? `(${terms.join(' + ')})` : '0';
  return `(CASE WHEN cardinality(r.${requestColumn}) = 0 THEN 1 ELSE ${shared}::float8 / cardinality(r.${requestColumn}) END)`;
}

function combine(parts: Record<string, string>): string {
  const sum = Object.entries(parts).map(([criterion, value]) => `${weight(criterion)} * (${value})::float8`);
  return `(${sum.join(' + ')})`;
}

/** Delivery modes: 1 when either side names none or they share one, 0.5 through HYBRID, else 0. */
function deliveryTerm(known: readonly string[], column: string, parameters: Record<string, unknown>): string {
  if (known.length === 0) return '1';
  parameters.bModes = [...known];
  const knownHybrid = known.includes('HYBRID') ? '1' : '0';
  return `CASE WHEN cardinality(${column}) = 0 OR ${column} && CAST(:bModes AS delivery_mode[]) THEN 1
    WHEN ${knownHybrid} = 1 OR 'HYBRID' = ANY(${column}) THEN 0.5 ELSE 0 END`;
}

/** Timing: the share of the desired window the availability covers; 1 when a window is incomplete. */
function timingTerm(start: string, end: string, from: string, until: string): string {
  return `CASE WHEN ${start} IS NULL OR ${end} IS NULL OR ${from} IS NULL OR ${until} IS NULL THEN 1
    ELSE LEAST(1, GREATEST(0, LEAST(${end}, ${until}) - GREATEST(${start}, ${from}) + 1)::float8 / (${end} - ${start} + 1)) END`;
}

/** Budget: 0.5 when unknown or in other currencies; 1 when the offer covers the estimate; else the share. */
function budgetTerm(asked: string, askedCurrency: string, offered: string, offeredCurrency: string): string {
  return `CASE WHEN ${asked} IS NULL OR ${offered} IS NULL OR ${askedCurrency} IS NULL OR ${offeredCurrency} IS NULL THEN 0.5
    WHEN ${askedCurrency} <> ${offeredCurrency} THEN 0.5
    WHEN ${asked} = 0 OR ${offered} >= ${asked} THEN 1 ELSE ${offered} / ${asked} END`;
}

/** The bound for offers `o` against a known request. */
export function boundForRequest(request: ScoredRequest): ScoreBound {
  const parameters: Record<string, unknown> = {};
  const languages = request.languages.length
    ? ((parameters.bLanguages = [...request.languages]),
      `(cardinality(o.languages) = 0 OR o.languages && :bLanguages::text[])::int`)
    : '1';
  const mandate = request.mandateParagraphs.length
    ? ((parameters.bMandates = [...request.mandateParagraphs]),
      `(o.mandate_paragraph = ANY(CAST(:bMandates AS mandate_paragraph[])))::int`)
    : '1';
  return {
    sql: combine({
      sectors: coverageOfKnownAsk(request.sectors, 'sectors', 'infrastructure_sector', 'bSector', parameters),
      assistanceTypes: coverageOfKnownAsk(
        request.assistanceTypes,
        'assistance_types',
        'assistance_type',
        'bType',
        parameters,
      ),
      protectionStreams: coverageOfKnownAsk(
        request.protectionStreams,
        'protection_streams',
        'protection_stream',
        'bStream',
        parameters,
      ),
      phases: coverageOfKnownAsk(request.phases, 'phases', 'preparedness_phase', 'bPhase', parameters),
      languages,
      deliveryMode: deliveryTerm(request.deliveryModes, 'o.delivery_modes', parameters),
      timing: timingTerm(
        param(parameters, 'bStart', request.desiredStart, 'date'),
        param(parameters, 'bEnd', request.desiredEnd, 'date'),
        'o.available_from',
        'o.available_until',
      ),
      mandate,
      budget: budgetTerm(
        param(parameters, 'bAmount', request.budgetAmount, 'numeric'),
        param(parameters, 'bCurrency', request.budgetCurrency, 'text'),
        'o.budget_amount',
        'o.budget_currency::text',
      ),
    }),
    parameters,
  };
}

/** The bound for requests `r` against a known offer. */
export function boundForOffer(offer: ScoredOffer): ScoreBound {
  const parameters: Record<string, unknown> = { bMandate: offer.mandateParagraph };
  const languages = offer.languages.length
    ? ((parameters.bLanguages = [...offer.languages]),
      `(cardinality(r.languages) = 0 OR r.languages && :bLanguages::text[])::int`)
    : '1';
  return {
    sql: combine({
      sectors: coverageOfKnownOffer(offer.sectors, 'sectors', 'infrastructure_sector', 'bSector', parameters),
      assistanceTypes: coverageOfKnownOffer(
        offer.assistanceTypes,
        'assistance_types',
        'assistance_type',
        'bType',
        parameters,
      ),
      protectionStreams: coverageOfKnownOffer(
        offer.protectionStreams,
        'protection_streams',
        'protection_stream',
        'bStream',
        parameters,
      ),
      phases: coverageOfKnownOffer(offer.phases, 'phases', 'preparedness_phase', 'bPhase', parameters),
      languages,
      deliveryMode: deliveryTerm(offer.deliveryModes, 'r.delivery_modes', parameters),
      timing: timingTerm(
        'r.desired_start',
        'r.desired_end',
        param(parameters, 'bFrom', offer.availableFrom, 'date'),
        param(parameters, 'bUntil', offer.availableUntil, 'date'),
      ),
      mandate: `(cardinality(r.mandate_paragraphs) = 0 OR CAST(:bMandate AS mandate_paragraph) = ANY(r.mandate_paragraphs))::int`,
      budget: budgetTerm(
        'r.budget_amount',
        'r.budget_currency::text',
        param(parameters, 'bAmount', offer.budgetAmount, 'numeric'),
        param(parameters, 'bCurrency', offer.budgetCurrency, 'text'),
      ),
    }),
    parameters,
  };
}

/** A typed parameter (or NULL) for a value of the known side. */
function param(
  parameters: Record<string, unknown>,
  name: string,
  value: string | null,
  type: string,
): string {
  parameters[name] = value;
  return `CAST(:${name} AS ${type})`;
}
