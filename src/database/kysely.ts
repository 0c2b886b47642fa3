import { createHash } from 'node:crypto';
import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  sql,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
  type Compilable,
} from 'kysely';
import type pg from 'pg';
import { type DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { isDatabaseUnavailable } from './unavailable.js';

/**
 * The read layer's SQL builder: Kysely over the application's one connection pool, which it borrows
 * through the TypeORM driver's public `obtainMasterConnection()` (no second pool, no private API).
 * TypeORM keeps entities, writes, transactions and migrations; per-domain repositories
 * (`requests/request.repository.ts` …) build the hot reads here as typed SQL. Statements go through
 * TypeORM's logger (queries, errors, slow queries, as its `logging` and `maxQueryExecutionTime`
 * options say), and a failing statement throws TypeORM's `QueryFailedError`, so errors are mapped
 * exactly as for the ORM's own statements.
 *
 * `DB` is the tables a caller reads: each domain declares its own (`RequestTables` …) and a repository
 * asks for the union it needs, so this layer knows no domain.
 */
export function readLayer<DB>(dataSource: DataSource): Kysely<DB> {
  // One Kysely per data source (loaders are made per GraphQL request); `DB` only types the builder.
  let db = layers.get(dataSource);
  if (!db) {
    db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: borrowedPool(dataSource) }) });
    layers.set(dataSource, db);
  }
  return db as Kysely<DB>;
}

const layers = new WeakMap<DataSource, Kysely<unknown>>();

/**
 * A Kysely that compiles PostgreSQL and runs nothing: for SQL snapshots of a repository's queries
 * (`npm run sql:snapshots`), which need no database.
 */
