import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IatiExport1796662085764 implements MigrationInterface {
  name = 'IatiExport1796662085764';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // States already loaded get their codes and names from the reference data at the next start.
    await queryRunner.query(`ALTER TABLE "member_state" ADD "alpha2" character(2) NOT NULL DEFAULT 'ZZ'`);
    await queryRunner.query(`ALTER TABLE "member_state" ADD "names" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "member_state" ALTER COLUMN "alpha2" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "member_state" ALTER COLUMN "names" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "organization" ADD "iati_identifier" text`);
    await queryRunner.query(
      `CREATE TYPE "public"."publication_consent" AS ENUM('NONE', 'WITHOUT_TEXT', 'WITH_TEXT')`,
    );
    await queryRunner.query(
      `ALTER TABLE "match" ADD "publication_consent" "public"."publication_consent" NOT NULL DEFAULT 'NONE'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organization_iati_identifier" ON "organization"  ("iati_identifier") WHERE iati_identifier IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."organization_iati_identifier"`);
    await queryRunner.query(`ALTER TABLE "match" DROP COLUMN "publication_consent"`);
    await queryRunner.query(`DROP TYPE "public"."publication_consent"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP COLUMN "iati_identifier"`);
    await queryRunner.query(`ALTER TABLE "member_state" DROP COLUMN "names"`);
    await queryRunner.query(`ALTER TABLE "member_state" DROP COLUMN "alpha2"`);
  }
}
