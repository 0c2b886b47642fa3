/**
 * What live subscribers cost: `npm run bench:subscribers`. Starts the built service as a child process
 * (embedded PostgreSQL in a temporary DATA_DIR, or BENCH_DATABASE_URL), signs in BENCH_USERS users of
 * one requesting organization (default 20) and opens BENCH_SUBSCRIBERS graphql-ws clients (default
 * 2000) subscribed to `notificationAdded`, spread over those users. Then a coordinator comments on the
 * organization's request, which notifies every one of its users: the delivery latency is measured
 * from the mutation's start to each socket's receipt. Beside it, in the same run, a bare `ws` server
 * (a child process too) holds the same number of sockets and broadcasts one message of the same size.
 * Reports each server's RSS growth per 1,000 sockets and the delivery latency (p50, p99, max).
 * BENCH_NODE_FLAGS: the service's node flags (default those of `npm start`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { START_NODE_FLAGS } from './node-flags.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 2000);
const USERS = Number(process.env.BENCH_USERS ?? 20);
const PASSWORD = 'bench-password-long-enough';
const root = path.resolve(new URL('../..', import.meta.url).pathname);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

async function graphql<T>(url: string, query: string, variables: object, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`${query.slice(0, 60)}… failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const login = async (url: string, email: string, password = PASSWORD) =>
  (
    await graphql<{ login: { accessToken: string } }>(
      url,
      'mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken } }',
      { e: email, p: password },
    )
  ).login.accessToken;

async function startService(): Promise<{ child: ChildProcess; url: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cia-bench-subs-'));
  const port = await freePort();
  // The flags of `npm start` unless BENCH_NODE_FLAGS says otherwise.
  const flags =
    process.env.BENCH_NODE_FLAGS === undefined
      ? START_NODE_FLAGS
      : process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, 'dist/src/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      SMTP_URL: pathToFileURL(path.join(dataDir, 'outbox')).href,
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
      JWT_SECRET: 'bench-signing-key-of-at-least-32-bytes!',
      ADMIN_EMAIL: 'admin@bench.example',
      ADMIN_PASSWORD: PASSWORD,
      RATE_LIMIT_PER_MINUTE: '1000000',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await until('the service', () =>
    fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    ),
  );
  return {
    child,
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A bare `ws` server: holds sockets; a POST /broadcast sends its body to every one of them. */
const BARE_SERVER = `
const http = require('node:http');
const { WebSocketServer } = require(${JSON.stringify(path.join(root, 'node_modules/ws'))});
const server = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    for (const socket of wss.clients) socket.send(body);
    response.end('sent');
  });
});
const wss = new WebSocketServer({ server });
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send('ready'));
`;

async function startBare(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_SERVER], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => child.once('message', resolve));
  return { child, port };
}

