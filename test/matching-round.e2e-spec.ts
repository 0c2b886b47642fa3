import fc from 'fast-check';
import { scorePair } from '../src/matching/scoring/scoring.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient } from './support/client.js';
import {
  cast,
  type Cast,
  CREATE_OFFER,
  CREATE_REQUEST,
  TRANSITION_OFFER,
  TRANSITION_REQUEST,
} from './support/fixtures.js';

const SECTORS = ['ENERGY', 'WATER_SUPPLY', 'TOURISM'];
const ROUND = `mutation($input: MatchingRoundInput!) { runMatchingRound(input: $input) {
  totalScore consideredRequests pairs { score request { id } offer { id } } } }`;

interface GeneratedRequest {
  sectors: string[];
  assistanceTypes: string[];
  languages: string[];
}
interface GeneratedOffer extends GeneratedRequest {
  capacity: number;
  eligibleRegions: string[];
}

const nonEmpty = (values: string[]) => fc.subarray(values, { minLength: 1 });
const requestArb = fc.record({
  sectors: nonEmpty(SECTORS),
  assistanceTypes: nonEmpty(['TRAINING', 'PROGRAMME']),
  languages: fc.subarray(['en', 'fr']),
});
const offerArb = fc.record({
  sectors: nonEmpty(SECTORS),
  assistanceTypes: nonEmpty(['TRAINING', 'PROGRAMME']),
  languages: fc.subarray(['en', 'fr']),
  capacity: fc.integer({ min: 1, max: 2 }),
  eligibleRegions: fc.constantFrom<string[]>([], ['Africa'], ['Europe']),
});

/** The best total over every assignment of the pairs given, tried one by one. */
function bruteForce(
  requests: number,
  capacities: number[],
  pairs: { r: number; o: number; score: number }[],
): number {
  const used = capacities.map(() => 0);
  let best = 0;
  const walk = (r: number, total: number) => {
    if (r === requests) {
      best = Math.max(best, total);
      return;
    }
    walk(r + 1, total);
    for (const pair of pairs.filter((p) => p.r === r)) {
      if ((used[pair.o] as number) < (capacities[pair.o] as number)) {
        used[pair.o] = (used[pair.o] as number) + 1;
        walk(r + 1, total + pair.score);
        used[pair.o] = (used[pair.o] as number) - 1;
      }
    }
  };
  walk(0, 0);
  return best;
}

describe('matching rounds (e2e)', () => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await startTestApp();
    c = await cast(await adminClient(t.url));
  });
  afterAll(() => t.close());

  it('proposes the brute-force optimum on random small marketplaces, within the hard filters, threshold and capacities', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(requestArb, { minLength: 1, maxLength: 4 }),
        fc.array(offerArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(0.3, 0.5, 0.7),
        async (requests: GeneratedRequest[], offers: GeneratedOffer[], minScore: number) => {
          const requestIds: string[] = [];
          for (const r of requests) {
            const { createRequest } = await c.requester.client.ok<{ createRequest: { id: string } }>(
              CREATE_REQUEST,
              {
                input: {
                  title: 'Generated need',
                  description: 'Generated.',
                  confidentiality: 'PUBLIC',
                  ...r,
                },
              },
            );
            await c.requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
            await c.coordinator.client.ok(TRANSITION_REQUEST, {
              id: createRequest.id,
              action: 'START_REVIEW',
            });
            await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'APPROVE' });
            requestIds.push(createRequest.id);
          }
          const offerIds: string[] = [];
          for (const o of offers) {
            const { createOffer } = await c.provider.client.ok<{ createOffer: { id: string } }>(
              CREATE_OFFER,
              {
                input: {
                  title: 'Generated offer',
                  description: 'Generated.',
                  mandateParagraph: 'PARAGRAPH_9',
                  ...o,
                },
              },
            );
            await c.provider.client.ok(TRANSITION_OFFER, { id: createOffer.id, action: 'PUBLISH' });
            offerIds.push(createOffer.id);
          }
          try {
            // The expectation, from the rules: hard filters (shared sector; Kenya is in Africa), then the threshold.
            const pairs = requests.flatMap((r, ri) =>
              offers.flatMap((o, oi) => {
                const fits =
                  r.sectors.some((s) => o.sectors.includes(s)) &&
                  (o.eligibleRegions.length === 0 || o.eligibleRegions.includes('Africa'));
                if (!fits) return [];
                const { score } = scorePair(
                  {
                    ...r,
                    protectionStreams: [],
                    phases: [],
                    mandateParagraphs: [],
                    deliveryModes: [],
                    desiredStart: null,
                    desiredEnd: null,
                    budgetAmount: null,
                    budgetCurrency: null,
                  },
                  {
                    ...o,
                    protectionStreams: [],
                    phases: [],
                    mandateParagraph: 'PARAGRAPH_9',
                    deliveryModes: [],
                    availableFrom: null,
                    availableUntil: null,
                    budgetAmount: null,
                    budgetCurrency: null,
                  },
                );
                return score >= minScore ? [{ r: ri, o: oi, score }] : [];
              }),
            );
            const { runMatchingRound: round } = await c.coordinator.client.ok<{
              runMatchingRound: {
                totalScore: number;
                pairs: { score: number; request: { id: string }; offer: { id: string } }[];
              };
            }>(ROUND, { input: { minScore, dryRun: true } });
            const chosen = round.pairs.map((p) => ({
              r: requestIds.indexOf(p.request.id),
              o: offerIds.indexOf(p.offer.id),
              score: p.score,
            }));
            expect(chosen.every((p) => p.r >= 0 && p.o >= 0)).toBe(true);
            expect(new Set(chosen.map((p) => p.r)).size).toBe(chosen.length);
            offers.forEach((o, oi) =>
              expect(chosen.filter((p) => p.o === oi).length).toBeLessThanOrEqual(o.capacity),
            );
            for (const p of chosen)
              expect(
                pairs.some((q) => q.r === p.r && q.o === p.o && Math.abs(q.score - p.score) < 1e-9),
              ).toBe(true);
            expect(round.totalScore).toBeCloseTo(
              bruteForce(
                requests.length,
                offers.map((o) => o.capacity),
                pairs,
              ),
              6,
            );
          } finally {
            // Leave the marketplace empty for the next case.
            for (const id of requestIds)
              await c.coordinator.client.ok(TRANSITION_REQUEST, { id, action: 'CLOSE' });
            for (const id of offerIds) await c.provider.client.ok(TRANSITION_OFFER, { id, action: 'CLOSE' });
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
