/**
 * Fault injection under light load, on the real things: a private redis-server killed and started
 * again, the embedded postmaster killed, the service's PostgreSQL backends terminated. For each fault
 * the suite reports requests sent, failed during the fault, failed after recovery (must be 0), time
 * to recover and acknowledged writes lost (must be 0); writes refused during the fault are retried
 * with their idempotency key and must then exist exactly once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import type { PgTarget } from '../src/database/data-source.js';
import WebSocket from 'ws';
import { startTestApp } from './support/app.js';
import { adminClient, GqlClient } from './support/client.js';
import { resetDatabase, testTarget } from './support/database.js';
import { buildService, freePort } from './support/service.js';
import {
  type FaultReport,
  faultReport,
  hasRedisServer,
  logLines,
  printReports,
  RedisServer,
  retryRefusedWrites,
  type ServiceProcess,
  startLoad,
  startService,
  waitFor,
} from './support/faults.js';
import { cast, CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';

const target = testTarget();
/** The service runs on TEST_DATABASE_URL when set, else on an embedded cluster of its own. */
const serviceDatabase: PgTarget | 'embedded' = 'url' in target ? target : 'embedded';
const onEmbedded = serviceDatabase === 'embedded';
// CI installs redis-server (.ci/run); a developer without it gets a warning instead of a failure.
const redisAvailable = hasRedisServer();
const withRedis = redisAvailable || process.env.CI ? it : it.skip;
if (!redisAvailable && !process.env.CI)
  console.warn('redis-server is not installed: the Redis faults did not run');

async function readiness(url: string): Promise<{ status: string; database: string; redis: string }> {
  return (await fetch(`${url}/health/ready`)).json() as Promise<{
    status: string;
    database: string;
    redis: string;
  }>;
}

/** A graphql-ws subscriber to its own notifications; `received` fills as they arrive. */
async function subscribeNotifications(url: string, token: string) {
  const received: string[] = [];
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.subscribe(
      { query: 'subscription { notificationAdded { subjectId } }' },
      {
        next: (value) =>
          received.push(
            (value.data as { notificationAdded: { subjectId: string } }).notificationAdded.subjectId,
          ),
        error: reject,
        complete: () => undefined,
      },
    );
  });
  return { received, dispose: () => client.dispose() };
}

async function submittedRequests(requester: GqlClient, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { createRequest } = await requester.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
      input: requestInput({ title: `Reviewed across a fault ${i}` }),
    });
    await requester.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
    ids.push(createRequest.id);
  }
  return ids;
}

/** The first success of a request sent after the fault: when clients were served again. */
function firstSuccessAfter(outcomes: { ok: boolean; startedAt: number; endedAt: number }[], faultAt: number) {
  const served = outcomes.filter((o) => o.ok && o.startedAt >= faultAt).map((o) => o.endedAt);
  return served.length > 0 ? Math.min(...served) : undefined;
}

