import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { preparedQuery, preparedRaw } from './prepared.js';

/** A data source whose pool records every statement it is sent and answers no rows. */
function recordingDataSource() {
  const sent: { name?: string; text: string }[] = [];
  const dataSource = {
    driver: {
      master: {
        query: async (config: { name?: string; text: string }) => (sent.push(config), { rows: [] }),
      },
    },
  } as unknown as DataSource;
  return { sent, dataSource };
}

describe('preparedRaw', () => {
  it('prepares each text under one name, and at most 100 texts; later ones run unprepared', async () => {
    const { sent, dataSource } = recordingDataSource();
    const query = (text: string) =>
      ({ getQueryAndParameters: () => [text, [1]] }) as unknown as SelectQueryBuilder<ObjectLiteral>;
    for (let i = 0; i < 105; i += 1) await preparedRaw(dataSource, query(`SELECT ${i}`));
    await preparedRaw(dataSource, query('SELECT 0'));
    await preparedRaw(dataSource, query('SELECT 104'));
    const named = sent.filter((config) => config.name);
    expect(named).toHaveLength(101);
    expect(new Set(named.map((config) => config.name)).size).toBe(100);
    expect(sent.at(-2)?.name).toBe(sent[0]?.name); // the same text, the same statement
    expect(sent.at(-1)?.name).toBeUndefined(); // past the bound
  });

  it('keeps a separate bound per purpose, so list pages cannot crowd out ranking texts or lookups', async () => {
    const { sent, dataSource } = recordingDataSource();
    for (let i = 0; i < 150; i += 1) await preparedQuery(dataSource, `SELECT ${i} AS page`, [], 'pages');
    await preparedQuery(dataSource, 'SELECT 1 AS ranking', [], 'ranking');
    expect(sent.at(-1)?.name).toBeDefined();
    // A lookup prepared by the first test keeps its name after 150 list pages.
    await preparedQuery(dataSource, 'SELECT 0', []);
    expect(sent.at(-1)?.name).toBeDefined();
  });

  it('runs a query bound to a transaction on that transaction, unprepared', async () => {
    const dataSource = {
      driver: { master: { query: async () => ({ rows: [{ from: 'pool' }] }) } },
    } as unknown as DataSource;
    const query = {
      queryRunner: {},
      getRawMany: async () => [{ from: 'transaction' }],
      getQueryAndParameters: () => ['SELECT 1', []],
    } as unknown as SelectQueryBuilder<ObjectLiteral>;
    expect(await preparedRaw(dataSource, query)).toEqual([{ from: 'transaction' }]);
  });
});
