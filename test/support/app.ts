import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { createApp } from '../../src/bootstrap.js';
import { createLogger } from '../../src/common/logger.js';
import { loadConfig } from '../../src/config/config.js';
import { resetDatabase, testTarget } from './database.js';

export const ADMIN = { email: 'admin@example.org', password: 'admin-password-for-tests' };

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** A fresh database and the whole service listening on a free port, as a client would see it. */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, options = { reset: true }): Promise<TestApp> {
  if (options.reset) await resetDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'test-signing-key-of-at-least-32-bytes!!',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DATA_DIR: await mkdtemp(path.join(tmpdir(), 'cia-app-')),
    // Suites drive many requests from one user and one address; the limit has a test of its own.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const app = await createApp(config, testTarget(), createLogger(config));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;
  return { app, url, close: () => app.close() };
}
