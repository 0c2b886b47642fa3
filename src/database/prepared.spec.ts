import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { preparedRaw } from './prepared.js';

describe('preparedRaw', () => {
  it('prepares each text under one name, and at most 100 texts; later ones run unprepared', async () => {
    const sent: { name?: string; text: string }[] = [];
    const dataSource = {
      driver: {
        master: {
          query: async (config: { name?: string; text: string }) => (sent.push(config), { rows: [] }),
        },
      },
    } as unknown as DataSource;
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
});
