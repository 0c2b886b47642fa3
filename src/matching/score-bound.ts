import type { ScoredOffer, ScoredRequest } from './scoring.js';
import { CRITERIA } from './scoring.js';

/**
 * An upper bound of the score as a SQL expression over `r` (request) and `o` (offer), for ranking
 * many candidates in the database before the exact scoring function looks at the best of them.
 * The coverage criteria (sectors, kinds of assistance, protection streams, phases), languages and
 * mandate are computed as `scorePair` computes them; delivery mode, timing and budget count as 1,
 * so the bound is never below the exact score and at most their weight (0.2) above it.
 * One side's values are bound as parameters, so the expression is cheap per row and uses no
 * subquery.
 */
export interface ScoreBound {
  sql: string;
  parameters: Record<string, unknown>;
}

const weight = (criterion: string) => CRITERIA.find((c) => c.criterion === criterion)?.weight ?? 0;
const EXACT_ELSEWHERE = weight('deliveryMode') + weight('timing') + weight('budget');

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
    return `(o.${offerColumn} @> ARRAY[:${key}${i}]::${pgType}[])::int`;
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
    return `(r.${requestColumn} @> ARRAY[:${key}${i}]::${pgType}[])::int`;
  });
  const shared = terms.length ? `(${terms.join(' + ')})` : '0';
  return `(CASE WHEN cardinality(r.${requestColumn}) = 0 THEN 1 ELSE ${shared}::float8 / cardinality(r.${requestColumn}) END)`;
}

function combine(parts: Record<string, string>): string {
  const sum = Object.entries(parts).map(([criterion, value]) => `${weight(criterion)} * ${value}`);
  return `(${sum.join(' + ')} + ${EXACT_ELSEWHERE})`;
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
      `(o.mandate_paragraph::text = ANY(:bMandates))::int`)
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
      mandate,
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
      mandate: `(cardinality(r.mandate_paragraphs) = 0 OR r.mandate_paragraphs @> ARRAY[:bMandate]::mandate_paragraph[])::int`,
    }),
    parameters,
  };
}
