import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { BoundParameters } from '../src/matching/scoring/criterion.js';
import { boundForOffer, boundForRequest } from '../src/matching/scoring/score-bound.js';
import {
  CRITERIA,
  type Criterion,
  pairScore,
  type ScoredOffer,
  type ScoredRequest,
} from '../src/matching/scoring/scoring.js';
import { startTestApp, type TestApp } from './support/app.js';

/**
 * Suggestions rank candidates in the database by a SQL bound of the score and stop fetching once
 * nothing left can beat the k-th: a bound below the score would end the search early with a wrong
 * top-k. Every criterion's SQL and their weighted sum are checked against the scoring function on
 * random pairs, on the migrated schema's own column types.
 */
const few = <T extends string>(values: T[]) => fc.subarray(values);
const day = fc
  .integer({ min: 0, max: 90 })
  .map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
const window = fc
  .option(
    fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    { nil: null },
  )
  .map((pair) => pair ?? [null, null]);
const amount = fc.option(fc.constantFrom('0', '500', '1000', '2500.50', '120000'), { nil: null });
const currency = fc.option(fc.constantFrom('USD', 'EUR'), { nil: null });
const lists = {
  sectors: few(['ENERGY', 'WATER_SUPPLY', 'TOURISM', 'PUBLIC_HEALTH']),
  assistanceTypes: few(['TRAINING', 'PROGRAMME', 'TECHNICAL_ASSISTANCE']),
  protectionStreams: few(['PLANNING', 'CYBERSECURITY', 'RISK_MANAGEMENT']),
  phases: few(['PREVENTION', 'RESPONSE', 'RECOVERY']),
  languages: few(['en', 'fr', 'es']),
  deliveryModes: few(['IN_PERSON', 'REMOTE', 'HYBRID']),
  budgetAmount: amount,
  budgetCurrency: currency,
};
const MANDATES = ['PARAGRAPH_9', 'PARAGRAPH_11', 'PARAGRAPH_12'];
const requestArb = fc
  .record({ ...lists, mandateParagraphs: few(MANDATES), window })
  .map(({ window: w, ...r }): ScoredRequest => ({ ...r, desiredStart: w[0]!, desiredEnd: w[1]! }));
const offerArb = fc
  .record({ ...lists, mandateParagraph: fc.constantFrom(...MANDATES), window })
  .map(({ window: w, ...o }): ScoredOffer => ({ ...o, availableFrom: w[0]!, availableUntil: w[1]! }));

/** The columns scoring reads, as a row of the table (json_populate_recordset gives them its types). */
const common = (side: ScoredRequest | ScoredOffer, index: number) => ({
  reference: String(index),
  sectors: side.sectors,
  assistance_types: side.assistanceTypes,
  protection_streams: side.protectionStreams,
  phases: side.phases,
  languages: side.languages,
  delivery_modes: side.deliveryModes,
  budget_amount: side.budgetAmount,
  budget_currency: side.budgetCurrency,
});
const requestRow = (r: ScoredRequest, index: number) => ({
  ...common(r, index),
  mandate_paragraphs: r.mandateParagraphs,
  desired_start: r.desiredStart,
  desired_end: r.desiredEnd,
});
const offerRow = (o: ScoredOffer, index: number) => ({
  ...common(o, index),
  mandate_paragraph: o.mandateParagraph,
  available_from: o.availableFrom,
  available_until: o.availableUntil,
});

const TOLERANCE = 1e-6;

describe('the SQL bound of the score (e2e)', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /**
   * The total bound and every criterion's term for each candidate against the known side, computed
   * by the database, compared with the scoring function's values for the same pairs.
   */
  async function expectBoundsAtLeastScores(
    candidates: { table: 'assistance_offer' | 'assistance_request'; alias: 'o' | 'r'; rows: object[] },
    total: { sql: string; parameters: Record<string, unknown> },
    term: (criterion: Criterion, parameters: BoundParameters) => string,
    pairs: [ScoredRequest, ScoredOffer][],
  ): Promise<void> {
    const { table, alias, rows } = candidates;
    const parameters = new BoundParameters('term');
    const terms = CRITERIA.map((criterion, i) => `(${term(criterion, parameters)})::float8 AS t${i}`);
    const found: Record<string, string | number>[] = await dataSource
      .createQueryBuilder()
      .select(`${alias}.reference`, 'reference')
      .addSelect(total.sql, 'total')
      .addSelect(terms.join(', '))
      .from(`(SELECT * FROM json_populate_recordset(NULL::${table}, CAST(:rows AS json)))`, alias)
      .setParameters({ ...total.parameters, ...parameters.values, rows: JSON.stringify(rows) })
      .orderBy(`${alias}.reference::int`)
      .getRawMany();
    expect(found).toHaveLength(pairs.length);
    pairs.forEach(([request, offer], i) => {
      const row = found[i]!;
      const below = CRITERIA.filter(
        (criterion, c) => Number(row[`t${c}`]) + TOLERANCE < criterion.value(request, offer).value,
      ).map((criterion) => criterion.criterion);
      expect(below).toEqual([]);
      expect(Number(row.total) + TOLERANCE).toBeGreaterThanOrEqual(pairScore(request, offer));
    });
  }

  it('is at least the score of every offer against a known request, criterion by criterion', async () => {
    const offers = fc.array(offerArb, { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(requestArb, offers, (request, candidates) =>
        expectBoundsAtLeastScores(
          { table: 'assistance_offer', alias: 'o', rows: candidates.map(offerRow) },
          boundForRequest(request),
          (criterion, parameters) => criterion.boundForRequest(request, parameters),
          candidates.map((offer) => [request, offer]),
        ),
      ),
      { numRuns: 60 },
    );
  });

  it('is at least the score of every request against a known offer, criterion by criterion', async () => {
    const requests = fc.array(requestArb, { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(offerArb, requests, (offer, candidates) =>
        expectBoundsAtLeastScores(
          { table: 'assistance_request', alias: 'r', rows: candidates.map(requestRow) },
          boundForOffer(offer),
          (criterion, parameters) => criterion.boundForOffer(offer, parameters),
          candidates.map((request) => [request, offer]),
        ),
      ),
      { numRuns: 60 },
    );
  });
});
