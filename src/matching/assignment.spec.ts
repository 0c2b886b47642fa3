import fc from 'fast-check';
import { type AssignmentInstance, optimalAssignment } from './assignment.js';

/** Every feasible assignment, tried one by one. */
function bruteForce(instance: AssignmentInstance): number {
  const byRequest = Array.from({ length: instance.requests }, (_, i) =>
    instance.edges.filter((edge) => edge.request === i),
  );
  const used = instance.capacities.map(() => 0);
  let best = 0;
  const walk = (i: number, total: number) => {
    if (i === instance.requests) {
      best = Math.max(best, total);
      return;
    }
    walk(i + 1, total); // request i unmatched
    for (const edge of byRequest[i] ?? []) {
      if ((used[edge.offer] as number) < (instance.capacities[edge.offer] as number)) {
        used[edge.offer] = (used[edge.offer] as number) + 1;
        walk(i + 1, total + Math.round(edge.score * 1e6));
        used[edge.offer] = (used[edge.offer] as number) - 1;
      }
    }
  };
  walk(0, 0);
  return best / 1e6;
}

const instances = fc
  .record({ requests: fc.integer({ min: 1, max: 7 }), offers: fc.integer({ min: 1, max: 4 }) })
  .chain(({ requests, offers }) =>
    fc.record({
      requests: fc.constant(requests),
      capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: offers, maxLength: offers }),
      edges: fc
        .uniqueArray(
          fc.record({
            request: fc.integer({ min: 0, max: requests - 1 }),
            offer: fc.integer({ min: 0, max: offers - 1 }),
            score: fc.integer({ min: 1, max: 1_000_000 }).map((s) => s / 1e6),
          }),
          { selector: (edge) => `${edge.request}:${edge.offer}`, maxLength: requests * offers },
        )
        .map((edges) => edges),
    }),
  );

describe('optimalAssignment', () => {
  it('finds the brute-force optimum on random small instances, within every capacity', () => {
    fc.assert(
      fc.property(instances, (instance) => {
        const result = optimalAssignment(instance);
        const chosen = result.chosen.map((index) => instance.edges[index]!);
        // Each request at most once, each offer at most its capacity.
        expect(new Set(chosen.map((edge) => edge.request)).size).toBe(chosen.length);
        instance.capacities.forEach((capacity, offer) => {
          expect(chosen.filter((edge) => edge.offer === offer).length).toBeLessThanOrEqual(capacity);
        });
        expect(result.total).toBeCloseTo(
          chosen.reduce((sum, edge) => sum + edge.score, 0),
          6,
        );
        expect(result.total).toBeCloseTo(bruteForce(instance), 6);
      }),
      { numRuns: 500 },
    );
  });

  it('prefers two good pairs to one excellent pair that blocks them', () => {
    // Request 0 fits offer 0 best, but giving offer 0 to request 1 and offer 1 to request 0 is worth more.
    const result = optimalAssignment({
      requests: 2,
      capacities: [1, 1],
      edges: [
        { request: 0, offer: 0, score: 0.9 },
        { request: 0, offer: 1, score: 0.8 },
        { request: 1, offer: 0, score: 0.85 },
      ],
    });
    expect(result.total).toBeCloseTo(1.65, 6);
    expect(result.chosen.sort()).toEqual([1, 2]);
  });

  it('handles an empty instance', () => {
    expect(optimalAssignment({ requests: 0, capacities: [], edges: [] })).toEqual({ chosen: [], total: 0 });
  });
});
