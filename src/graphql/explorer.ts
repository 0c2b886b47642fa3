import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ExampleTab } from './explorer-examples.js';

const require = createRequire(import.meta.url);

/** Where the explorer's files are served from; GET /graphql from a browser gets its page. */
export const EXPLORER_ASSETS = '/explorer';

/** The files of the page: GraphiQL and React as installed (no CDN: it works offline), and its start. */
const PACKAGED: Readonly<Record<string, { module: string; file: string; type: string }>> = {
  'graphiql.min.js': { module: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { module: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
  'react.production.min.js': {
    module: 'react',
    file: 'umd/react.production.min.js',
    type: 'text/javascript',
  },
  'react-dom.production.min.js': {
    module: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    type: 'text/javascript',
  },
};

/** The installed directory of a package (its exports hide the files the page needs from require). */
function packageDirectory(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) !== name) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`the package ${name} is not installed`);
    dir = parent;
  }
  return dir;
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>GraphQL explorer · critical-infrastructure assistance</title>
    <link rel="stylesheet" href="${EXPLORER_ASSETS}/graphiql.min.css">
    <link rel="stylesheet" href="${EXPLORER_ASSETS}/explorer.css">
  </head>
  <body>
    <div id="graphiql">Loading the explorer…</div>
    <script src="${EXPLORER_ASSETS}/react.production.min.js"></script>
    <script src="${EXPLORER_ASSETS}/react-dom.production.min.js"></script>
    <script src="${EXPLORER_ASSETS}/graphiql.min.js"></script>
    <script src="${EXPLORER_ASSETS}/explorer.js"></script>
  </body>
</html>
`;

const STYLE = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

// The page's own script: no inline code, so the page runs under a strict Content-Security-Policy.
// The headers editor starts open (a bearer token goes there) and is never saved in the browser.
const SCRIPT = `(async function () {
  const tabs = await (await fetch('${EXPLORER_ASSETS}/examples.json')).json();
  const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs,
      defaultHeaders: '{}',
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    }),
  );
})();
`;

const SECURITY_HEADERS = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    // CodeMirror positions its parts with style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Whether the request is a browser opening /graphql (HTML preferred, no GraphQL query in the URL). */
function opensExplorer(request: FastifyRequest, route: string): boolean {
  if (request.method !== 'GET' || request.routeOptions.url !== route) return false;
  const query = request.query as Record<string, unknown> | undefined;
  if (query && typeof query === 'object' && 'query' in query) return false;
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(request.headers.accept ?? '');
}

/**
 * The GraphiQL explorer for developers: GET /graphql from a browser answers its page (GraphQL over
 * GET, with a `query` parameter, still executes), served from the installed packages with the
 * examples given (README's walk-through) as saved tabs. Registered only when GRAPHIQL is on.
 */
export function registerExplorer(app: FastifyInstance, examples: ExampleTab[], route = '/graphql'): void {
  const files = new Map<string, { body: string | Buffer; type: string }>([
    ['explorer.js', { body: SCRIPT, type: 'text/javascript' }],
    ['explorer.css', { body: STYLE, type: 'text/css' }],
    ['examples.json', { body: JSON.stringify(examples), type: 'application/json' }],
  ]);
  const file = (name: string) => {
    let found = files.get(name);
    const packaged = PACKAGED[name];
    if (!found && packaged) {
      found = {
        body: readFileSync(path.join(packageDirectory(packaged.module), packaged.file)),
        type: packaged.type,
      };
      files.set(name, found);
    }
    return found;
  };

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!opensExplorer(request, route)) return;
    (request as { graphqlOperation?: string }).graphqlOperation = 'explorer';
    return reply.headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(PAGE);
  });

  app.get<{ Params: { file: string } }>(`${EXPLORER_ASSETS}/:file`, async (request, reply) => {
    const found = file(request.params.file);
    if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    return reply
      .headers({ ...SECURITY_HEADERS, 'cache-control': 'public, max-age=3600' })
      .type(`${found.type}; charset=utf-8`)
      .send(found.body);
  });
}
