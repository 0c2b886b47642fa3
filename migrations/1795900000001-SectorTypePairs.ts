import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One GIN key per (sector, kind of assistance) pair of a request or an offer, so "shares a sector and
 * a kind of assistance" is a single index lookup instead of two large bitmaps intersected. Declared
 * IMMUTABLE although the enum-to-text cast is only stable: the labels are names of the public
 * contract, and renaming one would be a migration that also rebuilds these indexes.
 */
export class SectorTypePairs1795900000001 implements MigrationInterface {
  name = 'SectorTypePairs1795900000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION sector_type_pairs(sectors infrastructure_sector[], types assistance_type[]) RETURNS text[]
       LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       AS $$ SELECT coalesce(array_agg(s::text || '/' || t::text), '{}') FROM unnest(sectors) s, unnest(types) t $$`,
    );
    for (const table of ['assistance_offer', 'assistance_request']) {
      await queryRunner.query(
        `CREATE INDEX "${table}_sector_type_pairs" ON "${table}"
         USING GIN (sector_type_pairs(sectors, assistance_types)) WITH (fastupdate = off)`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "assistance_request_sector_type_pairs"`);
    await queryRunner.query(`DROP INDEX "assistance_offer_sector_type_pairs"`);
    await queryRunner.query(`DROP FUNCTION sector_type_pairs(infrastructure_sector[], assistance_type[])`);
  }
}
