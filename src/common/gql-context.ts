import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../auth/viewer.js';
import type { Loaders } from './loaders.js';

/** The GraphQL context of one request. */
export interface GqlContext {
  req: FastifyRequest & { viewer?: Viewer };
  reply: FastifyReply;
  loaders: Loaders;
}
