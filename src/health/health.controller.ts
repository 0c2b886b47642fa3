import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { RedisConnections } from '../redis/redis-connections.js';

/**
 * Liveness (the process answers) and readiness (the database answers). Redis is reported but never
 * fails readiness: without it the service still serves, per instance ("degraded").
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisConnections,
  ) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const state = this.redis.state();
    const redis = state === 'not configured' ? {} : { redis: state };
    try {
      await this.dataSource.query('SELECT 1');
      return { status: state === 'down' ? 'degraded' : 'ok', database: 'up', ...redis };
    } catch {
      reply.code(503);
      reply.header('retry-after', '1');
      return { status: 'unavailable', database: 'down', ...redis };
    }
  }
}
