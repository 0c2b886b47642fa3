import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * References and list cursors no longer come from global sequences, whose gaps counted other
 * organizations' hidden requests, offers and matches. Existing rows keep their references (the
 * unique indexes are only renamed); new ones are random. Lists page by (creation time, id), at
 * millisecond precision so a cursor holds a row's exact time.
 */
export class RandomReferences1796012667663 implements MigrationInterface {
  name = 'RandomReferences1796012667663';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER INDEX "IDX_5fde3d1b75f81d564404cc7ed3" RENAME TO "assistance_request_reference"`,
    );
    await queryRunner.query(
      `ALTER INDEX "IDX_0ec0dcee36be98c4bf0e6b10a0" RENAME TO "assistance_offer_reference"`,
    );
    await queryRunner.query(`ALTER INDEX "IDX_25015363da16713ee7c726f78f" RENAME TO "match_reference"`);
    await queryRunner.query(`ALTER TABLE "assistance_request" DROP COLUMN "reference_number"`);
    await queryRunner.query(`ALTER TABLE "assistance_offer" DROP COLUMN "reference_number"`);
    await queryRunner.query(`ALTER TABLE "match" DROP COLUMN "reference_number"`);
    await queryRunner.query(`DROP SEQUENCE "assistance_request_reference_seq"`);
    await queryRunner.query(`DROP SEQUENCE "assistance_offer_reference_seq"`);
    await queryRunner.query(`DROP SEQUENCE "match_reference_seq"`);
    await queryRunner.query(`DROP INDEX "IDX_8a8fb4e97d557cd504a69be765"`);
    await queryRunner.query(
      `ALTER TABLE "assistance_request" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistance_offer" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "match" ALTER COLUMN "proposed_at" TYPE TIMESTAMP(3) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE INDEX "assistance_request_page_order" ON "assistance_request"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "assistance_offer_page_order" ON "assistance_offer"  ("created_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "match_page_order" ON "match"  ("proposed_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "match_page_order"`);
    await queryRunner.query(`DROP INDEX "assistance_offer_page_order"`);
    await queryRunner.query(`DROP INDEX "assistance_request_page_order"`);
    await queryRunner.query(
      `ALTER TABLE "match" ALTER COLUMN "proposed_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistance_offer" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "assistance_request" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8a8fb4e97d557cd504a69be765" ON "match" ("proposed_at") `);
    // Numbers again in creation order, and sequences that continue after them.
    for (const [table, created] of [
      ['assistance_request', 'created_at'],
      ['assistance_offer', 'created_at'],
      ['match', 'proposed_at'],
    ]) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "reference_number" bigint`);
      await queryRunner.query(
        `UPDATE "${table}" t SET reference_number = n.n FROM
           (SELECT id, row_number() OVER (ORDER BY ${created}, id) AS n FROM "${table}") n WHERE n.id = t.id`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "reference_number" SET NOT NULL`);
      await queryRunner.query(
        `CREATE SEQUENCE "${table}_reference_seq" START WITH 1; SELECT setval('"${table}_reference_seq"', GREATEST((SELECT max(reference_number) FROM "${table}"), 1))`,
      );
    }
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f32500743d4b40989719c63be3" ON "assistance_request" ("reference_number")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_913ae784f3af8f5a7dce4048dd" ON "assistance_offer" ("reference_number")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_be0462aa87bf259dd6090a41e3" ON "match" ("reference_number")`,
    );
    await queryRunner.query(`ALTER INDEX "match_reference" RENAME TO "IDX_25015363da16713ee7c726f78f"`);
    await queryRunner.query(
      `ALTER INDEX "assistance_offer_reference" RENAME TO "IDX_0ec0dcee36be98c4bf0e6b10a0"`,
    );
    await queryRunner.query(
      `ALTER INDEX "assistance_request_reference" RENAME TO "IDX_5fde3d1b75f81d564404cc7ed3"`,
    );
  }
}
