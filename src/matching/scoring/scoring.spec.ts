import fc from 'fast-check';
import {
  CRITERIA,
  pairScore,
  pairScorer,
  scorePair,
  type ScoredOffer,
  type ScoredRequest,
} from './scoring.js';

const request: ScoredRequest = {
  sectors: ['ENERGY', 'WATER_SUPPLY'],
  assistanceTypes: ['TRAINING'],
  protectionStreams: ['CYBERSECURITY'],
  phases: [],
  mandateParagraphs: ['PARAGRAPH_9'],
  languages: ['en'],
  deliveryModes: ['IN_PERSON'],
  desiredStart: '2027-01-01',
  desiredEnd: '2027-01-10',
  budgetAmount: '100000',
  budgetCurrency: 'USD',
};
const offer: ScoredOffer = {
  sectors: ['ENERGY'],
  assistanceTypes: ['TRAINING', 'PROGRAMME'],
  protectionStreams: ['CYBERSECURITY'],
  phases: ['PREVENTION'],
  mandateParagraph: 'PARAGRAPH_9',
  languages: ['en', 'fr'],
  deliveryModes: ['IN_PERSON'],
  availableFrom: '2027-01-06',
  availableUntil: '2027-12-31',
  budgetAmount: '50000',
  budgetCurrency: 'USD',
};

const component = (r: ScoredRequest, o: ScoredOffer, criterion: string) =>
  scorePair(r, o).breakdown.find((c) => c.criterion === criterion);

