import { DataSource } from 'typeorm';
import { testTarget } from '../../test/support/database.js';
import { dataSourceOptions } from '../database/data-source.js';
import { randomReference, withFreshReferences, withUniqueReferences } from './references.js';

/** Draws the given base32 digits in turn (indices into 0123456789ABCDEFGHJKMNPQRSTVWXYZ). */
const drawing = (digits: number[]) => {
  let next = 0;
  return () => digits[next++ % digits.length] as number;
};

describe('references', () => {
  it('are the prefix, the year and six Crockford base32 characters', () => {
    const year = new Date().getUTCFullYear();
    expect(randomReference('REQ', drawing([7, 19, 23, 9, 30, 20]))).toBe(`REQ-${year}-7KQ9YM`);
    for (let i = 0; i < 200; i += 1)
      expect(randomReference('OFF')).toMatch(/^OFF-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/);
  });

  describe('on the database', () => {
    let dataSource: DataSource;
    beforeAll(async () => {
      dataSource = await new DataSource({
        ...dataSourceOptions(testTarget(), []),
        migrations: [],
      }).initialize();
    });
    afterAll(() => dataSource.destroy());

    it('retries a reference the unique index refuses, keeping the rest of the transaction', async () => {
      const year = new Date().getUTCFullYear();
      const taken = `REQ-${year}-000000`;
      const drawn: string[] = [];
      const made = await dataSource.transaction(async (manager) => {
        await manager.query(
          `CREATE TEMPORARY TABLE probe (reference text CONSTRAINT probe_reference UNIQUE) ON COMMIT DROP`,
        );
        await manager.query(`INSERT INTO probe VALUES ($1)`, [taken]);
        // Twice the taken code, then a free one.
        const draw = drawing([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
        const reference = await withUniqueReferences(
          manager,
          { prefix: 'REQ', constraint: 'probe_reference', draw },
          async ([candidate]) => {
            drawn.push(candidate as string);
            await manager.query(`INSERT INTO probe VALUES ($1)`, [candidate]);
            return candidate;
          },
        );
        const rows: { reference: string }[] = await manager.query(`SELECT reference FROM probe ORDER BY 1`);
        return { reference, rows: rows.map((row) => row.reference) };
      });
      expect(drawn).toEqual([taken, taken, `REQ-${year}-111111`]);
      expect(made).toEqual({ reference: `REQ-${year}-111111`, rows: [taken, `REQ-${year}-111111`] });
    });

    it('retries a statement of its own with new references while the unique index refuses them', async () => {
      const year = new Date().getUTCFullYear();
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.query(`CREATE TEMPORARY TABLE fresh (reference text CONSTRAINT fresh_reference UNIQUE)`);
        await runner.query(`INSERT INTO fresh VALUES ($1)`, [`OFF-${year}-000000`]);
        const draw = drawing([0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2]);
        const reference = await withFreshReferences(
          { prefix: 'OFF', constraint: 'fresh_reference', draw },
          async ([candidate]) => {
            await runner.query(`INSERT INTO fresh VALUES ($1)`, [candidate]);
            return candidate;
          },
        );
        expect(reference).toBe(`OFF-${year}-222222`);
        const rows: { reference: string }[] = await runner.query(`SELECT reference FROM fresh ORDER BY 1`);
        expect(rows.map((row) => row.reference)).toEqual([`OFF-${year}-000000`, `OFF-${year}-222222`]);
      } finally {
        await runner.query('DROP TABLE IF EXISTS fresh');
        await runner.release();
      }
    });

    it('gives up after a few collisions rather than looping for ever', async () => {
      await expect(
        dataSource.transaction(async (manager) => {
          await manager.query(
            `CREATE TEMPORARY TABLE probe (reference text CONSTRAINT probe_reference UNIQUE) ON COMMIT DROP`,
          );
          await manager.query(`INSERT INTO probe VALUES ('OFF-${new Date().getUTCFullYear()}-000000')`);
          return withUniqueReferences(
            manager,
            { prefix: 'OFF', constraint: 'probe_reference', draw: () => 0 },
            ([candidate]) => manager.query(`INSERT INTO probe VALUES ($1)`, [candidate]),
          );
        }),
      ).rejects.toThrow(/probe_reference/);
    });
  });
});
