import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleRef } from '@nestjs/core';
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema, Kind } from 'graphql';
import { applyDirectFields, dropPropertyResolvers } from './direct-fields.js';
import { formatGraphQLError } from '../common/error-mapper.js';
import type { GqlContext } from '../viewer/gql-context.js';
import { aliasLimitRule, costLimitRule, depthLimitRule, signInLimitRule } from './limits.js';
import { operationGuard, withoutSuggestions } from './operation-guard.js';
import { describeSchema } from './schema-description.js';
import { bearerToken, type ViewerOfToken } from '../viewer/access-token.js';
import type { Viewer } from '../viewer/viewer.js';

/** A fresh set of every domain's loaders for one request (assembled at the composition root). */
export type LoadersFactory = (viewer: () => Viewer | undefined) => object;

/** Mercurius, code-first: limits, the one error mapper and a per-request context with loaders. */
export function graphqlOptions(
  createLoaders: LoadersFactory,
  viewerOfToken: ViewerOfToken,
  moduleRef: ModuleRef,
  /** A shared emitter (Redis) for subscriptions across instances; in-process when absent. */
  emitter?: unknown,
): MercuriusDriverConfig {
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: false,
    allowBatchedQueries: false,
    // Queries are compiled (graphql-jit) from their second run; lists resolve thousands of fields.
    // Mutations never are (see operationGuard): the compiled form runs root fields after a failed one.
    jit: 1,
    transformSchema: (schema: GraphQLSchema) =>
      describeSchema(dropPropertyResolvers(applyDirectFields(schema, moduleRef))),
    validationRules: [depthLimitRule(), aliasLimitRule(), costLimitRule(), signInLimitRule()],
    hooks: {
      // Label each request for the metrics by its root fields (names of the schema, so a bounded set).
      preExecution: [
        async (_schema: unknown, document: DocumentNode, context: { reply?: FastifyReply }) => {
          const request = context.reply?.request as
            (FastifyRequest & { graphqlOperation?: string }) | undefined;
          if (request) request.graphqlOperation = operationLabel(document);
        },
        operationGuard(viewerOfToken),
      ],
    },
    subscription: {
      ...(emitter ? { emitter } : {}),
      // graphql-transport-ws: the access token rides in connection_init; no valid token, no connection.
      onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
        const viewer = await viewerOfToken(bearerToken(payload?.authorization ?? payload?.Authorization));
        return viewer ? { viewer } : false;
      },
      // A subscription resolves its events' fields rarely through loaders: made on first use, so an
      // idle socket holds none.
      context: () => ({ loaders: lazy(() => createLoaders(() => undefined)) }),
    },
    context: (
      request: FastifyRequest,
      reply: FastifyReply,
    ): Omit<GqlContext, 'req'> & { req: FastifyRequest } => ({
      req: request,
      reply,
      loaders: createLoaders(() => (request as GqlContext['req']).viewer),
    }),
    errorFormatter: (execution: ExecutionResult & { errors?: readonly GraphQLError[] }, context) => {
      const request = (context as { reply?: FastifyReply } | undefined)?.reply?.request as
        (FastifyRequest & { viewer?: unknown }) | undefined;
      // One log line per request, however many fields failed the same way.
      const unexpected: { error: unknown; correlationId: string }[] = [];
      // Without a verified token (set by the rate limiter on every /graphql request), errors suggest
      // no names of the schema.
      const anonymous = !request?.viewer;
      const errors = flattenErrors(execution.errors ?? []).map((error) => {
        const formatted = formatGraphQLError(
          error,
          (original, correlationId) => unexpected.push({ error: original, correlationId }),
          () => (request ? `${request.id}` : randomUUID()),
        );
        return anonymous ? { ...formatted, message: withoutSuggestions(formatted.message) } : formatted;
      });
      if (unexpected.length > 0) {
        const [first] = unexpected;
        request?.log.error(
          { err: first?.error, correlationId: first?.correlationId, failedFields: unexpected.length },
          'unexpected error in a GraphQL operation',
        );
      }
      // Errors raised before execution (no path) fail the whole request.
      const requestError =
        errors.length > 0 && errors.every((error) => !error.path) && execution.data == null;
      // Nothing answered because the database is away: a retryable 503, logged once per outage.
      const unavailable =
        errors.some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE') &&
        Object.values(execution.data ?? {}).every((value) => value == null);
      if (unavailable) {
        context?.reply?.header('retry-after', '1');
        if (request) reportOutage(request.log);
      }
      return {
        statusCode: unavailable ? 503 : requestError ? requestStatus(execution.errors ?? []) : 200,
        response: requestError ? { data: null, errors } : { data: execution.data ?? null, errors },
      };
    },
  } as MercuriusDriverConfig;
}

type WithErrors = { errors?: unknown[]; statusCode?: unknown };

/** An object made on the first read of any of its properties (spreading the holder reads none). */
function lazy<T extends object>(make: () => T): T {
  let made: T | undefined;
  return new Proxy({} as T, { get: (_target, key) => Reflect.get((made ??= make()), key) as unknown });
}

let lastOutageLog = 0;
/** One warning per 10 s while the database is away, rather than one per refused request. */
function reportOutage(log: FastifyRequest['log']): void {
  if (Date.now() - lastOutageLog < 10_000) return;
  lastOutageLog = Date.now();
  log.warn('the database is unavailable; requests answer SERVICE_UNAVAILABLE (503) until it returns');
}

/** Validation failures arrive wrapped in one server error holding the list; unwrap them. */
function flattenErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  // A plain inner error keeps its wrapper as the original error, so its status and code survive.
  const asGraphQLError = (item: unknown, wrapper?: unknown) =>
    item instanceof GraphQLError
      ? item
      : new GraphQLError(String((item as Error).message), { originalError: (wrapper ?? item) as Error });
  return errors.flatMap((error) => {
    const wrapper = error instanceof GraphQLError ? error.originalError : error;
    const inner = (wrapper as WithErrors | undefined)?.errors;
    return Array.isArray(inner)
      ? inner.map((item) => asGraphQLError(item, wrapper))
      : [asGraphQLError(error)];
  });
}

/** The status of a request that failed before execution: the server's own (e.g. 405), else 400. */
function requestStatus(errors: readonly GraphQLError[]): number {
  const status = (errors[0]?.originalError as WithErrors | undefined)?.statusCode;
  return typeof status === 'number' && status >= 400 ? status : 400;
}

/** "requests", "createRequest+me": the root fields an operation selects, sorted. */
export function operationLabel(document: DocumentNode): string {
  const fields = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
    }
  }
  return [...fields].sort().join('+') || 'fragments';
}
