import './graphql/light-event-iterator.js';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { PinoNestLogger } from './common/logger.js';
import type { AppConfig } from './config/config.js';
import type { PgTarget } from './database/data-source.js';
import { registerHttpConformance } from './graphql/http-conformance.js';
import { registerExplorer } from './graphql/explorer.js';
import { explorerExamples } from './graphql/explorer-examples.js';
import { MetricsService } from './metrics/metrics.service.js';
import { registerRateLimit } from './graphql/rate-limit.js';
import { RedisConnections } from './redis/redis-connections.js';
import { AuthService } from './auth/auth.service.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the application (not yet listening): Fastify with pino logs, request ids and the GraphQL layer. */
export async function createApp(
  config: AppConfig,
  target: PgTarget,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerHttpConformance(fastify);
  if (config.graphiql) registerExplorer(fastify, explorerExamples());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, target), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  await registerRateLimit(fastify, config, app.get(AuthService).viewerOfToken, app.get(RedisConnections));
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    const operation = (request as { graphqlOperation?: string }).graphqlOperation ?? 'refused';
    metrics.graphqlRequests.inc({ operation, status: String(reply.statusCode) });
    metrics.graphqlDuration.observe({ operation }, reply.elapsedTime / 1000);
  });
  return app;
}
