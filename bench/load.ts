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
 * The machine is shared: each round measures the bare endpoint and then the service, and the report
 * gives the median of the rounds' ratios with the figures of that round.
 * Writes bench/results/load.json and bench/results/load.md.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hardFiltersFor } from '../src/matching/hard-filters.js';
import { generateMarketplace, generateRequests } from './generate.js';
import { BENCH_PASSWORD, signIn, startBenchService } from './harness.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const OFFERS = Number(process.env.BENCH_OFFERS ?? 20_000);
const OPEN = Number(process.env.BENCH_OPEN ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ONLY = process.env.BENCH_SCENARIOS?.split(',').map((name) => name.trim());

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

/** What a hand-written endpoint would run for the same page: one statement, relations as JSON. */
const BARE_PAGE = `SELECT r.id, r.reference, r.title, r.status, r.priority, r.confidentiality, r.sectors,
  r.assistance_types, r.desired_start, r.desired_end, r.budget_amount, r.budget_currency, r.beneficiary_state_codes,
  json_build_object('id', o.id, 'name', o.name, 'memberStateCode', o.member_state_code) AS organization,
  (SELECT coalesce(json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'action', h.action,
      'at', h.at, 'actor', CASE WHEN u.id IS NULL THEN NULL
        ELSE json_build_object('id', u.id, 'displayName', u.display_name) END) ORDER BY h.id), '[]')
    FROM status_change h LEFT JOIN app_user u ON u.id = h.actor_id WHERE h.entity_id = r.id) AS history,
  (SELECT coalesce(json_agg(json_build_object('id', c.id, 'body', c.body,
      'author', json_build_object('id', a.id, 'displayName', a.display_name)) ORDER BY c.created_at, c.id), '[]')
    FROM comment c JOIN app_user a ON a.id = c.author_id WHERE c.subject_id = r.id) AS comments
  FROM assistance_request r JOIN organization o ON o.id = r.requesting_organization_id
  WHERE r.status <> 'DRAFT' ORDER BY r.created_at DESC, r.id DESC LIMIT 50`;
const BARE_TOTAL = `SELECT count(*)::int AS n FROM assistance_request WHERE status <> 'DRAFT'`;
/** The same 50 rows, flat: what the first baseline returned (shown for reference, not a ratio). */
const BARE_FLAT = `SELECT r.id, r.reference, r.title, r.status, r.priority, r.confidentiality, r.sectors,
  r.assistance_types, r.desired_start, r.desired_end, r.budget_amount, r.budget_currency, r.beneficiary_state_codes,
  o.id AS org_id, o.name AS org_name, o.member_state_code
  FROM assistance_request r JOIN organization o ON o.id = r.requesting_organization_id
  WHERE r.status <> 'DRAFT' ORDER BY r.created_at DESC, r.id DESC LIMIT 50`;
/** The light list by hand: one page statement joined to organization and State, and a count. */
const BARE_LIGHT_PAGE = `SELECT r.id, r.reference, r.title, r.description, r.status, r.priority, r.confidentiality,
  r.sectors, r.assistance_types, to_char(r.desired_start, 'YYYY-MM-DD') AS desired_start,
  to_char(r.desired_end, 'YYYY-MM-DD') AS desired_end, r.budget_amount, r.budget_currency, r.created_at,
  o.id AS org_id, o.name AS org_name, s.code AS state_code, s.name AS state_name, s.region AS state_region
  FROM assistance_request r JOIN organization o ON o.id = r.requesting_organization_id
  LEFT JOIN member_state s ON s.code = o.member_state_code
  WHERE r.status <> 'DRAFT' ORDER BY r.created_at DESC, r.id DESC LIMIT 51`;
/** The light create by hand: row, first history entry and audit event in one transaction. */
const BARE_CREATE = `WITH made AS (
  INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
    beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases,
    mandate_paragraphs, priority, confidentiality, languages, delivery_modes, budget_amount, budget_currency,
    status, version, created_by)
  SELECT 'REQ-2026-' || upper(substr(md5(random()::text), 1, 8)), $1, $2, u.organization_id,
    ARRAY[o.member_state_code], ARRAY[s.region], '{ENERGY}', '{CAPACITY_DEVELOPMENT}', '{}', '{}', '{}',
    'MEDIUM', 'PUBLIC', '{}', '{}', 25000, 'USD', 'DRAFT', 1, u.id
  FROM app_user u JOIN organization o ON o.id = u.organization_id JOIN member_state s ON s.code = o.member_state_code
  WHERE u.email = 'requester@bench.example'
  RETURNING id, reference, status, version, created_by),
history AS (
  INSERT INTO status_change (entity_type, entity_id, from_status, to_status, action, actor_id)
  SELECT 'AssistanceRequest', id, NULL, 'DRAFT', 'CREATE', created_by FROM made),
audit AS (
  INSERT INTO audit_pending (entity_type, entity_id, action, actor_id, at, payload)
  SELECT 'AssistanceRequest', id::text, 'CREATE', created_by, now(),
    jsonb_build_object('from', NULL, 'to', 'DRAFT', 'reason', NULL, 'reference', reference) FROM made)
SELECT id, reference, status, version FROM made`;
const BARE_SUGGEST = `SELECT o.id, o.reference, o.title FROM assistance_request r, assistance_offer o
  WHERE r.id = $1 AND ${hardFiltersFor('request', '$1')} LIMIT 10`;

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

/** CPU time so far, ms: this process, and every PostgreSQL process of the machine (from /proc). */
function cpuNow(): { node: number; postgres: number } {
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
  return { node: (usage.user + usage.system) / 1000, postgres: ticks * 10 };
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

/** Runs autocannon over a cycle of steps (each connection walks the cycle in order). */
async function measure(base: string, steps: Step[], headers: Record<string, string>): Promise<Figures> {
  const before = cpuNow();
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
  const after = cpuNow();
  const served = Math.max(1, result.requests.total);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuNodeMs: Number(((after.node - before.node) / served).toFixed(2)),
    cpuPostgresMs: Number(((after.postgres - before.postgres) / served).toFixed(2)),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

function rotating(ids: string[]): () => string {
  let next = 0;
  return () => ids[next++ % ids.length] as string;
}

async function main(): Promise<void> {
  const service = await startBenchService({ RATE_LIMIT_PER_MINUTE: '1000000' });
  const { base: api, pool } = service;
  const bare = Fastify();
  bare.get('/requests', async () => {
    const [page, total] = await Promise.all([pool.query(BARE_PAGE), pool.query(BARE_TOTAL)]);
    return { totalCount: (total.rows[0] as { n: number }).n, nodes: page.rows };
  });
  bare.get('/requests-flat', async () => (await pool.query(BARE_FLAT)).rows);
  bare.post<{ Body: { id: string } }>(
    '/suggest',
    async (request) => (await pool.query(BARE_SUGGEST, [request.body.id])).rows,
  );
  bare.post<{ Body: { id: string } }>('/comment', async (request) => {
    const { rows } = await pool.query(
      `INSERT INTO comment (subject_type, subject_id, author_id, body)
       SELECT 'AssistanceRequest', $1, id, 'Site visit scheduled.' FROM app_user
       WHERE email = 'coordinator@bench.example' RETURNING id`,
      [request.body.id],
    );
    return rows[0];
  });
  bare.get('/requests-light', async () => {
    const [page, total] = await Promise.all([pool.query(BARE_LIGHT_PAGE), pool.query(BARE_TOTAL)]);
    const rows = page.rows as Record<string, string & Date & string[]>[];
    const nodes = rows.slice(0, 50).map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      description: r.description,
      status: r.status,
      priority: r.priority,
      confidentiality: r.confidentiality,
      sectors: r.sectors,
      assistanceTypes: r.assistance_types,
      desiredStart: r.desired_start,
      desiredEnd: r.desired_end,
      estimatedBudget: r.budget_amount ? { amount: r.budget_amount, currency: r.budget_currency } : null,
      requestingOrganization: {
        id: r.org_id,
        name: r.org_name,
        memberState: r.state_code ? { code: r.state_code, name: r.state_name, region: r.state_region } : null,
      },
    }));
    const last = rows[49];
    return {
      totalCount: (total.rows[0] as { n: number }).n,
      pageInfo: {
        hasNextPage: rows.length > 50,
        endCursor: last
          ? Buffer.from(`c:${last.created_at.toISOString()}|${last.id}`).toString('base64url')
          : null,
      },
      nodes,
    };
  });
  bare.post('/create', async () => {
    const { rows } = await pool.query(BARE_CREATE, [
      'Protection of the northern grid substations',
      'Assessment and training for the operators of three substations.',
    ]);
    return rows[0];
  });
  const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
  try {
    await generateMarketplace(pool, OPEN, OFFERS);
    await generateRequests(pool, ROWS, BENCH_PASSWORD, OPEN);
    const token = await signIn(service.graphql, 'coordinator@bench.example');
    const auth = { authorization: `Bearer ${token}` };
    const requesterAuth = {
      authorization: `Bearer ${await signIn(service.graphql, 'requester@bench.example')}`,
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
    const flat = await measure(bareBase, [bareStep('GET', '/requests-flat')], {}); // also the warm-up
    for (const [name, service, baseline, headers = auth] of scenarios) {
      if (ONLY && !ONLY.includes(name.split(':')[0] as string)) continue;
      await measure(api, service, headers); // warm-up, not reported
      const rounds: { bare: Figures; service: Figures; ratio: number }[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const bareFigures = await measure(bareBase, baseline, {});
        const serviceFigures = await measure(api, service, headers);
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
    await bare.close();
    await service.close();
  }
}

await main();