describe('faults of Redis and the database under load (e2e)', () => {
  const reports: FaultReport[] = [];
  let service: ServiceProcess | undefined;

  beforeAll(() => buildService(), 120_000);
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });
  afterAll(() => printReports(reports));

  async function start(env: NodeJS.ProcessEnv = {}, database = serviceDatabase) {
    if (database !== 'embedded') await resetDatabase();
    service = await startService(database, env);
    return { service, people: await cast(await adminClient(service.url)) };
  }

  it('keeps serving, per instance, with Redis unreachable from the start', async () => {
    const app = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_KEY_PREFIX: 'wt-faults:',
      RATE_LIMIT_PER_MINUTE: '3',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const response = await fetch(`${app.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        statuses.push(response.status);
      }
      // The limit still holds, counted by this instance alone.
      expect(statuses).toEqual([200, 200, 200, 429]);
      const ready = await fetch(`${app.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'degraded', database: 'up', redis: 'down' });
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      expect(metrics).toMatch(/^redis_up 0$/m);
      expect(metrics).toMatch(/^redis_fallbacks_total\{purpose="rate-limit"\} 4$/m);
    } finally {
      await app.close();
    }
  });

  withRedis(
    'survives Redis killed and started again under load, without a restart of the service',
    async () => {
      const redis = new RedisServer(await freePort());
      await redis.start();
      try {
        const { service, people } = await start({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'wt-faults:' });
        const [duringOutage, afterOutage] = await submittedRequests(people.requester.client, 2);
        const subscriber = await subscribeNotifications(service.url, people.requester.client.token ?? '');
        const load = startLoad(service.url, people.requester.client.token ?? '');
        await waitFor('load before the fault', () => load.answeredSince(0) >= 20);

        const faultAt = Date.now();
        await redis.kill();
        await waitFor(
          'the service to see Redis gone',
          async () => (await readiness(service.url)).redis === 'down',
        );
        expect(await readiness(service.url)).toEqual({ status: 'degraded', database: 'up', redis: 'down' });
        const outage = Date.now();
        await waitFor('load during the outage', () => load.answeredSince(outage) >= 20);
        // A notification published while Redis is down reaches the subscribers on this instance.
        await people.coordinator.client.ok(TRANSITION_REQUEST, { id: duringOutage, action: 'START_REVIEW' });
        await waitFor('the notification sent during the outage', () =>
          subscriber.received.includes(duringOutage),
        );

        const restartedAt = Date.now();
        await redis.start();
        const recoveredAt = await waitFor(
          'the service to reconnect to Redis',
          async () => (await readiness(service.url)).redis === 'up',
        );
        await waitFor('load after recovery', () => load.answeredSince(recoveredAt) >= 20);
        // Through Redis again: the subscription was renewed and the counters are shared once more.
        await people.coordinator.client.ok(TRANSITION_REQUEST, { id: afterOutage, action: 'START_REVIEW' });
        await waitFor('the notification sent after recovery', () =>
          subscriber.received.includes(afterOutage),
        );
        expect((await redis.keys('wt-faults:rate:*')).length).toBeGreaterThan(0);
        await subscriber.dispose();

        const outcomes = await load.stop();
        const retried = await retryRefusedWrites(service.url, people.requester.client.token ?? '', outcomes);
        const report = await faultReport({
          fault: 'Redis killed, started again',
          outcomes,
          faultAt,
          recoveredAt,
          recoveryMs: recoveredAt - restartedAt,
          service,
          retried,
        });
        reports.push(report);
        expect(service.child.exitCode).toBeNull();
        expect(subscriber.received).toEqual([duringOutage, afterOutage]);
        expect(report).toMatchObject({
          failedBeforeFault: 0,
          failedAfterRecovery: 0,
          acknowledgedLost: 0,
          duplicates: 0,
        });
        expect(report.failedDuringFault).toBeLessThanOrEqual(1); // at most the one in flight
        expect(retried.every((r) => r.ok)).toBe(true);
        expect(logLines(service, /Redis at .* is unreachable/)).toHaveLength(1);
        expect(logLines(service, /Redis at .* is reachable again/)).toHaveLength(1);
      } finally {
        await redis.close();
      }
    },
    90_000,
  );

  (onEmbedded ? it : it.skip)(
    'restarts the embedded PostgreSQL killed under load, losing no acknowledged write',
    async () => {
      const { service, people } = await start({}, 'embedded');
      const dataDirectory = await service.sql(
        async (db) =>
          (
            await db.query<{ setting: string }>(
              "SELECT setting FROM pg_settings WHERE name = 'data_directory'",
            )
          ).rows[0]?.setting ?? '',
      );
      const postmaster = Number(
        readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0],
      );
      const load = startLoad(service.url, people.requester.client.token ?? '');
      await waitFor('load before the fault', () => load.answeredSince(0) >= 20);

      const faultAt = Date.now();
      process.kill(postmaster, 'SIGKILL');
      const recoveredAt = await waitFor(
        'a request served after the kill',
        () => firstSuccessAfter(load.outcomes, faultAt) !== undefined,
        15_000,
      );
      await waitFor('load after recovery', () => load.answeredSince(recoveredAt) >= 30);
      const outcomes = await load.stop();
      const servedAgain = firstSuccessAfter(outcomes, faultAt) ?? recoveredAt;
      const retried = await retryRefusedWrites(service.url, people.requester.client.token ?? '', outcomes);
      const report = await faultReport({
        fault: 'embedded postmaster SIGKILL',
        outcomes,
        faultAt,
        recoveredAt: servedAgain,
        recoveryMs: servedAgain - faultAt,
        service,
        retried,
      });
      reports.push(report);

      expect(service.child.exitCode).toBeNull();
      expect(report.recoveryMs).toBeLessThan(10_000);
      expect(report).toMatchObject({
        failedBeforeFault: 0,
        failedAfterRecovery: 0,
        acknowledgedLost: 0,
        duplicates: 0,
      });
      expect(retried.every((r) => r.ok)).toBe(true);
      // Refused cleanly: a retryable 503 with the contract's code, never an internal error.
      const refused = outcomes.filter((o) => !o.ok);
      expect(refused.map((o) => `${o.status} ${o.code} ${o.retryAfter}`)).toEqual(
        refused.map(() => '503 SERVICE_UNAVAILABLE 1'),
      );
      expect(logLines(service, /restarting the embedded PostgreSQL: attempt 1 of/)).toHaveLength(1);
      expect(logLines(service, /the embedded PostgreSQL is running again/)).toHaveLength(1);
      expect(logLines(service, /unexpected error|INTERNAL_SERVER_ERROR/)).toEqual([]);
      expect((await readiness(service.url)).database).toBe('up');
    },
    90_000,
  );

  it('reconnects at once when the PostgreSQL backends of the service are terminated under load', async () => {
    const { service, people } = await start();
    const load = startLoad(service.url, people.requester.client.token ?? '');
    await waitFor('load before the fault', () => load.answeredSince(0) >= 20);

    // The fault starts when the statement that terminates the backends is sent, not when the
    // connection that sends it opens, and lasts until the last of them has exited:
    // pg_terminate_backend only signals, so a request can still reach a backend that is dying.
    let faultAt = Date.now();
    const terminated = await service.sql(async (db) => {
      faultAt = Date.now();
      const { rows } = await db.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity, pg_terminate_backend(pid) AS done
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      return rows.map((row) => row.pid);
    });
    const exitedAt = await waitFor('the terminated backends to exit', () =>
      service.sql(async (db) => {
        const { rows } = await db.query<{ count: number }>(
          'SELECT count(*)::int AS count FROM pg_stat_activity WHERE pid = ANY($1)',
          [terminated],
        );
        return rows[0]?.count === 0;
      }),
    );
    const recoveredAt = await waitFor(
      'a request served after the cut',
      () => firstSuccessAfter(load.outcomes, exitedAt) !== undefined,
    );
    await waitFor('load after recovery', () => load.answeredSince(recoveredAt) >= 30);
    const outcomes = await load.stop();
    const servedAgain = firstSuccessAfter(outcomes, exitedAt) ?? recoveredAt;
    const retried = await retryRefusedWrites(service.url, people.requester.client.token ?? '', outcomes);
    const report = await faultReport({
      fault: `${terminated.length} PostgreSQL backends terminated`,
      outcomes,
      faultAt,
      recoveredAt: servedAgain,
      recoveryMs: servedAgain - faultAt,
      service,
      retried,
    });
    reports.push(report);

    expect(terminated.length).toBeGreaterThan(0);
    expect(report.recoveryMs).toBeLessThan(2_000);
    expect(report).toMatchObject({
      failedBeforeFault: 0,
      failedAfterRecovery: 0,
      acknowledgedLost: 0,
      duplicates: 0,
    });
    expect(retried.every((r) => r.ok)).toBe(true);
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused.map((o) => `${o.status} ${o.code}`)).toEqual(refused.map(() => '503 SERVICE_UNAVAILABLE'));
    expect(logLines(service, /unexpected error|INTERNAL_SERVER_ERROR/)).toEqual([]);
  }, 90_000);
});
