/**
 * Load scenarios through HTTP (autocannon), each next to a bare Fastify + pg endpoint doing the same
 * database work by hand, in the same process and the same run (ratios hold on a noisy shared machine):
 *   - list:        `requests(first: 50)` with every relation field  vs  the same data in one SQL statement
 *   - suggestions: `suggestOffers(limit: 10)` for rotating requests  vs  10 offers passing the hard filters
 *   - mixed:       4 list reads, then 1 `addComment`                 vs  4 bare reads, then 1 bare INSERT
 *   - light-list:  `requests(first: 50)` with scalars, description, budget, organization and its State,
 *                  totalCount and pageInfo  vs  a page query joined to organization and State, plus a count
 *   - light-create: `createRequest` (no idempotency key) as a requester  vs  one transaction inserting the
 *                  row, its first history entry and its audit event
 *   npm run bench:load                 # embedded database in a temporary DATA_DIR
 *   BENCH_DATABASE_URL=postgres://… npm run bench:load
 * Options (environment): BENCH_ROWS (requests listed, default 5000), BENCH_OFFERS (published offers,
 * 20000), BENCH_OPEN (open requests to suggest for, 2000), BENCH_SECONDS (per measurement, 6),
 * BENCH_ROUNDS (bare and GraphQL measured alternately this many times, 3), BENCH_CONNECTIONS (20),
 * BENCH_SCENARIOS (a comma-separated subset of list, suggestions, mixed, light-list, light-create; all
 * by default). CPU per request (the node process: service, bare endpoint and load generator; and every
 * PostgreSQL process) is read from /proc around each measurement.
 * BENCH_PROCESSES=separate runs the service (`dist/src/main.js`, NODE_ENV=production, Node flags from
 * BENCH_SERVICE_NODE_FLAGS, default those of `npm start`) and the bare endpoints each in a
 * process of its own on the same database: CPU per request and RSS (the largest, sampled every
 * 100 ms) are then that side's process alone.
 * The machine is shared: each round measures the bare endpoint and then the service, and the report
 * gives the median of the rounds' ratios with the figures of that round.
 * Writes bench/results/load.json and bench/results/load.md.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { bareRoutes } from './bare.js';
import { generateMarketplace, generateRequests } from './generate.js';
import {
  BENCH_PASSWORD,
  type BenchProcess,
  signIn,
  startBareProcess,
  startBenchService,
  startServiceProcess,
} from './harness.js';
import { START_NODE_FLAGS } from './node-flags.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const OFFERS = Number(process.env.BENCH_OFFERS ?? 20_000);
const OPEN = Number(process.env.BENCH_OPEN ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ONLY = process.env.BENCH_SCENARIOS?.split(',').map((name) => name.trim());
/** `separate`: the service and the bare endpoints each in a process of their own (see above). */
const SEPARATE = process.env.BENCH_PROCESSES === 'separate';
const SERVICE_NODE_FLAGS =
  process.env.BENCH_SERVICE_NODE_FLAGS === undefined
    ? START_NODE_FLAGS
    : process.env.BENCH_SERVICE_NODE_FLAGS.split(' ').filter(Boolean);

const LIST = `query { requests(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes {
  id reference title status priority confidentiality sectors assistanceTypes desiredStart desiredEnd
  estimatedBudget { amount currency } allowedActions
  requestingOrganization { id name memberState { code name region } }
  beneficiaryStates { code name region }
  history { from to action at actor { id displayName } }
  comments { id body author { id displayName } }
} } }`;
const SUGGEST = `query($id: ID!) { suggestOffers(requestId: $id, limit: 10) {
  score offer { id reference title } breakdown { criterion value explanation } } }`;
const LIGHT_LIST = `query { requests(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes {
  id reference title description status priority confidentiality sectors assistanceTypes desiredStart desiredEnd
  estimatedBudget { amount currency } requestingOrganization { id name memberState { code name region } }
} } }`;
const CREATE = `mutation { createRequest(input: { title: "Protection of the northern grid substations",
  description: "Assessment and training for the operators of three substations.", sectors: [ENERGY],
  assistanceTypes: [CAPACITY_DEVELOPMENT], estimatedBudget: { amount: "25000", currency: "USD" } }) {
  id reference status version } }`;
