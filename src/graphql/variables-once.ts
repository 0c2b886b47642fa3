import { createRequire } from 'node:module';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/**
 * Variables coerced once. Mercurius checks a request's variables with graphql-js's
 * `buildExecutionContext` (coercing them), then runs the compiled query (graphql-jit), whose own
 * compiled coercion checks and coerces them again and answers the same request error when they are
 * wrong. For a document and operation Mercurius has compiled, the first check is skipped: the
 * compiled query's is the one that counts. Every other request (not compiled yet, or executed by
 * graphql-js, which coerces in `execute`) is checked as before.
 */
export const variableChecks = { skipped: 0, run: 0 };

type CompileQuery = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string,
  ...rest: unknown[]
) => unknown;
interface JitExports {
  compileQuery: CompileQuery;
  isCompiledQuery(query: unknown): boolean;
}
type BuildExecutionContext = (args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
}) => unknown;

/**
 * Loads Mercurius with a `compileQuery` that records what it compiled and a `buildExecutionContext`
 * that skips what the compiled query will check, then puts both modules' exports back: Mercurius keeps
 * the functions it found when it loaded, and nothing else changes. Must run before anything else
 * loads Mercurius (bootstrap.ts imports this module at the start); if it is too late, it does nothing.
 */
export function loadMercuriusWithVariablesCoercedOnce(): void {
  const require = createRequire(createRequire(import.meta.url).resolve('mercurius'));
  // Loaded already (not merely registered by the ES module loader, which lists the CommonJS modules
  // it reads the exports of before they run): too late to change what Mercurius holds.
  if (require.cache[require.resolve('mercurius')]?.loaded) return;
  const executePath = require.resolve('graphql/execution/execute');
  const jitPath = require.resolve('graphql-jit');
  require(executePath);
  require(jitPath);
  const executeModule = require.cache[executePath];
  const jitModule = require.cache[jitPath];
  if (!executeModule || !jitModule) return;
  const execute = executeModule.exports as { buildExecutionContext: BuildExecutionContext };
  const jit = jitModule.exports as JitExports;

  // Per document (Mercurius keeps one per query text), the operations compiled, for their schema.
  const compiled = new WeakMap<DocumentNode, Map<string, GraphQLSchema>>();
  const compileQuery: CompileQuery = (schema, document, operationName, ...rest) => {
    const query = jit.compileQuery(schema, document, operationName, ...rest);
    if (jit.isCompiledQuery(query)) {
      let operations = compiled.get(document);
      if (!operations) compiled.set(document, (operations = new Map()));
      operations.set(operationName ?? '', schema);
    }
    return query;
  };
  const buildExecutionContext: BuildExecutionContext = (args) => {
    if (compiled.get(args.document)?.get(args.operationName ?? '') === args.schema) {
      variableChecks.skipped += 1;
      // Mercurius reads only whether the result is a list of errors.
      return {};
    }
    variableChecks.run += 1;
    return execute.buildExecutionContext(args);
  };

  executeModule.exports = { ...execute, buildExecutionContext };
  jitModule.exports = { ...jit, compileQuery };
  try {
    require('mercurius');
  } finally {
    executeModule.exports = execute;
    jitModule.exports = jit;
  }
}

loadMercuriusWithVariablesCoercedOnce();