describe('scorePair', () => {
  it('has weights that sum to 1', () => {
    expect(CRITERIA.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1, 12);
  });

  it('scores the sectors covered', () => {
    expect(component(request, offer, 'sectors')).toMatchObject({
      value: 0.5,
      explanation: expect.stringContaining('1 of 2'),
    });
    expect(component(request, { ...offer, sectors: ['ENERGY', 'WATER_SUPPLY'] }, 'sectors')?.value).toBe(1);
  });

  it('scores the kinds of assistance covered', () => {
    expect(component(request, offer, 'assistanceTypes')?.value).toBe(1);
    expect(component(request, { ...offer, assistanceTypes: ['PROGRAMME'] }, 'assistanceTypes')?.value).toBe(
      0,
    );
  });

  it('treats a request without protection streams or phases as open to any', () => {
    expect(component(request, offer, 'phases')).toMatchObject({
      value: 1,
      explanation: expect.stringContaining('any'),
    });
    expect(
      component({ ...request, protectionStreams: ['RISK_MANAGEMENT'] }, offer, 'protectionStreams')?.value,
    ).toBe(0);
  });

  it('scores a shared language, and no constraint as a fit', () => {
    expect(component(request, offer, 'languages')?.value).toBe(1);
    expect(component(request, { ...offer, languages: ['es'] }, 'languages')?.value).toBe(0);
    expect(
      component({ ...request, languages: [] }, { ...offer, languages: ['es'] }, 'languages')?.value,
    ).toBe(1);
  });

  it('scores delivery modes, with hybrid as a half fit', () => {
    expect(component(request, offer, 'deliveryMode')?.value).toBe(1);
    expect(component(request, { ...offer, deliveryModes: ['HYBRID'] }, 'deliveryMode')?.value).toBe(0.5);
    expect(component(request, { ...offer, deliveryModes: ['REMOTE'] }, 'deliveryMode')?.value).toBe(0);
  });

  it('scores the share of the desired window the offer is available', () => {
    expect(component(request, offer, 'timing')).toMatchObject({
      value: 0.5,
      explanation: expect.stringContaining('50%'),
    });
    expect(component(request, { ...offer, availableFrom: null }, 'timing')?.value).toBe(1);
  });

  it('scores the mandate paragraph; an empty list accepts any', () => {
    expect(component(request, offer, 'mandate')?.value).toBe(1);
    expect(component(request, { ...offer, mandateParagraph: 'PARAGRAPH_12' }, 'mandate')?.value).toBe(0);
    expect(
      component(
        { ...request, mandateParagraphs: [] },
        { ...offer, mandateParagraph: 'PARAGRAPH_12' },
        'mandate',
      )?.value,
    ).toBe(1);
  });

  it('scores budget fit in one currency, and unknown fit as a half', () => {
    expect(component(request, offer, 'budget')?.value).toBe(0.5);
    expect(component(request, { ...offer, budgetAmount: '200000' }, 'budget')?.value).toBe(1);
    expect(component(request, { ...offer, budgetCurrency: 'EUR' }, 'budget')?.value).toBe(0.5);
  });

  it('is the weighted sum of its breakdown, within 0..1, with a sentence per criterion, and pairScore its total', () => {
    const list = fc.subarray(['A', 'B', 'C', 'D']);
    const side = fc.record({
      sectors: list,
      assistanceTypes: list,
      protectionStreams: list,
      phases: list,
      languages: fc.subarray(['en', 'fr']),
      deliveryModes: fc.subarray(['IN_PERSON', 'REMOTE', 'HYBRID']),
      budgetAmount: fc.option(fc.integer({ min: 0, max: 10 ** 6 }).map(String)),
      budgetCurrency: fc.option(fc.constantFrom('USD', 'EUR')),
    });
    const day = fc
      .integer({ min: 0, max: 400 })
      .map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
    const window = fc
      .option(
        fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
        { nil: null },
      )
      .map((pair) => pair ?? [null, null]);
    fc.assert(
      fc.property(
        side,
        side,
        fc.subarray(['PARAGRAPH_9', 'PARAGRAPH_11']),
        window,
        window,
        (r, o, mandates, want, have) => {
          const request = { ...r, mandateParagraphs: mandates, desiredStart: want[0], desiredEnd: want[1] };
          const offer = {
            ...o,
            mandateParagraph: 'PARAGRAPH_9',
            availableFrom: have[0],
            availableUntil: have[1],
          };
          const { score, breakdown } = scorePair(request, offer);
          // Matching rounds rank every candidate pair by the total alone: it must be the same number.
          expect(pairScore(request, offer)).toBe(score);
          const sum = breakdown.reduce((acc, c) => acc + c.weight * c.value, 0);
          expect(score).toBeCloseTo(sum, 5);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          expect(breakdown.every((c) => c.value >= 0 && c.value <= 1 && /\.$/.test(c.explanation))).toBe(
            true,
          );
        },
      ),
    );
  });

  it('scores every pair of a round as pairScore does, with bit sets of any width and repeated values', () => {
    // Mostly lists without repeats (the bit-set path), some with (the pairScore path).
    const list = (values: string[]) =>
      fc.oneof(
        { weight: 4, arbitrary: fc.uniqueArray(fc.constantFrom(...values), { maxLength: 5 }) },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...values), { maxLength: 5 }) },
      );
    const kinds = ['A', 'B', 'C', 'D', 'E'];
    // 40 languages: bit sets of two words.
    const languages = Array.from({ length: 40 }, (_, i) => `l${i}`);
    const day = fc
      .integer({ min: 0, max: 60 })
      .map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
    const window = fc.option(
      fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
      { nil: null },
    );
    const budget = fc.option(fc.constantFrom('0', '500', '1000', '2500.5'), { nil: null });
    const currency = fc.option(fc.constantFrom('USD', 'EUR'), { nil: null });
    // What both sides have alike; each adds its mandate.
    const shared = {
      sectors: list(kinds),
      assistanceTypes: list(kinds),
      protectionStreams: list(kinds),
      phases: list(kinds),
      languages: list(languages),
      deliveryModes: list(['IN_PERSON', 'REMOTE', 'HYBRID']),
      window,
      budgetAmount: budget,
      budgetCurrency: currency,
    };
    const mandates = ['PARAGRAPH_9', 'PARAGRAPH_11', 'PARAGRAPH_12'];
    const request = fc
      .record({ ...shared, mandateParagraphs: list(mandates) })
      .map(({ window: w, ...r }): ScoredRequest => ({
        ...r,
        desiredStart: w?.[0] ?? null,
        desiredEnd: w?.[1] ?? null,
      }));
    const offer = fc
      .record({ ...shared, mandateParagraph: fc.constantFrom(...mandates) })
      .map(({ window: w, ...o }): ScoredOffer => ({
        ...o,
        availableFrom: w?.[0] ?? null,
        availableUntil: w?.[1] ?? null,
      }));
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 8 }),
        fc.array(offer, { minLength: 1, maxLength: 8 }),
        (requests, offers) => {
          const score = pairScorer(requests, offers);
          requests.forEach((r, i) => offers.forEach((o, j) => expect(score(i, j)).toBe(pairScore(r, o))));
        },
      ),
      { numRuns: 300 },
    );
  });
});