const COMMENT = `mutation($id: ID!) { addComment(subjectId: $id, body: "Site visit scheduled.") { id } }`;

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU per request, ms: the node process (service, bare endpoint, load generator) and PostgreSQL. */
  cpuNodeMs: number;
  cpuPostgresMs: number;
  /** The node process's resident memory at the end of the measurement. */
  rssMb: number;
}

/** CPU time of process `pid` so far, ms (from /proc; clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of process `pid`, MB. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/**
 * CPU time so far, ms: the measured side's process (`pid`; this process when both sides run here),
 * and every PostgreSQL process of the machine (from /proc).
 */
function cpuNow(pid?: number): { node: number; postgres: number } {
  const usage = process.cpuUsage();
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return { node: pid ? cpuOf(pid) : (usage.user + usage.system) / 1000, postgres: ticks * 10 };
}

interface Scenario {
  name: string;
  bare: Figures;
  service: Figures;
  /** The median of the rounds' ratios; `bare` and `service` are that round's figures. */
  throughputRatio: number;
  ratios: number[];
}

type Step = { method: 'GET' | 'POST'; path: string; body?: () => string };
/** Where a side listens, and its process when it runs in one of its own. */
type Target = { base: string; pid?: number };

/** Runs autocannon over a cycle of steps (each connection walks the cycle in order). */
async function measure(
  { base, pid }: Target,
  steps: Step[],
  headers: Record<string, string>,
): Promise<Figures> {
  const before = cpuNow(pid);
  // The side's largest resident memory during the measurement, sampled every 100 ms.
  let rss = pid ? rssOf(pid) : 0;
  const sampler = pid ? setInterval(() => (rss = Math.max(rss, rssOf(pid))), 100) : undefined;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: steps.map((step) => ({
      method: step.method,
      path: step.path,
      headers: step.body ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(step.body ? { setupRequest: (request) => ({ ...request, body: step.body?.() }) } : {}),
    })),
  });
  clearInterval(sampler);
  const after = cpuNow(pid);
  const served = Math.max(1, result.requests.total);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuNodeMs: Number(((after.node - before.node) / served).toFixed(2)),
    cpuPostgresMs: Number(((after.postgres - before.postgres) / served).toFixed(2)),
    rssMb: pid ? Math.max(rss, rssOf(pid)) : Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

function rotating(ids: string[]): () => string {
  let next = 0;
  return () => ids[next++ % ids.length] as string;
}

