/**
 * The exact assignment solver on a matching round of the size the service must handle:
 *   npm run bench:round     (BENCH_REQUESTS, BENCH_OFFERS, BENCH_CANDIDATES; defaults 10000, 10000, 20)
 * Prints the solve time, the heap and RSS growth, and the same figures for a greedy baseline
 * (best pair first) on the same instance, with how much total score greedy leaves on the table.
 */
import { type AssignmentEdge, optimalAssignment } from '../src/matching/assignment.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const OFFERS = Number(process.env.BENCH_OFFERS ?? 10_000);
const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 20);

/** Deterministic pseudo-random numbers (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function instance() {
  const next = random(2341);
  const capacities = Array.from({ length: OFFERS }, () => 1 + Math.floor(next() * 3));
  const edges: AssignmentEdge[] = [];
  for (let request = 0; request < REQUESTS; request += 1) {
    const seen = new Set<number>();
    while (seen.size < CANDIDATES) seen.add(Math.floor(next() * OFFERS));
    for (const offer of seen)
      edges.push({ request, offer, score: Math.round((0.5 + next() * 0.5) * 1e6) / 1e6 });
  }
  return { requests: REQUESTS, capacities, edges };
}

function greedy(problem: ReturnType<typeof instance>): number {
  const used = problem.capacities.map(() => 0);
  const taken = new Uint8Array(problem.requests);
  let total = 0;
  for (const edge of [...problem.edges].sort((a, b) => b.score - a.score)) {
    if (taken[edge.request] || (used[edge.offer] as number) >= (problem.capacities[edge.offer] as number))
      continue;
    taken[edge.request] = 1;
    used[edge.offer] = (used[edge.offer] as number) + 1;
    total += edge.score;
  }
  return total;
}

const problem = instance();
const rssBefore = process.memoryUsage().rss;
let started = performance.now();
const greedyTotal = greedy(problem);
const greedyMs = performance.now() - started;
started = performance.now();
const result = optimalAssignment(problem);
const exactMs = performance.now() - started;
const rssAfter = process.memoryUsage().rss;
const report = {
  requests: REQUESTS,
  offers: OFFERS,
  candidatesPerRequest: CANDIDATES,
  pairs: problem.edges.length,
  exact: { ms: Math.round(exactMs), matched: result.chosen.length, total: Number(result.total.toFixed(6)) },
  greedy: { ms: Math.round(greedyMs), total: Number(greedyTotal.toFixed(6)) },
  exactOverGreedy: Number((result.total - greedyTotal).toFixed(6)),
  rssMB: Math.round(rssAfter / 2 ** 20),
  rssGrowthMB: Math.round((rssAfter - rssBefore) / 2 ** 20),
};
console.log(JSON.stringify(report, null, 2));
