import { GraphQLSchemaHost } from '@nestjs/graphql';
import { auditServer } from 'graphql-http';
import { type GraphQLObjectType, printSchema } from 'graphql';
import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { pendingSchemaChanges } from '../src/database/schema-drift.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, GqlClient, loginAs } from './support/client.js';

describe('platform', () => {
  let t: TestApp;
  let anonymous: GqlClient;
  let admin: GqlClient;

  beforeAll(async () => {
    t = await startTestApp();
    anonymous = new GqlClient(t.url);
    admin = await adminClient(t.url);
  });
  afterAll(() => t.close());

  describe('schema and migrations', () => {
    it('serves exactly the committed schema.gql (run `npm run schema:print` after an API change)', async () => {
      const served = printSchema(t.app.get(GraphQLSchemaHost).schema);
      const committed = await readFile(new URL('../schema.gql', import.meta.url), 'utf8');
      expect(committed.trim()).toBe(served.trim());
    });

    it('reads plain fields directly and calls field resolvers without the framework wrapper', () => {
      const type = t.app.get(GraphQLSchemaHost).schema.getType('AssistanceRequest') as GraphQLObjectType;
      const fields = type.getFields();
      // A plain property keeps no resolver (compiled queries inline the read) ...
      expect(fields.title?.resolve).toBeUndefined();
      expect(fields.status?.resolve).toBeUndefined();
      // ... and a @DirectField resolver is the method itself, bound to its resolver instance.
      expect(fields.history?.resolve?.name).toBe('bound history');
    });

    it('has migrations that match the entities (generating one would change nothing)', async () => {
      const { up } = await pendingSchemaChanges(t.app.get(DataSource));
      expect(up).toEqual([]);
    });
  });

  describe('health', () => {
    it('answers liveness and readiness with the database up', async () => {
      const live = await fetch(`${t.url}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${t.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', database: 'up' });
    });

    it('echoes a sane x-request-id and replaces an unsafe one', async () => {
      const kept = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'abc-123' } });
      expect(kept.headers.get('x-request-id')).toBe('abc-123');
      const replaced = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'a b<script>' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('transport', () => {
    it('answers { __typename } without a token and nothing else', async () => {
      expect(await anonymous.ok('{ __typename }')).toEqual({ __typename: 'Query' });
      expect(await anonymous.errorCode('{ me { id } }')).toBe('UNAUTHENTICATED');
    });

    it('refuses mutations over GET', async () => {
      const query = encodeURIComponent('mutation { logout(refreshToken: "x") }');
      const response = await fetch(`${t.url}/graphql?query=${query}`);
      expect(response.status).toBe(405);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    });

    it('serves queries over GET', async () => {
      const response = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    });

    it('answers in application/graphql-response+json when asked, with 400 for an invalid document', async () => {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ nope }' }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/graphql-response+json');
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).not.toHaveProperty('data');
    });

    it('passes the GraphQL-over-HTTP audit: no MUST failure, at most 3 SHOULD warnings', async () => {
      // Signed in, as the audit reads the schema (`__type`), which anonymous clients may not.
      const signedIn: typeof fetch = (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...Object.fromEntries(new Headers(init?.headers)),
            authorization: `Bearer ${admin.token}`,
          },
        });
      const results = await auditServer({ url: `${t.url}/graphql`, fetchFn: signedIn });
      const failures = results.filter((r) => r.status === 'error');
      const warnings = results.filter((r) => r.status === 'warn');
      const summary = { ok: results.length - failures.length - warnings.length, warnings: warnings.length };
      console.log(
        `GraphQL-over-HTTP audit: ${JSON.stringify(summary)}; warnings: ${warnings.map((w) => w.name).join(' | ')}`,
      );
      expect(failures.map((f) => f.name)).toEqual([]);
      expect(warnings.length).toBeLessThanOrEqual(3);
    });
  });

  describe('limits and errors', () => {
    it('refuses more than 30 aliases with QUERY_TOO_COMPLEX and accepts 30', async () => {
      const aliases = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      expect((await admin.request(aliases(30))).errors).toBeUndefined();
      expect(await admin.errorCode(aliases(31))).toBe('QUERY_TOO_COMPLEX');
    });

    it('answers a syntax error with BAD_USER_INPUT and no internals', async () => {
      const result = await admin.request('{ me { id ');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result)).not.toMatch(/node_modules|\/src\/|at .*\(|SELECT|stack/i);
    });

    it('answers a wrong variable type with BAD_USER_INPUT', async () => {
      const result = await admin.request('query($r: String) { memberStates(region: $r) { code } }', {
        r: 42,
      });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('answers a repeated (compiled) operation exactly as its first run, errors included', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const operations: [string, Record<string, unknown>?][] = [
        ['{ me { id email roles organization { id } } memberStates(region: "Africa") { code name } }'],
        ['query($id: ID!) { request(id: $id) { id title } }', { id: missing }],
        ['query($id: ID!) { me { id } offer(id: $id) { id } }', { id: missing }],
        ['{ requests(first: 5) { totalCount nodes { id allowedActions history { at actor { id } } } } }'],
      ];
      for (const [query, variables] of operations) {
        const first = await admin.request(query, variables);
        for (let run = 0; run < 3; run++) expect(await admin.request(query, variables)).toEqual(first);
      }
    });
  });
});

describe('metrics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts and times GraphQL requests by operation, and shows the database pool, in Prometheus format', async () => {
    const admin = await adminClient(t.url);
    await admin.ok('{ me { id } }');
    await admin.request('{ nope }');
    const coordinator = await loginAs(admin, ['COORDINATOR']);
    await coordinator.client.ok('mutation { runMatchingRound(input: { dryRun: true }) { totalScore } }');
    const response = await fetch(`${t.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/graphql_requests_total\{operation="me",status="200"\} 1/);
    expect(text).toMatch(/graphql_requests_total\{operation="login",status="200"\} 2/);
    expect(text).toMatch(/graphql_requests_total\{operation="runMatchingRound",status="200"\} 1/);
    expect(text).toMatch(/graphql_request_duration_seconds_bucket\{le="[0-9.]+",operation="me"\}/);
    expect(text).toMatch(/db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/matching_round_duration_seconds_count\{dry_run="true"\} 1/);
    expect(text).toContain('process_resident_memory_bytes');
  });
});

describe('rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('answers RATE_LIMITED with 429 past the budget, per user, and leaves health checks alone', async () => {
    const admin = await adminClient(t.url); // the sign-in counts against the caller's IP
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 7; i += 1) {
      const result = await admin.request('{ me { id } }');
      codes.push(result.status === 429 ? result.errors?.[0]?.extensions?.code : 'OK');
    }
    expect(codes.slice(0, 5)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(codes.slice(5)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // Another user has a budget of their own; health checks are never limited.
    const other = await loginAs(admin, ['COORDINATOR']).catch(() => null);
    expect(other).toBeNull(); // the admin cannot even create one now: their budget is spent
    for (let i = 0; i < 10; i += 1) expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
  });
});

describe('rate limits shared through Redis', () => {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let reachable = false;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const { Redis } = await import('ioredis');
    const probe = new Redis(redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    reachable = await probe.connect().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (!reachable) return;
    // Counters of this test only: other suites and runs share the same Redis.
    const shared = {
      RATE_LIMIT_PER_MINUTE: '6',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `test-${crypto.randomUUID()}:`,
    };
    a = await startTestApp(shared);
    b = await startTestApp(shared, { reset: false });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('counts one budget for a user across two instances', async () => {
    if (!reachable) {
      console.warn(`Redis at ${redisUrl} is not reachable; the shared rate-limit test did not run`);
      return;
    }
    const viaA = new GqlClient(a.url);
    await viaA.login('admin@example.org', 'admin-password-for-tests');
    const viaB = new GqlClient(b.url, viaA.token);
    const codes: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const result = await (i % 2 ? viaB : viaA).request('{ me { id } }');
      codes.push(result.status === 429 ? String(result.errors?.[0]?.extensions?.code) : 'OK');
    }
    expect(codes.filter((code) => code === 'OK')).toHaveLength(6);
    expect(codes.slice(6)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });
});