async function main(): Promise<void> {
  const service = await startBenchService({ RATE_LIMIT_PER_MINUTE: '1000000' });
  const { pool } = service;
  const bare = Fastify();
  bareRoutes(bare, pool);
  let bareSide: Target = { base: await bare.listen({ port: 0, host: '127.0.0.1' }) };
  let serviceSide: Target = { base: service.base };
  const processes: BenchProcess[] = [];
  try {
    await generateMarketplace(pool, OPEN, OFFERS);
    await generateRequests(pool, ROWS, BENCH_PASSWORD, OPEN);
    if (SEPARATE) {
      // Each side in a process of its own: its CPU and resident memory are its own.
      const [serviceProcess, bareProcess] = await Promise.all([
        startServiceProcess(service.url, SERVICE_NODE_FLAGS),
        startBareProcess(service.url),
      ]);
      processes.push(serviceProcess, bareProcess);
      serviceSide = serviceProcess;
      bareSide = bareProcess;
    }
    const api = serviceSide.base;
    const token = await signIn(`${api}/graphql`, 'coordinator@bench.example');
    const auth = { authorization: `Bearer ${token}` };
    const requesterAuth = {
      authorization: `Bearer ${await signIn(`${api}/graphql`, 'requester@bench.example')}`,
    };
    const { rows: open } = await pool.query<{ id: string }>(
      `SELECT id FROM assistance_request WHERE substr(reference, 10)::bigint <= $1 ORDER BY random() LIMIT 500`,
      [OPEN],
    );
    const { rows: listed } = await pool.query<{ id: string }>(
      `SELECT id FROM assistance_request WHERE substr(reference, 10)::bigint > $1 AND status <> 'DRAFT' LIMIT 500`,
      [OPEN],
    );
    const openIds = open.map((row) => row.id);
    const listedIds = listed.map((row) => row.id);
    const graphql = (query: string, ids?: string[]): Step => {
      const next = ids ? rotating(ids) : undefined;
      return {
        method: 'POST',
        path: '/graphql',
        body: () => JSON.stringify({ query, variables: next ? { id: next() } : {} }),
      };
    };
    const bareStep = (method: 'GET' | 'POST', route: string, ids?: string[]): Step => {
      const next = ids ? rotating(ids) : undefined;
      return { method, path: route, ...(next ? { body: () => JSON.stringify({ id: next() }) } : {}) };
    };
    // Every GraphQL step is checked once for errors before it is measured.
    for (const [query, id, headers] of [
      [LIST, undefined, auth],
      [SUGGEST, openIds[0], auth],
      [COMMENT, listedIds[0], auth],
      [LIGHT_LIST, undefined, auth],
      [CREATE, undefined, requesterAuth],
    ] as const) {
      const response = await fetch(`${api}/graphql`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: id ? { id } : {} }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(`a benchmark operation failed: ${JSON.stringify(body.errors)}`);
    }
    const scenarios: [string, Step[], Step[], Record<string, string>?][] = [
      ['list: requests(first: 50), all relations', [graphql(LIST)], [bareStep('GET', '/requests')]],
      [
        'suggestions: suggestOffers(limit: 10)',
        [graphql(SUGGEST, openIds)],
        [bareStep('POST', '/suggest', openIds)],
      ],
      [
        'mixed: 4 list reads + 1 addComment',
        [...Array(4).fill(graphql(LIST)), graphql(COMMENT, listedIds)],
        [...Array(4).fill(bareStep('GET', '/requests')), bareStep('POST', '/comment', listedIds)],
      ],
      [
        'light-list: requests(first: 50), scalars and organization',
        [graphql(LIGHT_LIST)],
        [bareStep('GET', '/requests-light')],
      ],
      [
        'light-create: createRequest',
        [graphql(CREATE)],
        [{ method: 'POST', path: '/create', body: () => '{}' }],
        requesterAuth,
      ],
    ];
    const results: Scenario[] = [];
    const flat = await measure(bareSide, [bareStep('GET', '/requests-flat')], {}); // also the warm-up
    for (const [name, service, baseline, headers = auth] of scenarios) {
      if (ONLY && !ONLY.includes(name.split(':')[0] as string)) continue;
      await measure(serviceSide, service, headers); // warm-up, not reported
      const rounds: { bare: Figures; service: Figures; ratio: number }[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const bareFigures = await measure(bareSide, baseline, {});
        const serviceFigures = await measure(serviceSide, service, headers);
        const ratio = Number((serviceFigures.requestsPerSecond / bareFigures.requestsPerSecond).toFixed(3));
        rounds.push({ bare: bareFigures, service: serviceFigures, ratio });
      }
      const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)];
      if (!median) throw new Error('BENCH_ROUNDS must be at least 1');
      const ratios = rounds.map((round) => round.ratio);
      results.push({
        name,
        bare: median.bare,
        service: median.service,
        throughputRatio: median.ratio,
        ratios,
      });
      console.log(`${name}: ${median.service.requestsPerSecond} req/s, ratios ${ratios.join(', ')}`);
    }
    const report = {
      when: new Date().toISOString(),
      database: service.database,
      processes: SEPARATE ? { separate: true, serviceNodeFlags: SERVICE_NODE_FLAGS } : { separate: false },
      rows: ROWS,
      offers: OFFERS,
      openRequests: OPEN,
      seconds: SECONDS,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      bareFlatList: flat,
      scenarios: results,
    };
    const row = (label: string, f: Figures, ratio = '') =>
      `| ${label} | ${f.requestsPerSecond} | ${f.p50} | ${f.p99} | ${f.errors} | ${f.cpuNodeMs} | ${f.cpuPostgresMs} | ${f.rssMb} | ${ratio} |`;
    const table = [
      `| scenario (${CONNECTIONS} connections, ${SECONDS} s each, median of ${ROUNDS} rounds) | req/s | p50 ms | p99 ms | errors | CPU node ms/req | CPU PostgreSQL ms/req | RSS MB | ratio to bare |`,
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...results.flatMap((s) => [
        row(`${s.name}, bare Fastify + pg`, s.bare),
        row(`${s.name}, GraphQL`, s.service, `${s.throughputRatio} (rounds: ${s.ratios.join(', ')})`),
      ]),
      row('reference: bare list of the 50 flat rows only', flat),
    ].join('\n');
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/load.json', `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync('bench/results/load.md', `${table}\n`);
    console.log(table);
  } finally {
    // Let requests autocannon abandoned at the deadline finish before the database goes away.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const child of processes) await child.close();
    await bare.close();
    await service.close();
  }
}

await main();