async function main(): Promise<void> {
  const service = await startService();
  const bare = await startBare();
  const clients: Client[] = [];
  const sockets: WebSocket[] = [];
  try {
    // One requesting organization with USERS users, a coordinator, and a request under review.
    const admin = await login(service.url, 'admin@bench.example');
    const { createOrganization: org } = await graphql<{ createOrganization: { id: string } }>(
      service.url,
      'mutation { createOrganization(input: { name: "Bench State", kind: MEMBER_STATE, memberStateCode: "KEN" }) { id } }',
      {},
      admin,
    );
    const user = (email: string, roles: string[], organizationId: string | null) =>
      graphql(
        service.url,
        'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
        { input: { email, displayName: email, password: PASSWORD, roles, organizationId } },
        admin,
      );
    await user('coordinator@bench.example', ['COORDINATOR'], null);
    const tokens: string[] = [];
    for (let i = 0; i < USERS; i += 1) {
      await user(`focal-${i}@bench.example`, ['REQUESTER'], org.id);
      tokens.push(await login(service.url, `focal-${i}@bench.example`));
    }
    const coordinator = await login(service.url, 'coordinator@bench.example');
    const { createRequest } = await graphql<{ createRequest: { id: string } }>(
      service.url,
      `
        mutation {
          createRequest(
            input: {
              title: "Grid substations"
              description: "Assessment and training."
              sectors: [ENERGY]
              assistanceTypes: [CAPACITY_DEVELOPMENT]
            }
          ) {
            id
          }
        }
      `,
      {},
      tokens[0],
    );
    await graphql(
      service.url,
      'mutation($id: ID!) { transitionRequest(id: $id, action: SUBMIT) { id } }',
      { id: createRequest.id },
      tokens[0],
    );

    // The service: SUBSCRIBERS graphql-ws clients across the users.
    await sleep(1000);
    const serviceBefore = rssMb(service.child.pid);
    const received: number[] = [];
    let sentAt = 0;
    const wsUrl = `${service.url.replace('http', 'ws')}/graphql`;
    let connected = 0;
    for (let i = 0; i < SUBSCRIBERS; i += 1) {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${tokens[i % USERS]}` },
        on: { connected: () => (connected += 1) },
      });
      clients.push(client);
      client.subscribe(
        { query: 'subscription { notificationAdded { id kind message subjectId createdAt } }' },
        {
          next: () => received.push(performance.now() - sentAt),
          error: (error) => console.error('subscription error', error),
          complete: () => undefined,
        },
      );
      if (i % 200 === 199) await until('connections', () => connected > i - 50);
    }
    await until('every connection', () => connected === SUBSCRIBERS);
    await sleep(2000); // every subscribe message handled
    const serviceAfter = rssMb(service.child.pid);
    sentAt = performance.now();
    await graphql(
      service.url,
      'mutation($id: ID!) { addComment(subjectId: $id, body: "Site visit scheduled.") { id } }',
      { id: createRequest.id },
      coordinator,
    );
    await until('every delivery', () => received.length >= SUBSCRIBERS, 60_000);

    // The bare server: the same number of sockets, one broadcast of a message of the same size.
    const bareBefore = rssMb(bare.child.pid);
    const bareReceived: number[] = [];
    let bareOpen = 0;
    for (let i = 0; i < SUBSCRIBERS; i += 1) {
      const socket = new WebSocket(`ws://127.0.0.1:${bare.port}`);
      socket.on('open', () => (bareOpen += 1));
      socket.on('message', () => bareReceived.push(performance.now() - sentAt));
      sockets.push(socket);
      if (i % 200 === 199) await until('connections', () => bareOpen > i - 50);
    }
    await until('every bare connection', () => bareOpen === SUBSCRIBERS);
    await sleep(2000);
    const bareAfter = rssMb(bare.child.pid);
    const message = JSON.stringify({
      id: crypto.randomUUID(),
      type: 'next',
      payload: {
        data: {
          notificationAdded: {
            id: crypto.randomUUID(),
            kind: 'COMMENT_ADDED',
            message: 'A comment on REQ-2026-7KQ9XM',
            subjectId: createRequest.id,
            createdAt: new Date().toISOString(),
          },
        },
      },
    });
    sentAt = performance.now();
    await fetch(`http://127.0.0.1:${bare.port}/broadcast`, { method: 'POST', body: message });
    await until('every bare delivery', () => bareReceived.length >= SUBSCRIBERS, 60_000);

    const perThousand = (before: number, after: number) =>
      (((after - before) / SUBSCRIBERS) * 1000).toFixed(1);
    const service95 = percentiles(received);
    const bare95 = percentiles(bareReceived);
    const ms = (value: number) => value.toFixed(0);
    console.log(
      [
        `subscribers: ${SUBSCRIBERS} sockets across ${USERS} users`,
        '| server | RSS before MB | RSS with sockets MB | MB per 1,000 sockets | delivery p50 ms | p99 ms | max ms |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        `| service (graphql-ws, notificationAdded) | ${serviceBefore.toFixed(0)} | ${serviceAfter.toFixed(0)} | ${perThousand(serviceBefore, serviceAfter)} | ${ms(service95.p50)} | ${ms(service95.p99)} | ${ms(service95.max)} |`,
        `| bare ws broadcast | ${bareBefore.toFixed(0)} | ${bareAfter.toFixed(0)} | ${perThousand(bareBefore, bareAfter)} | ${ms(bare95.p50)} | ${ms(bare95.p99)} | ${ms(bare95.max)} |`,
        `p99 ratio (service / bare): ${(service95.p99 / bare95.p99).toFixed(1)}`,
      ].join('\n'),
    );
  } finally {
    for (const client of clients) void client.dispose();
    for (const socket of sockets) socket.terminate();
    bare.child.kill();
    await service.stop();
  }
}

await main();
