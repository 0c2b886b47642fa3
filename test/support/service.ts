/**
 * The built service as a separate process, as an operator runs it (`node dist/src/main.js`): for the
 * suites about starting and stopping it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { PgTarget } from '../../src/database/data-source.js';
import { ADMIN } from './app.js';

export const projectRoot = path.resolve(new URL('../..', import.meta.url).pathname);

/** Compiles the service into dist/ (incremental), as `npm start` does. */
export function buildService(): void {
  execFileSync(
    process.execPath,
    [path.join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: projectRoot },
  );
}

/** A `postgres://` URL for a target, the embedded test cluster's Unix socket included. */
export function databaseUrl(target: PgTarget): string {
  if ('url' in target) return target.url;
  const { user, password, port, database, host } = target;
  return `postgres://${user}:${encodeURIComponent(password)}@localhost:${port}/${database}?host=${encodeURIComponent(host)}`;
}

/** The environment of a service under test; the database is the test target unless told otherwise. */
export function serviceEnv(target: PgTarget | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    NODE_OPTIONS: '',
    LOG_LEVEL: 'warn',
    DATABASE_URL: target ? databaseUrl(target) : '',
    JWT_SECRET: 'service-test-signing-key-of-32-bytes!',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...extra,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ServiceOptions {
  cwd?: string;
  script?: string;
  /** Start it through `sh -c`, as npm scripts do. */
  underShell?: boolean;
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote on stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited(): Promise<number | null>;
}

/** Spawns the built service on a free port; does not wait for it (see `waitReady`). */
export async function spawnService(
  env: NodeJS.ProcessEnv,
  options: ServiceOptions = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const chunks: string[] = [];
  const script = options.script ?? 'dist/src/main.js';
  const spawnOptions = { cwd: options.cwd ?? projectRoot, env: { ...env, PORT: String(port) } };
  // Under a shell that waits for it (the trailing command keeps the shell from exec'ing node), as
  // `npm start` runs it: the shell is the child, the service its child.
  const child = options.underShell
    ? spawn('/bin/sh', ['-c', `"${process.execPath}" "${script}"; exit $?`], spawnOptions)
    : spawn(process.execPath, [script], spawnOptions);
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => chunks.join(''),
    exited: () => exit,
  };
}

/** Waits until `/health/ready` answers 200; fails with the service's output if it exits first. */
export async function waitReady(service: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null)
      throw new Error(`the service exited with ${service.child.exitCode}: ${service.output().slice(-3000)}`);
    try {
      if ((await fetch(`${service.url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service did not become ready: ${service.output().slice(-3000)}`);
}

export async function startService(
  env: NodeJS.ProcessEnv,
  options: ServiceOptions = {},
): Promise<ServiceProcess> {
  const service = await spawnService(env, options);
  try {
    await waitReady(service);
  } catch (error) {
    await stopService(service, 'SIGKILL');
    throw error;
  }
  return service;
}

/** Sends a signal (SIGTERM by default) and waits for the exit; returns the exit code. */
export async function stopService(
  service: ServiceProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill(signal);
  return service.exited();
}