export function compileOnly<DB>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/** `:name` (not `::type`): a named parameter of a condition written for TypeORM. */
const NAMED_PARAMETER = /(?<!:):([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * A condition written as SQL text with `:named` parameters (the form TypeORM's builders take) as a
 * Kysely fragment with the same text and each parameter bound as `$n`: so a rule written once (the
 * access policy) serves both builders. The text must be SQL the caller wrote, never input; a name
 * without a value is refused.
 */
export function namedSql<T>(text: string, parameters: Readonly<Record<string, unknown>>): RawBuilder<T> {
  const parts: RawBuilder<unknown>[] = [];
  let last = 0;
  for (const match of text.matchAll(NAMED_PARAMETER)) {
    const name = match[1] as string;
    if (!Object.hasOwn(parameters, name)) throw new Error(`no value for :${name} in ${text}`);
    parts.push(sql.raw(text.slice(last, match.index)), sql.val(parameters[name]));
    last = match.index + match[0].length;
  }
  parts.push(sql.raw(text.slice(last)));
  return sql<T>`${sql.join(parts, sql.raw(''))}`;
}

/**
 * Texts registered by `prepared` run as named prepared statements: each connection parses and plans
 * them once (PostgreSQL's default `plan_cache_mode` then decides between a generic and a custom plan
 * on its own). The server keeps each until its connection closes, so each purpose names at most 100
 * texts and later ones run unnamed; a bound per purpose keeps the ranking statements, whose texts vary
 * with the shape of a request and the batch, from taking the room of the pages and loaders.
 */
export type Purpose = 'lookups' | 'pages' | 'ranking';
const MAX_PREPARED_PER_PURPOSE = 100;
const preparedNames = new Map<string, string>();
const namedPerPurpose: Record<Purpose, number> = { lookups: 0, pages: 0, ranking: 0 };

/** Runs `query` as a named prepared statement: for texts sent on every request (loaders, pages, ranking). */
export async function prepared<DB, R>(
  db: Kysely<DB>,
  query: Compilable<R> | CompiledQuery<R>,
  purpose: Purpose = 'lookups',
): Promise<R[]> {
  const compiled = 'compile' in query ? query.compile() : query;
  if (!preparedNames.has(compiled.sql) && namedPerPurpose[purpose] < MAX_PREPARED_PER_PURPOSE) {
    namedPerPurpose[purpose] += 1;
    preparedNames.set(
      compiled.sql,
      `k_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 32)}`,
    );
  }
  return (await db.executeQuery(compiled as CompiledQuery<R>)).rows;
}

/** A value bound per call into a statement compiled once (`compiledOnce`). */
export class Slot {
  constructor(readonly name: string) {}
}

/** Templates kept per purpose, like named statements: ranking shapes cannot crowd out list pages. */
const MAX_COMPILED_TEMPLATES = 500;
const templates = new Map<string, CompiledQuery<unknown>>();
const templatesPerPurpose: Record<Purpose, number> = { lookups: 0, pages: 0, ranking: 0 };

/**
 * The statement `build()` compiles to, compiled once per `key` with `Slot`s where its values go, and
 * bound to `values` (by slot name) on each call: for statements whose builder costs more than
 * their execution (the suggestions' ranking, a long scoring expression in many fragments). `key` must
 * determine the text: equal keys, equal texts. At most 500 keys are kept per purpose (as for named
 * statements); later ones compile each time.
 */
export function compiledOnce<R>(
  key: string,
  build: () => Compilable<R>,
  values: Readonly<Record<string, unknown>>,
  options: { onlySlots?: boolean; purpose?: Purpose } = {},
): CompiledQuery<R> {
  let template = templates.get(key) as CompiledQuery<R> | undefined;
  if (!template) {
    template = build().compile();
    // A template kept for many callers must not hold one caller's values: with `onlySlots`, every
    // parameter must be a slot, or the statement is refused before it runs.
    if (options.onlySlots && !template.parameters.every((parameter) => parameter instanceof Slot)) {
      throw new Error(`compiledOnce(${key.slice(0, 60)}…): a parameter is not a slot`);
    }
    const purpose = options.purpose ?? 'lookups';
    if (templatesPerPurpose[purpose] < MAX_COMPILED_TEMPLATES) {
      templatesPerPurpose[purpose] += 1;
      templates.set(key, template);
    }
  }
  const parameters = template.parameters.map((parameter) => {
    if (!(parameter instanceof Slot)) return parameter;
    if (!Object.hasOwn(values, parameter.name)) throw new Error(`no value for slot ${parameter.name}`);
    return values[parameter.name];
  });
  return { ...template, parameters };
}

/** The statement name of a text `prepared` registered, if any. */
export function preparedName(sql: string): string | undefined {
  return preparedNames.get(sql);
}

/** A Kysely pool whose clients are the application pool's, borrowed and returned per statement. */
function borrowedPool(dataSource: DataSource): PostgresPool {
  const driver = dataSource.driver as PostgresDriver;
  return {
    async connect(): Promise<PostgresPoolClient> {
      const [client, release] = (await driver.obtainMasterConnection()) as [
        pg.PoolClient,
        (e?: unknown) => void,
      ];
      // While borrowed, the client is ours to listen to: an error between statements (the server
      // going away) would otherwise be an unhandled 'error' event that ends the process. A client
      // that failed goes back to the pool as broken, which discards it.
      let failure: Error | undefined;
      const onError = (error: Error) => (failure ??= error);
      client.on('error', onError);
      return {
        query: (async (sql: string, parameters: readonly unknown[]) => {
          try {
            return await run(dataSource, client, sql, parameters);
          } catch (error) {
            if (!isDatabaseUnavailable(error)) throw error;
            // A pooled connection the server had already closed (a backend terminated, a restart):
            // this one goes back as broken, and the statement, a read, runs once more on a fresh one.
            failure ??= error as Error;
            return once(driver, (fresh) => run(dataSource, fresh, sql, parameters));
          }
        }) as PostgresPoolClient['query'],
        release: (destroy?: boolean) => {
          client.removeListener('error', onError);
          release(failure ?? (destroy ? new Error('connection discarded') : undefined));
        },
      };
    },
    // The pool is TypeORM's: it closes with the data source.
    end: async () => undefined,
  };
}

/** Runs `statement` on a client borrowed for it alone, listened to while borrowed. */
async function once<T>(driver: PostgresDriver, statement: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const [client, release] = (await driver.obtainMasterConnection()) as [pg.PoolClient, (e?: unknown) => void];
  let failure: Error | undefined;
  const onError = (error: Error) => (failure ??= error);
  client.on('error', onError);
  try {
    return await statement(client);
  } catch (error) {
    if (isDatabaseUnavailable(error)) failure ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    release(failure);
  }
}

async function run<R>(
  dataSource: DataSource,
  client: pg.PoolClient,
  sql: string,
  parameters: readonly unknown[],
): Promise<PostgresQueryResult<R>> {
  const { logger, options } = dataSource;
  const values = parameters as unknown[];
  logger.logQuery(sql, values);
  const started = Date.now();
  try {
    const name = preparedNames.get(sql);
    const result = await client.query(name ? { name, text: sql, values } : { text: sql, values });
    const took = Date.now() - started;
    const slow = options.maxQueryExecutionTime;
    if (slow && took > slow) logger.logQuerySlow(took, sql, values);
    return result as unknown as PostgresQueryResult<R>;
  } catch (error) {
    logger.logQueryError(error as Error, sql, values);
    throw new QueryFailedError(sql, values, error as Error);
  }
}
