import type { FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  getOperationAST,
  GraphQLError,
  Kind,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  validate,
} from 'graphql';
import { bearerToken, type ViewerOfToken } from '../viewer/access-token.js';
import type { Viewer } from '../viewer/viewer.js';
import { keepStatus } from './http-conformance.js';

type GraphqlRequest = FastifyRequest & { viewer?: Viewer; ws?: unknown };

/**
 * The viewer of an HTTP request's bearer token whose sign-in has not ended, or null. The rate limiter
 * has usually checked it already (it keys the budget by user); otherwise it is checked here.
 */
async function signedInViewer(request: GraphqlRequest, viewerOfToken: ViewerOfToken): Promise<Viewer | null> {
  return request.viewer ?? viewerOfToken(bearerToken(request.headers.authorization));
}

/**
 * Whether a document reads the schema (`__schema`, `__type`; `__typename` is not introspection),
 * by graphql-js's own rule. Parsed documents are cached by the GraphQL server, so each is checked once.
 */
const introspecting = new WeakMap<DocumentNode, boolean>();
function readsSchema(schema: GraphQLSchema, document: DocumentNode): boolean {
  let answer = introspecting.get(document);
  if (answer === undefined) {
    answer = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0;
    introspecting.set(document, answer);
  }
  return answer;
}

function operationNameOf(request: FastifyRequest): string | undefined {
  const params = (request.method === 'GET' ? request.query : request.body) as
    { operationName?: unknown } | undefined;
  return typeof params?.operationName === 'string' ? params.operationName : undefined;
}

/**
 * Checks run on every HTTP operation just before execution (after validation, which the GraphQL
 * server caches per document text, so nothing here may depend on a cached verdict):
 * - a subscription sent over HTTP answers 400 and points to the WebSocket;
 * - introspection needs a valid access token (UNAUTHENTICATED otherwise);
 * - a mutation runs on graphql-js's executor, never on the compiled (JIT) one, so root fields run
 *   one after another and none runs after one failed (returning the document marks it as
 *   "modified", which keeps the server from compiling or using a compiled form of it); so does a
 *   document of several operations, since the compiled form ignores the operationName of later
 *   requests.
 */
export function operationGuard(viewerOfToken: ViewerOfToken) {
  return async (
    schema: GraphQLSchema,
    document: DocumentNode,
    context: { reply?: { request: FastifyRequest } },
  ): Promise<{ document: DocumentNode } | undefined> => {
    const request = context.reply?.request as GraphqlRequest | undefined;
    if (!request) return undefined;
    const chosen = getOperationAST(document, operationNameOf(request));
    const operation = chosen?.operation;
    if (operation === 'subscription' && !request.ws) {
      keepStatus(request);
      throw Object.assign(
        new Error(
          'Subscriptions are served over a WebSocket on /graphql (graphql-transport-ws protocol), not over HTTP',
        ),
        { statusCode: 400 },
      );
    }
    if (readsSchema(schema, document) && !(await signedInViewer(request, viewerOfToken))) {
      throw new GraphQLError('Introspection needs a valid access token', {
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    // The compiled form is kept per document text and runs the operation it was compiled for,
    // whatever operationName a later request names: documents of several operations (or of none
    // the request names) stay on graphql-js too, which picks the operation or reports why it cannot.
    const compilable = operation !== 'mutation' && chosen && operationCount(document) === 1;
    return compilable ? undefined : { document };
  };
}

function operationCount(document: DocumentNode): number {
  let count = 0;
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION) count += 1;
  return count;
}

/** graphql-js's "Did you mean …?" endings (fields, arguments, types, enum values, inline fragments). */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** An error message without the names of the schema it would suggest. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}
