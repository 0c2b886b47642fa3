import { sql } from 'kysely';
import { DataSource, QueryFailedError } from 'typeorm';
import { testTarget } from '../../test/support/database.js';
import { dataSourceOptions } from './data-source.js';
import { compiledOnce, compileOnly, namedSql, prepared, preparedName, readLayer, Slot } from './kysely.js';

describe('the read layer (Kysely over the application pool)', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource({
      ...dataSourceOptions(testTarget(), []),
      migrations: [],
    }).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('reads through the one pool: no second pool, connections come back', async () => {
    const db = readLayer<object>(dataSource);
    const pool = (dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } })
      .master;
    const rows = await Promise.all(
      Array.from({ length: 5 }, (_, i) => sql<{ n: number }>`SELECT ${i}::int AS n`.execute(db)),
    );
    expect(rows.map((result) => result.rows[0]?.n)).toEqual([0, 1, 2, 3, 4]);
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('runs a registered text as a named prepared statement, under one name', async () => {
    const db = readLayer<object>(dataSource);
    const query = sql<{
      name: string;
    }>`SELECT name FROM pg_prepared_statements WHERE statement = ${'x'} OR TRUE`;
    const [row] = await prepared(db, { compile: () => query.compile(db) });
    const name = preparedName(query.compile(db).sql);
    expect(name).toMatch(/^k_[0-9a-f]{32}$/);
    // The statement sees itself among the connection's prepared statements.
    expect(row).toBeDefined();
    const again = await prepared(db, { compile: () => query.compile(db) });
    expect(again.map((r) => r.name)).toContain(name);
  });

  it("fails as TypeORM's statements do, with the driver's error inside", async () => {
    const db = readLayer<object>(dataSource);
    const failure = await sql`SELECT * FROM no_such_table`.execute(db).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('42P01');
  });

  it("leaves plan_cache_mode at PostgreSQL's default, so unnamed statements are planned for their values", async () => {
    const db = readLayer<object>(dataSource);
    const { rows } = await sql<{ plan_cache_mode: string }>`SHOW plan_cache_mode`.execute(db);
    expect(rows[0]?.plan_cache_mode).toBe('auto');
  });

  it('compiles a statement once per key and binds each call its own values', () => {
    const db = compileOnly<object>();
    let builds = 0;
    const build = () => {
      builds += 1;
      return db
        .selectNoFrom(sql<number>`1`.as('one'))
        .where(sql<boolean>`a = ${new Slot('a')} AND b = ANY(${new Slot('b')}) AND c = ${'fixed'}`);
    };
    const first = compiledOnce('spec:ab', build, { a: 1, b: [2] });
    const second = compiledOnce('spec:ab', build, { a: 3, b: [4, 5] });
    expect(second.sql).toBe(first.sql);
    expect(first.parameters).toEqual([1, [2], 'fixed']);
    expect(second.parameters).toEqual([3, [4, 5], 'fixed']);
    expect(builds).toBe(1);
    expect(() => compiledOnce('spec:ab', build, { a: 1 })).toThrow(/no value for slot b/);
    // A template meant for many callers may hold slots only: a value would be the first caller's.
    expect(() => compiledOnce('spec:only-slots', build, { a: 1, b: [2] }, { onlySlots: true })).toThrow(
      /not a slot/,
    );
  });

  it('renders a condition with :named parameters as the same text with bound values', () => {
    const db = compileOnly<object>();
    const condition = namedSql<boolean>(
      '(a.level = ANY(:levels::text[]) OR a.owner = :owner OR b.owner = :owner)',
      {
        levels: ['PUBLIC'],
        owner: 'x',
      },
    );
    const compiled = sql`SELECT 1 WHERE ${condition}`.compile(db);
    expect(compiled.sql).toBe('SELECT 1 WHERE (a.level = ANY($1::text[]) OR a.owner = $2 OR b.owner = $3)');
    expect(compiled.parameters).toEqual([['PUBLIC'], 'x', 'x']);
    expect(() => namedSql('a = :missing', {})).toThrow(/no value for :missing/);
  });

  it('bounds named texts per purpose: ranking texts cannot take the room of pages', async () => {
    const db = readLayer<object>(dataSource);
    const text = (n: number) => ({
      compile: () => sql<{ n: number }>`SELECT ${sql.lit(n)}::int AS n`.compile(db),
    });
    for (let n = 1000; n < 1105; n += 1) await prepared(db, text(n), 'ranking');
    expect(preparedName(text(1099).compile().sql)).toBeDefined();
    expect(preparedName(text(1104).compile().sql)).toBeUndefined();
    await prepared(db, text(2000), 'pages');
    expect(preparedName(text(2000).compile().sql)).toBeDefined();
  });

  it('survives its connection being terminated between two statements, and reads on a fresh one', async () => {
    const db = readLayer<object>(dataSource);
    await db.connection().execute(async (connection) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(connection);
      await dataSource.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      // The server's notice arrives while the client is borrowed and idle: an 'error' event.
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const { rows } = await sql<{ n: number }>`SELECT 1 AS n`.execute(db);
    expect(rows[0]?.n).toBe(1);
  });

  it('runs a read once more on a fresh connection when its pooled one was closed by the server', async () => {
    const db = readLayer<object>(dataSource);
    const pids = new Set<number>();
    await db.connection().execute(async (connection) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(connection);
      pids.add(rows[0]?.pid ?? 0);
      await dataSource.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      const again = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(connection);
      pids.add(again.rows[0]?.pid ?? 0);
    });
    expect(pids.size).toBe(2);
  });
});
