import { type DocumentNode, getOperationAST, parse } from 'graphql';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { byQuality } from '../common/quality-list.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** Which media type the client asked for; application/json unless graphql-response+json is preferred. */
export function preferredMediaType(accept: string | undefined): 'json' | 'graphql-response' {
  for (const type of byQuality(accept)) {
    if (type === GRAPHQL_RESPONSE) return 'graphql-response';
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'json';
  }
  return 'json';
}

/** Requests whose 4xx status stands even in application/json (the request itself was wrong). */
const keptStatus = new WeakSet<FastifyRequest>();

/** Keeps this request's 4xx status: it is not turned into 200 for application/json clients. */
export function keepStatus(request: FastifyRequest): void {
  keptStatus.add(request);
}

/** The media type of a Content-Type header, without its parameters, in lower case. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * Closes the GraphQL-over-HTTP gaps of the GraphQL server: accepts `"extensions": null`, answers in
 * application/graphql-response+json when the client prefers it (with 4xx for request errors), and
 * leaves out `data` when the request failed before execution.
 */
export function registerHttpConformance(app: FastifyInstance, path = '/graphql'): void {
  // Only JSON bodies execute: a form, multipart or plain-text POST is what a hostile web page can
  // send cross-site without a preflight, so it is refused before its body is even read.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== path) return;
    if (mediaType(request.headers['content-type']) === 'application/json') return;
    return reply.code(415).send({
      errors: [
        {
          message: 'POST /graphql takes a JSON body: send it with Content-Type: application/json',
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
  });

  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url !== path) return;
    const body = request.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const key of ['extensions', 'variables', 'operationName'] as const) {
        if (key in body && body[key] === null) delete body[key];
      }
    }
    const params = (request.method === 'GET' ? request.query : body) as Record<string, unknown> | undefined;
    const problem =
      params && typeof params === 'object' && !Array.isArray(params)
        ? requestProblem(params, request.method)
        : null;
    if (problem) {
      return reply.code(400).send({ errors: [{ message: problem, extensions: { code: 'BAD_USER_INPUT' } }] });
    }
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (request.routeOptions.url !== path || typeof payload !== 'string') return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload;
    const graphqlResponse = preferredMediaType(request.headers.accept) === 'graphql-response';
    if (graphqlResponse) reply.header('content-type', `${GRAPHQL_RESPONSE}; charset=utf-8`);
    // Only failed requests need their body looked at; successful ones pass through untouched.
    if (reply.statusCode < 400) return payload;
    let body: { data?: unknown; errors?: unknown[] };
    try {
      body = JSON.parse(payload) as typeof body;
    } catch {
      return payload;
    }
    if (!Array.isArray(body.errors) || body.errors.length === 0) return payload;
    // application/json: a well-formed request gets 200 even when its document is invalid.
    if (
      !graphqlResponse &&
      reply.statusCode === 400 &&
      isExecutableRequest(request) &&
      !keptStatus.has(request)
    )
      reply.code(200);
    if (!('data' in body) || body.data !== null) return payload;
    delete body.data;
    return JSON.stringify(body);
  });
}

/** A request that carried a GraphQL document as a string (the failure was in the document, not the request). */
function isExecutableRequest(request: FastifyRequest): boolean {
  const source =
    request.method === 'GET'
      ? (request.query as Record<string, unknown> | undefined)
      : (request.body as Record<string, unknown> | undefined);
  return Boolean(source && typeof source === 'object' && typeof source.query === 'string');
}

/**
 * What is wrong with the parameters of a GraphQL request, before the GraphQL server sees them. The
 * server would read a query that is valid JSON (never a GraphQL document) as a pre-parsed AST.
 */
function requestProblem(params: Record<string, unknown>, method: string): string | null {
  const { query, operationName } = params;
  if (query !== undefined) {
    if (typeof query !== 'string') return 'query: must be a string holding a GraphQL document';
    if (looksLikeJson(query)) return 'query: must be a GraphQL document';
  }
  if (operationName !== undefined && typeof operationName !== 'string')
    return 'operationName: must be a string';
  // The server's own GET check (no mutation over GET) fails on a document whose operation cannot be
  // chosen; GET documents are therefore checked here (POSTs are left to the executor).
  if (method === 'GET' && typeof query === 'string') return operationProblem(query, operationName);
  return null;
}

/** Why no operation of the document can run under this operationName, or null. */
function operationProblem(query: string, operationName: unknown): string | null {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return null; // the server reports syntax errors itself
  }
  if (getOperationAST(document, typeof operationName === 'string' ? operationName : undefined)) return null;
  return typeof operationName === 'string'
    ? 'operationName: names no operation of the document'
    : 'operationName: required when the document holds several operations';
}

/**
 * Whether the text is a JSON value rather than a document. Only texts that could start a JSON value
 * and no document are parsed: a document opening with `{` goes on with a field name, never `"` or
 * `}`; every other document opens with a keyword, a comment or whitespace before those. (Parsing every
 * document threw, and built an exception, on each request.)
 */
export function looksLikeJson(text: string): boolean {
  // Only the whitespace JSON allows around a value (String.prototype.trim also drops NBSP, BOM, …).
  const trimmed = text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
  const first = trimmed[0];
  const couldBeJson =
    first === '{'
      ? /^\{\s*["}]/.test(trimmed)
      : first === '[' ||
        first === '"' ||
        first === '-' ||
        (first !== undefined && first >= '0' && first <= '9') ||
        trimmed === 'true' ||
        trimmed === 'false' ||
        trimmed === 'null';
  if (!couldBeJson) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}
