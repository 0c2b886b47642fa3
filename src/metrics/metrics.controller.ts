import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MetricsService } from './metrics.service.js';

/** Prometheus scrape endpoint; it carries counts and timings only, never content. */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    reply.header('content-type', this.metrics.registry.contentType);
    reply.send(await this.metrics.registry.metrics());
  }
}
