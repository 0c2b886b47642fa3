import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PreferredLanguageChosen1796663107615 implements MigrationInterface {
  name = 'PreferredLanguageChosen1796663107615';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "preferred_language" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "preferred_language" DROP DEFAULT`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "app_user" SET "preferred_language" = 'EN' WHERE "preferred_language" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "preferred_language" SET DEFAULT 'EN'`);
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "preferred_language" SET NOT NULL`);
  }
}
