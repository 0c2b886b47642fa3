import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from './viewer.js';

/**
 * The GraphQL context of one request. `L` names the loaders a resolver uses, each owned by its domain
 * (e.g. `GqlContext<OrganizationLoaders & HistoryLoaders>`); the composition root (src/app.loaders.ts)
 * puts every domain's loaders in each request's context and checks that they satisfy these needs.
 */
export interface GqlContext<L = object> {
  req: FastifyRequest & { viewer?: Viewer };
  reply: FastifyReply;
  loaders: L;
}
